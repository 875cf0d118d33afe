import CZooKeeper

/// The metadata ZooKeeper keeps for a znode.
public struct ZooKeeperStat: Sendable, Hashable {
    /// The data version, incremented by every `set`; what conditional writes compare.
    public var version: Int32
    /// The children version, incremented when a child is created or deleted.
    public var childrenVersion: Int32
    /// The length of the node's data in bytes.
    public var dataLength: Int32
    /// The number of children.
    public var numChildren: Int32
    /// The zxid of the transaction that created the node.
    public var createdZxid: Int64
    /// The zxid of the last data change.
    public var modifiedZxid: Int64
    /// Creation time, milliseconds since the epoch (ZooKeeper server clock).
    public var createdMilliseconds: Int64
    /// Last modification time, milliseconds since the epoch (ZooKeeper server clock).
    public var modifiedMilliseconds: Int64

    init(_ stat: Stat) {
        version = stat.version
        childrenVersion = stat.cversion
        dataLength = stat.dataLength
        numChildren = stat.numChildren
        createdZxid = stat.czxid
        modifiedZxid = stat.mzxid
        createdMilliseconds = stat.ctime
        modifiedMilliseconds = stat.mtime
    }
}
