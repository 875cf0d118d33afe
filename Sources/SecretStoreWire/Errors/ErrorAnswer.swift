/// The body of every 4xx and 5xx answer (contract §1): `{"code": "UPPER_SNAKE_CODE", "message":
/// "human sentence"}`, with `paths` when the error is about several secrets (resolve's refusals).
///
/// The server always sends `code` and `message`; they are optional so that a client still reads
/// whatever part of an error body another server sends.
public struct ErrorAnswer: Codable, Sendable, Equatable {
    /// The stable code, e.g. `NOT_FOUND`.
    public var code: String?
    /// A human sentence.
    public var message: String?
    /// Every offending path, when the error names several; absent otherwise.
    public var paths: [String]?

    /// An error body; `paths` is left out of the JSON when nil.
    public init(code: String?, message: String?, paths: [String]? = nil) {
        self.code = code
        self.message = message
        self.paths = paths
    }
}
