/// Where identity records live in storage, under the store's root:
/// `identity/users/<uid>`, `identity/groups/<gid>`, `identity/acls/<rid>`, `identity/revision` and
/// `identity/token-keys`. Ids are escaped into storage key components: every byte outside
/// `A-Z a-z 0-9 . -` becomes `_` and two upper-case hex digits (`alice@example.com` is stored as
/// `alice_40example.com`, `dcos:superuser` as `dcos_3Asuperuser`). Records carry their own id, so
/// nothing needs to unescape a name.
package enum IdentityRecordKey {
    static let root = StorageKey(validated: ["identity"])
    static let users = StorageKey(validated: ["identity", "users"])
    static let groups = StorageKey(validated: ["identity", "groups"])
    static let acls = StorageKey(validated: ["identity", "acls"])
    /// The journal whose version every identity write checks and bumps.
    static let revision = StorageKey(validated: ["identity", "revision"])
    /// The token signing keys.
    package static let tokenKeys = StorageKey(validated: ["identity", "token-keys"])

    static func user(_ uid: String) -> StorageKey { users.appendingValidated(escape(uid)) }
    static func group(_ gid: String) -> StorageKey { groups.appendingValidated(escape(gid)) }
    static func acl(_ rid: ResourceID) -> StorageKey { acls.appendingValidated(escape(rid.rawValue)) }

    /// Escapes an id into one valid storage key component, reversibly.
    static func escape(_ id: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(id.utf8.count)
        for byte in id.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "-"):
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                escaped +=
                    "_" + String(byte >> 4, radix: 16, uppercase: true)
                    + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        // `.` and `..` are not names a path can hold.
        if escaped == "." || escaped == ".." { return escaped.replacingDots() }
        return escaped
    }
}

extension String {
    fileprivate func replacingDots() -> String { String(repeating: "_2E", count: utf8.count) }
}

extension IdentityRecordKey {
    /// What a record key names.
    enum Record: Hashable {
        case user(String)
        case group(String)
        case acl(ResourceID)
    }

    /// The record a key of `identity/users|groups|acls/<escaped id>` names, or `nil`.
    static func record(at key: StorageKey) -> Record? {
        guard key.components.count == 3, key.components[0] == "identity", let id = unescape(key.components[2])
        else { return nil }
        switch key.components[1] {
        case "users": return .user(id)
        case "groups": return .group(id)
        case "acls": return (try? ResourceID(id)).map(Record.acl)
        default: return nil
        }
    }

    /// Reverses `escape`; `nil` for a name `escape` cannot have produced.
    static func unescape(_ component: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = component.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "_") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
