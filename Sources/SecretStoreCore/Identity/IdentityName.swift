/// The rules for user and group ids (DC/OS's): 1 to 96 characters of letters, digits, `@ . _ -`.
public enum IdentityName {
    /// The longest id accepted.
    public static let maximumLength = 96

    /// Returns `name` if it is a valid user or group id; `.badRequest` naming `kind` otherwise.
    public static func validate(_ name: String, kind: String) throws(IdentityError) -> String {
        guard !name.isEmpty, name.utf8.count <= maximumLength,
            name.utf8.allSatisfy({ byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "@"), UInt8(ascii: "."),
                    UInt8(ascii: "_"), UInt8(ascii: "-"):
                    return true
                default:
                    return false
                }
            })
        else {
            throw IdentityError(
                .badRequest,
                "a \(kind) id must be 1 to \(maximumLength) characters of letters, digits, '@', '.', '_' and '-'")
        }
        return name
    }
}
