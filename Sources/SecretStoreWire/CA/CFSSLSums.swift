/// The `sums` of a cfssl answer: per object, its MD5 and SHA-1 as upper-case hex.
public struct CFSSLSums: Codable, Sendable, Equatable {
    /// MD5 of the DER bytes.
    public var md5: String
    /// SHA-1 of the DER bytes.
    public var sha1: String

    /// Sums of one object.
    public init(md5: String, sha1: String) {
        self.md5 = md5
        self.sha1 = sha1
    }

    private enum CodingKeys: String, CodingKey {
        case md5
        case sha1 = "sha-1"
    }
}
