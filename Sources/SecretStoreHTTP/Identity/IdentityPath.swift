import Foundation
import Hummingbird
import SecretStoreCore

/// Ids in URL paths. A resource id's `/` arrives double-encoded (`%252F`, as DC/OS clients send
/// it), so path ids are percent-decoded twice: `%252F` → `%2F` → `/`. Valid ids never contain `%`,
/// so decoding twice cannot turn one valid id into another. Encoding for answers' URLs is the wire
/// module's `IdentityAPIPath.segment(_:)`.
enum IdentityPath {
    /// The decoded path parameter `name`; 400 if it does not decode.
    static func id(_ name: String, in context: some RequestContext) throws -> String {
        let raw = try context.parameters.require(name)
        guard let once = raw.removingPercentEncoding, let twice = once.removingPercentEncoding else {
            throw IdentityError(.badRequest, "the \(name) in the path is not valid percent-encoding")
        }
        return twice
    }
}
