import CGPGME

/// A failed OpenPGP operation: gpgme's error code, kept raw, the gpgme call that failed and a
/// human sentence.
///
/// Never carries key material, passphrases or plaintext, so it is safe to log.
public struct GPGError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong: a `gpg_err_code_t` value, or one of this wrapper's own codes.
    public var code: Code
    /// The gpgme call (or this wrapper's step) that failed, e.g. `gpgme_op_decrypt`.
    public var operation: String
    /// What went wrong, in words: `gpgme_strerror`'s text, sometimes with a hint of our own.
    public var message: String

    /// Creates an error; the message defaults to the code's own text.
    public init(_ code: Code, operation: String, message: String? = nil) {
        self.code = code
        self.operation = operation
        self.message = message ?? code.description
    }

    /// Creates an error from a `gpgme_error_t` as a gpgme call returned it.
    init(gpgme error: gpgme_error_t, operation: String, hint: String? = nil) {
        // The error value packs a source and a code; only the code says what happened.
        let code = Code(rawValue: csgpg_err_code(error).rawValue)
        let text = String(cString: gpgme_strerror(error))
        self.init(code, operation: operation, message: hint.map { "\(text) (\($0))" } ?? text)
    }

    /// Throws unless `error` is success.
    static func check(_ error: gpgme_error_t, _ operation: String, hint: String? = nil) throws(GPGError) {
        // gpgme_error_t is 0 on success, whatever the source bits would say.
        guard error != 0 else { return }
        throw GPGError(gpgme: error, operation: operation, hint: hint)
    }

    /// `operation: message (code)`, safe to log.
    public var description: String {
        "\(operation): \(message) (\(code.rawValue))"
    }
}
