import SecretStoreCrypto

/// Random printable text from the system's secure generator: decoy passwords, generated passwords.
public enum SecureRandomText {
    /// `byteCount` random bytes as lower-case hex.
    public static func make(byteCount: Int = 24) throws -> String {
        try SecureRandom.bytes(count: byteCount).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
