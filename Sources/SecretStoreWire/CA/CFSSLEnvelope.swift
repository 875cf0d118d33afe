/// cfssl's envelope around every `/ca/api/v2/*` answer (contract §8):
/// `{"success", "result", "errors": [{"code", "message"}], "messages": []}`. On failure `result` is
/// `null`, `errors[0].code` is the HTTP status and its message starts with the contract's code.
public struct CFSSLEnvelope<Result: Codable & Sendable>: Codable, Sendable {
    /// One entry of `errors` or `messages`.
    public struct Message: Codable, Sendable, Equatable {
        /// The HTTP status (errors), or cfssl's informational code (messages).
        public var code: Int
        /// The text, for errors starting with the contract's code (`"SEALED: the store is sealed"`).
        public var message: String

        /// A message of `code` and `message`.
        public init(code: Int, message: String) {
            self.code = code
            self.message = message
        }
    }

    /// Whether the call succeeded.
    public var success: Bool
    /// The answer; `nil` (JSON `null`) on failure.
    public var result: Result?
    /// Why it failed; empty on success.
    public var errors: [Message]
    /// Informational messages; always empty here.
    public var messages: [Message]

    /// A successful answer holding `result`.
    public init(result: Result) {
        success = true
        self.result = result
        errors = []
        messages = []
    }

    /// A failed answer: HTTP `status`, and `code: message` as the error's text.
    public init(status: Int, code: String, message: String) {
        success = false
        result = nil
        errors = [Message(code: status, message: "\(code): \(message)")]
        messages = []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(success, forKey: .success)
        // cfssl writes `"result": null` rather than leaving the key out.
        if let result {
            try container.encode(result, forKey: .result)
        } else {
            try container.encodeNil(forKey: .result)
        }
        try container.encode(errors, forKey: .errors)
        try container.encode(messages, forKey: .messages)
    }

    private enum CodingKeys: String, CodingKey {
        case success, result, errors, messages
    }
}

/// The envelope of a failed call, whatever the call's result type.
public typealias CFSSLFailure = CFSSLEnvelope<CFSSLNoResult>

/// The result type of a failure envelope: never present.
public struct CFSSLNoResult: Codable, Sendable {}
