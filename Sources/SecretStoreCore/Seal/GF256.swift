/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), the field Vault's
/// Shamir implementation uses.
///
/// Addition and subtraction are both XOR. Multiplication and inversion touch no tables and take no branch that
/// depends on an operand, because the operands are key bytes: their running time is the same for every input.
package enum GF256 {
    /// The product of `a` and `b`.
    package static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        // Russian-peasant multiplication, eight rounds whatever the operands: masks of all ones or all zeros stand in
        // for "if the low bit of b is set" and "if shifting a carried out of the top bit".
        var a = a
        var b = b
        var product: UInt8 = 0
        for _ in 0..<8 {
            product ^= a & (0 &- (b & 1))
            let carry = 0 &- (a &>> 7)
            // Shifting out x^8 and adding x^4 + x^3 + x + 1 (0x1B) reduces modulo 0x11B.
            a = (a &<< 1) ^ (0x1B & carry)
            b &>>= 1
        }
        return product
    }

    /// The multiplicative inverse of `a`, or 0 for 0.
    package static func inverse(_ a: UInt8) -> UInt8 {
        // The multiplicative group has 255 elements, so a^255 = 1 and a^254 = a^-1; 0^254 = 0. A fixed chain of
        // squarings computes a^254 = a^2 · a^4 · … · a^128 with the same seven multiplications for every input.
        var power = multiply(a, a)
        var result = power
        for _ in 0..<6 {
            power = multiply(power, power)
            result = multiply(result, power)
        }
        return result
    }
}
