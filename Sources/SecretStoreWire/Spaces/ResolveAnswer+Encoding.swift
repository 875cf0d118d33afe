extension ResolveAnswer {
    /// The answer's JSON, written byte by byte: `{"secrets":[{"encoding","path","value"}]}` with
    /// sorted keys, as `JSONEncoder` would write it. `JSONEncoder` was a tenth of a resolve of five
    /// 1 KiB secrets (`scripts/benchmark.sh instructions`).
    public var encodedJSON: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(secrets.reduce(16) { $0 + $1.value.utf8.count + $1.path.utf8.count + 48 })
        bytes += #"{"secrets":["#.utf8
        for (index, secret) in secrets.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += #"{"encoding":"#.utf8
            JSONStringLiteral.append(secret.encoding.utf8, to: &bytes)
            bytes += #","path":"#.utf8
            JSONStringLiteral.append(secret.path.utf8, to: &bytes)
            bytes += #","value":"#.utf8
            JSONStringLiteral.append(secret.value.utf8, to: &bytes)
            bytes.append(UInt8(ascii: "}"))
        }
        bytes += "]}".utf8
        return bytes
    }
}
