/// The bodies of `POST /secrets/v1/resolve/{store}` (wire contract, section 6), as the CLI sends
/// and reads them.
enum ResolvePayloads {
    /// `{"space": "/group/app", "secrets": ["group/secret", ...]}`.
    struct Request: Encodable {
        /// The service the secrets are for.
        var space: String
        /// The normalised paths, each once.
        var secrets: [String]
    }

    /// `{"secrets": [{"path", "value", "encoding"}]}`: one entry per path, in request order.
    struct Answer: Decodable {
        /// The secrets, values included: never print them.
        var secrets: [ResolvedSecret]
    }

    /// The answer of `?validate=true`: how each path would fare, without values.
    struct Validation: Decodable, Equatable {
        /// Paths that would be delivered.
        var allowed: [String]
        /// Paths outside the space or that the caller may not read.
        var denied: [String]
        /// Paths the caller could receive but that hold no secret.
        var missing: [String]

        /// Whether every path would be delivered.
        var isComplete: Bool { denied.isEmpty && missing.isEmpty }
    }
}
