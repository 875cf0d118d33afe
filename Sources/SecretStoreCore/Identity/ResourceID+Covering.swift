extension ResourceID {
    /// The prefix of resource ids that name secret listings; a list grant covers sub-folders.
    static let listPrefix = "dcos:secrets:list:"

    /// Every granted id that would allow a request on this id, by the contract's rules:
    /// - the id itself;
    /// - `prefix/*` for every `/` in the id except a trailing one (a wildcard covers every path
    ///   strictly below its prefix, at any depth, component-wise);
    /// - for a listing id, every ancestor folder's listing id (`...:/a` covers `...:/a/b`; the
    ///   store root `...:/` covers everything below it);
    /// - for the CA's read-only id, the CA's read-write id (`rw` implies `ro`, contract §8);
    /// - `dcos:superuser`, which covers everything with any action.
    ///
    /// Checking a request is then a handful of dictionary lookups, whatever the number of grants.
    public var coveringGrants: [ResourceID] {
        let bytes = Array(rawValue.utf8)
        var result = [self]
        let isListing = rawValue.hasPrefix(Self.listPrefix)
        var firstSlash: Int?
        for index in bytes.indices where bytes[index] == UInt8(ascii: "/") {
            if index < bytes.count - 1 {
                result.append(ResourceID(validated: String(decoding: bytes[...index], as: UTF8.self) + "*"))
            }
            guard isListing else { continue }
            if firstSlash == nil {
                firstSlash = index
                // The store root keeps its slash (`dcos:secrets:list:default:/`).
                if index < bytes.count - 1 {
                    result.append(ResourceID(validated: String(decoding: bytes[...index], as: UTF8.self)))
                }
            } else if index < bytes.count - 1 {
                result.append(ResourceID(validated: String(decoding: bytes[..<index], as: UTF8.self)))
            }
        }
        if self == .caReadOnly { result.append(.caReadWrite) }
        if self != .superuser { result.append(.superuser) }
        return result
    }
}
