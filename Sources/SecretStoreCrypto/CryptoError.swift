/// An error from `SecretStoreCrypto`.
///
/// It carries a stable `code` to branch on, the name of the call that failed, and whatever OpenSSL put in its error
/// queue. It never carries key or plaintext bytes: `detail` holds only sizes and similar public facts.
public struct CryptoError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is; stable across releases, so callers may map it to a response.
    public let code: Code

    /// The OpenSSL function (or, for a validation failure, the Swift API) that failed.
    public let operation: String

    /// Public facts about the failure, such as an expected and an actual size; empty when there are none.
    public let detail: String

    /// Every entry OpenSSL had queued on this thread when the failure was seen, oldest first, as
    /// `ERR_error_string_n` renders them; empty when the failure did not come from OpenSSL.
    public let openSSLErrors: [String]

    /// Creates an error; use `CryptoError.openSSL(_:code:)` instead after a failed OpenSSL call.
    package init(code: Code, operation: String, detail: String = "", openSSLErrors: [String] = []) {
        self.code = code
        self.operation = operation
        self.detail = detail
        self.openSSLErrors = openSSLErrors
    }

    /// A one-line account of the failure, safe to log.
    public var description: String {
        var text = "CryptoError(\(code.rawValue)) in \(operation)"
        if !detail.isEmpty {
            text += ": \(detail)"
        }
        if !openSSLErrors.isEmpty {
            text += " [\(openSSLErrors.joined(separator: "; "))]"
        }
        return text
    }
}
