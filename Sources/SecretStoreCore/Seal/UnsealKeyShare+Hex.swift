import SecretStoreCrypto

extension UnsealKeyShare {
    /// The encoded form as lowercase hex: two digits for `x`, then two for each byte of `y`.
    ///
    /// This is key material; the string cannot be wiped, so show it to the operator and let it go.
    public var hex: String {
        var digits: [UInt8] = []
        digits.reserveCapacity(2 * (1 + y.count))
        defer { SecureMemory.wipe(&digits) }
        // x, then each byte of y, rather than `[x] + y`, which would leave an unwiped copy of y behind.
        for index in -1..<y.count {
            let byte = index < 0 ? x : y[index]
            digits.append(Self.hexDigit(byte &>> 4))
            digits.append(Self.hexDigit(byte & 0x0F))
        }
        return String(decoding: digits, as: UTF8.self)
    }

    /// Parses a share as an operator pastes it: hex digits in either case, with whitespace and newlines around
    /// them ignored.
    ///
    /// - Throws: `SealError` with `.invalidUnsealKey` if what remains is not an even number of hex digits, the `x`
    ///   byte is 0, or no `y` byte follows; the message never repeats the input.
    public init(hex: String) throws {
        var text = Substring(hex)
        while let first = text.first, first.isWhitespace {
            text.removeFirst()
        }
        while let last = text.last, last.isWhitespace {
            text.removeLast()
        }
        var characters = Array(text.utf8)
        defer { SecureMemory.wipe(&characters) }
        guard characters.count.isMultiple(of: 2) else {
            throw SealError(.invalidUnsealKey, "The unseal key share has an odd number of hex digits.")
        }
        var bytes = [UInt8](repeating: 0, count: characters.count / 2)
        defer { SecureMemory.wipe(&bytes) }
        // Decode everything before looking at validity, so the time taken does not say where a bad digit is.
        var valid: UInt8 = 0xFF
        for index in bytes.indices {
            let high = Self.hexValue(characters[2 * index])
            let low = Self.hexValue(characters[2 * index + 1])
            bytes[index] = high.value &<< 4 | low.value
            valid &= high.valid & low.valid
        }
        guard valid == 0xFF else {
            throw SealError(.invalidUnsealKey, "The unseal key share contains a character that is not a hex digit.")
        }
        try self.init(encoded: bytes)
    }

    /// The lowercase ASCII hex digit for a nibble (0…15), without a branch on its value.
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        let nibble = UInt16(nibble)
        // (9 - nibble) wraps to 0xFFxx exactly when nibble > 9; its high byte then adds the 39 that moves '0' + 10
        // (':') to 'a'.
        let letterOffset = ((9 &- nibble) &>> 8) & 39
        return UInt8(truncatingIfNeeded: nibble + 48 + letterOffset)
    }

    /// The value of one ASCII hex digit, with `valid` 0xFF if it is one and 0 if not, without a branch on it.
    private static func hexValue(_ character: UInt8) -> (value: UInt8, valid: UInt8) {
        let character = UInt16(character)
        // '0'…'9' XOR 0x30 is 0…9, and (digit - 10) wraps to 0xFFxx exactly for those.
        let digit = character ^ 0x30
        let isDigit = (digit &- 10) &>> 8
        // Clearing bit 5 folds 'a'…'f' onto 'A'…'F', and minus 55 maps those to 10…15. For exactly those values
        // (letter - 10) has a zero high byte and (letter - 16) has 0xFF.
        let letter = (character & ~0x20) &- 55
        let isLetter = ((letter &- 10) ^ (letter &- 16)) &>> 8
        let value = (isDigit & digit) | (isLetter & letter)
        return (UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: isDigit | isLetter))
    }
}
