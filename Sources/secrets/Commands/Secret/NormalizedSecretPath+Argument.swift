import ArgumentParser
import SecretStoreWire

extension NormalizedSecretPath {
    /// Parses a secret path as users write it (`/myapp/db/password`, `myapp%2Fdb%2Fpassword`) by the
    /// server's own rule; throws a `ValidationError`, which ArgumentParser reports as a usage error.
    /// The whole store (an empty path) names no secret.
    static func argument(_ text: String) throws -> NormalizedSecretPath {
        let path: NormalizedSecretPath
        do {
            path = try NormalizedSecretPath(normalizing: text)
        } catch let violation where violation.kind == .tooLong {
            throw ValidationError("invalid secret path: longer than \(maximumLength) bytes")
        } catch {
            throw ValidationError(
                "invalid secret path '\(text)': each component is 1 to 255 of A-Z, a-z, 0-9, _ and -")
        }
        guard !path.isRoot else { throw ValidationError("the secret path '\(text)' is empty") }
        return path
    }
}
