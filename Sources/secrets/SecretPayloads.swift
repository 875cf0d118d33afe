/// Request and response bodies of the secrets API (`/secrets/v1/secret`), as the wire contract
/// (section 2) defines them; only the fields the CLI sends or reads.
enum SecretPayloads {
    /// The body that creates or updates a text secret. Absent fields are not sent.
    struct TextBody: Codable {
        var value: String
        var description: String?
        var labels: [String]?
    }

    /// A text secret as `GET` returns it (`author`, `created` are only shown through `-j`).
    struct TextAnswer: Decodable {
        var value: String
    }

    /// The `{"array": [...]}` of a list.
    struct ListAnswer: Decodable {
        var array: [String]
    }
}
