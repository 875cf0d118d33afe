import Foundation
import Hummingbird
import SecretStoreCore

/// Ids in URL paths. A resource id's `/` arrives double-encoded (`%252F`, as DC/OS clients send
/// it), so path ids are percent-decoded twice: `%252F` → `%2F` → `/`. Valid ids never contain `%`,
/// so decoding twice cannot turn one valid id into another.
enum IdentityPath {
    /// The decoded path parameter `name`; 400 if it does not decode.
    static func id(_ name: String, in context: some RequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        guard let once = raw.removingPercentEncoding, let twice = once.removingPercentEncoding else {
            throw IdentityError(.badRequest, "the \(name) in the path is not valid percent-encoding")
        }
        return twice
    }

    /// What `encode` leaves as it is: ASCII letters and digits, and the other characters ids may hold
    /// except `/`.
    private static let unescaped = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:@*+=,")

    /// An id as it goes into a URL path segment (`/` as `%252F`, the way DC/OS clients expect).
    static func encode(_ id: String) -> String {
        let once = id.addingPercentEncoding(withAllowedCharacters: unescaped) ?? id
        return once.replacingOccurrences(of: "%", with: "%25")
    }
}
