import SecretStoreCrypto
import X509

/// Serial numbers of issued certificates: 128 random bits, positive, and their decimal form, which
/// is how cfssl's `/certificates` writes them.
public enum CertificateSerial {
    /// A new random serial of 128 bits (the top bit cleared, so the DER INTEGER stays positive in 16
    /// bytes).
    public static func random() throws -> Certificate.SerialNumber {
        var bytes = try SecureRandom.bytes(count: 16)
        bytes[0] &= 0x7F
        if bytes[0] == 0 { bytes[0] = 1 }  // Keep all 16 bytes significant: the serial is 121–128 bits.
        return Certificate.SerialNumber(bytes: bytes)
    }

    /// The serial as an unsigned decimal string (its bytes read as one big-endian number).
    public static func decimal(_ serial: Certificate.SerialNumber) -> String {
        var digits: [UInt8] = []  // Little-endian base-10 digits.
        var number = Array(serial.bytes.drop { $0 == 0 })
        while !number.isEmpty {
            // One long division of the big-endian bytes by 10.
            var remainder = 0
            var quotient: [UInt8] = []
            quotient.reserveCapacity(number.count)
            for byte in number {
                let value = remainder * 256 + Int(byte)
                let digit = value / 10
                remainder = value % 10
                if !(quotient.isEmpty && digit == 0) { quotient.append(UInt8(digit)) }
            }
            digits.append(UInt8(remainder))
            number = quotient
        }
        guard !digits.isEmpty else { return "0" }
        return String(decoding: digits.reversed().map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }
}
