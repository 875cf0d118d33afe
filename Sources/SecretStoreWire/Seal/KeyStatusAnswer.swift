/// `GET /secrets/v1/key-status/{store}` (contract §3): `{"term","install_time","encryptions"}`.
public struct KeyStatusAnswer: Codable, Sendable, Equatable {
    /// The current data-key term.
    public var term: UInt32
    /// When that term was installed, ISO 8601.
    public var installTime: String
    /// How many encryptions the term has made.
    public var encryptions: UInt64

    private enum CodingKeys: String, CodingKey {
        case term, encryptions
        case installTime = "install_time"
    }

    /// A status with these fields.
    public init(term: UInt32, installTime: String, encryptions: UInt64) {
        self.term = term
        self.installTime = installTime
        self.encryptions = encryptions
    }
}
