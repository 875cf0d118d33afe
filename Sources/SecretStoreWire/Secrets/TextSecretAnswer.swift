/// A text secret as `GET /secrets/v1/secret/{store}/{path}` answers it in JSON (contract §2):
/// `{"author", "created", "description", "labels", "value"}`.
///
/// The server writes every field (an absent description as `""`, absent labels as `[]`) through
/// `encodedJSON(author:created:description:labels:value:)`; only `value` is required when a client
/// reads the answer, so that it still reads a server that leaves the metadata out.
public struct TextSecretAnswer: Decodable, Sendable, Equatable {
    /// The uid of the secret's creator.
    public var author: String?
    /// When it was created, RFC 3339 in UTC with milliseconds (`2026-11-24T10:15:30.123Z`).
    public var created: String?
    /// The description.
    public var description: String?
    /// The labels.
    public var labels: [String]?
    /// The value: never print it unasked.
    public var value: String

    /// An answer with these fields.
    public init(
        value: String, author: String? = nil, created: String? = nil, description: String? = nil,
        labels: [String]? = nil
    ) {
        self.value = value
        self.author = author
        self.created = created
        self.description = description
        self.labels = labels
    }
}
