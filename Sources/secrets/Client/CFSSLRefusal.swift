import Foundation
import SecretStoreWire

/// Why the CA's API refused a call, from cfssl's failure envelope
/// (`{"success": false, "result": null, "errors": [{"code": 403, "message": "FORBIDDEN: ..."}]}`):
/// the HTTP status of `errors[0].code`, and its message split into the contract's code and text.
struct CFSSLRefusal: Equatable {
    /// `errors[0].code`, the HTTP status.
    var status: Int
    /// The contract's code the message starts with (`FORBIDDEN`, `SEALED`), if it has one.
    var code: String?
    /// The rest of the message.
    var message: String

    /// The first error of the failure envelope in `body`; `nil` if `body` is no such envelope.
    init?(body: Data) {
        guard let envelope = try? JSONDecoder().decode(CFSSLFailure.self, from: body), !envelope.success,
            let first = envelope.errors.first
        else { return nil }
        self.init(status: first.code, text: first.message)
    }

    /// A refusal of `status` whose message is `text`, `CODE: message` or a plain message.
    init(status: Int, text: String) {
        self.status = status
        if let colon = text.range(of: ": "), Self.isCode(text[..<colon.lowerBound]) {
            code = String(text[..<colon.lowerBound])
            message = String(text[colon.upperBound...])
        } else {
            message = text
        }
    }

    /// The refusal as the CLI reports a server's error.
    var error: CLIError {
        CLIError(status: status, code: code, message: message, retryAfter: nil)
    }

    /// Whether `text` looks like one of the contract's codes: upper-case letters and `_`.
    private static func isCode(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { ("A"..."Z").contains($0) || $0 == "_" }
    }
}
