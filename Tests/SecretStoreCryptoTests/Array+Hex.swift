extension [UInt8] {
    /// Parses a hex string such as `"cafe babe"`; spaces are ignored. Traps on malformed input: test data only.
    init(hex: String) {
        let digits = hex.filter { $0 != " " }.map { character -> UInt8 in
            guard let value = character.hexDigitValue else {
                preconditionFailure("not a hex digit: \(character)")
            }
            return UInt8(value)
        }
        precondition(digits.count.isMultiple(of: 2), "odd number of hex digits")
        self = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    /// The bytes as lowercase hex, for readable expectation failures.
    var hex: String {
        map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
