extension NormalizedSecretPath {
    /// Normalises a path as it arrives in a URL, still percent-encoded: percent-decodes it once
    /// (`%2F` is `/`; `%25` is a `%`, which is then an invalid character), collapses repeated `/`,
    /// strips leading and trailing `/`, then validates the components. An empty result is the
    /// whole store, which only listing accepts (see `secret(_:)`).
    public init(normalizing raw: String) throws(SecretPathViolation) {
        let decoded = try Self.percentDecoded(raw.utf8)
        var components: [String] = []
        var joinedLength = -1
        for slice in decoded.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            joinedLength += slice.count + 1
            // Checked per slice so that a huge path stops early; the bytes may not be UTF-8 yet.
            guard joinedLength <= Self.maximumLength else { throw Self.tooLong }
            // Invalid UTF-8 becomes U+FFFD here, which `validate` then refuses like any non-ASCII.
            let component = String(decoding: slice, as: UTF8.self)
            try Self.validate(component: component)
            components.append(component)
        }
        self.init(validated: components)
    }

    /// The bytes of `raw` with every `%XX` replaced by its byte. A `%` not followed by two hex
    /// digits is a violation.
    static func percentDecoded(_ raw: some Collection<UInt8>) throws(SecretPathViolation) -> [UInt8] {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index != raw.endIndex {
            let byte = raw[index]
            index = raw.index(after: index)
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                continue
            }
            guard index != raw.endIndex, let high = hexValue(raw[index]) else { throw malformedEscape }
            index = raw.index(after: index)
            guard index != raw.endIndex, let low = hexValue(raw[index]) else { throw malformedEscape }
            index = raw.index(after: index)
            decoded.append(high << 4 | low)
        }
        return decoded
    }

    private static var malformedEscape: SecretPathViolation {
        SecretPathViolation(.malformedEscape, "the path has a malformed percent escape")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
