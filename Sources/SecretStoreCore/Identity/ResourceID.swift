/// A DC/OS resource id such as `dcos:secrets:default:/db/password` or `dcos:superuser`: what ACLs
/// name and grants are made on. Case-sensitive; compared as bytes.
public struct ResourceID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The id's text.
    public let rawValue: String

    /// The longest id accepted: a longest secret path under the longest secrets prefix, with room.
    public static let maximumLength = 1_200

    /// The resource that, granted with any action, allows everything.
    public static let superuser = ResourceID(validated: "dcos:superuser")

    /// Validates an id: 1 to `maximumLength` characters of `A-Z a-z 0-9 . _ - : / * @ + = ,`.
    public init(_ rawValue: String) throws(IdentityError) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= Self.maximumLength else {
            throw IdentityError(.badRequest, "a resource id must be 1 to \(Self.maximumLength) characters long")
        }
        guard rawValue.utf8.allSatisfy(Self.isAllowed) else {
            throw IdentityError(
                .badRequest, "resource id '\(rawValue)' may only contain letters, digits and . _ - : / * @ + = ,")
        }
        self.rawValue = rawValue
    }

    init(validated rawValue: String) { self.rawValue = rawValue }

    /// The CA's signing calls (`newkey`, `newcert`, `sign`), checked with `full` (contract §8).
    public static let caReadWrite = ResourceID(validated: "dcos:adminrouter:ops:ca:rw")
    /// The CA's read calls (`bundle`, `certificates`), checked with `full`; `caReadWrite` covers it.
    public static let caReadOnly = ResourceID(validated: "dcos:adminrouter:ops:ca:ro")

    /// The resource a secret operation at `path` is checked against: `dcos:secrets:default:/<path>`.
    public static func secret(_ path: String, store: String = "default") -> ResourceID {
        ResourceID(validated: "dcos:secrets:\(store):/\(path)")
    }

    /// The resource a listing of `path` is checked against (`""` is the whole store).
    public static func secretList(_ path: String, store: String = "default") -> ResourceID {
        ResourceID(validated: "dcos:secrets:list:\(store):/\(path)")
    }

    public var description: String { rawValue }

    public static func < (lhs: ResourceID, rhs: ResourceID) -> Bool {
        lhs.rawValue.utf8.lexicographicallyPrecedes(rhs.rawValue.utf8)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.message))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "/"),
            UInt8(ascii: "*"), UInt8(ascii: "@"), UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ","):
            return true
        default:
            return false
        }
    }
}
