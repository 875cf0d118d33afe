extension JSONValue {
    /// The field `key` of an object; `nil` for a missing field or a value that is no object.
    subscript(key: String) -> JSONValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }

    /// The string, if the value is one.
    var string: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The fields, if the value is an object.
    var object: [String: JSONValue]? {
        guard case .object(let fields) = self else { return nil }
        return fields
    }

    /// The elements, if the value is an array.
    var array: [JSONValue]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }
}
