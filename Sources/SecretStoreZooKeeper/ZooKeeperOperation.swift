/// One operation of an atomic `multi`: all of them are applied, or none.
public enum ZooKeeperOperation: Sendable, Hashable {
    /// Create a persistent znode with this data.
    case create(path: String, data: [UInt8])
    /// Replace the data if the version matches (`-1` matches any version).
    case set(path: String, data: [UInt8], version: Int32)
    /// Delete the znode if the version matches (`-1` matches any version) and it has no children.
    case delete(path: String, version: Int32)
    /// Fail the whole `multi` unless the znode exists with this version.
    case check(path: String, version: Int32)

    /// The znode this operation is about.
    public var path: String {
        switch self {
        case .create(let path, _), .set(let path, _, _), .delete(let path, _), .check(let path, _): return path
        }
    }
}

/// What a failed `multi` reports: the first operation that failed and why. Nothing was applied.
public struct ZooKeeperMultiError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The index of the operation that failed.
    public var index: Int
    /// The failing operation's code, e.g. `.badVersion` or `.nodeExists`.
    public var code: ZooKeeperError.Code
    /// The failing operation's path.
    public var path: String

    public var description: String { "zoo_amulti: operation \(index) on \(path) failed: \(code)" }
}
