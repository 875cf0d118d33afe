/// The JSON body that creates (`PUT`) or replaces (`PATCH`) a text secret (contract §2):
/// `{"value"}` with optional `description` and `labels`. Absent fields are not sent; unknown fields
/// (the UI sends `path` and `store_id`) are ignored when read.
public struct TextSecretBody: Codable, Sendable, Equatable {
    /// The secret's value.
    public var value: String
    /// A description, stored and echoed.
    public var description: String?
    /// Labels, stored and echoed.
    public var labels: [String]?

    /// A body for `value` with optional metadata.
    public init(value: String, description: String? = nil, labels: [String]? = nil) {
        self.value = value
        self.description = description
        self.labels = labels
    }
}
