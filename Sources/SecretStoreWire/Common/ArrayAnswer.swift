/// `{"array": [...]}`: how every list of the API is wrapped (secrets, users, groups, ACLs, stores).
public struct ArrayAnswer<Element> {
    /// The elements, in the order the server lists them.
    public var array: [Element]

    /// A list of `array`.
    public init(array: [Element]) {
        self.array = array
    }
}

extension ArrayAnswer: Encodable where Element: Encodable {}
extension ArrayAnswer: Decodable where Element: Decodable {}
extension ArrayAnswer: Sendable where Element: Sendable {}
extension ArrayAnswer: Equatable where Element: Equatable {}
