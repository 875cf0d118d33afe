import ArgumentParser
import Foundation

/// The path of a secret, as the secrets API names it: components of `[A-Za-z0-9_-]`, 1–255 bytes
/// each, at most 1,024 bytes in all, joined by `/`. Written as the server normalises it: leading,
/// trailing and repeated `/` dropped, percent-escapes (`%2F`) decoded.
struct SecretPath: CustomStringConvertible {
    /// The components, outermost first.
    let components: [String]

    /// `a/b/c`, without a leading `/`.
    var description: String { components.joined(separator: "/") }

    /// Parses a path as users write it (`/myapp/db/password`, `myapp%2Fdb%2Fpassword`); throws a
    /// `ValidationError`, which ArgumentParser reports as a usage error.
    init(_ text: String) throws {
        let decoded = text.removingPercentEncoding ?? text
        let components = decoded.split(separator: "/").map(String.init)
        guard !components.isEmpty else { throw ValidationError("the secret path '\(text)' is empty") }
        for component in components where !Self.isValidComponent(component) {
            throw ValidationError(
                "invalid secret path '\(text)': each component is 1 to 255 of A-Z, a-z, 0-9, _ and -")
        }
        guard components.joined(separator: "/").utf8.count <= 1024 else {
            throw ValidationError("invalid secret path: longer than 1024 bytes")
        }
        self.components = components
    }

    /// Whether `component` may be one component of a path (also the rule for a store id).
    static func isValidComponent(_ component: String) -> Bool {
        (1...255).contains(component.utf8.count)
            && component.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            }
    }
}
