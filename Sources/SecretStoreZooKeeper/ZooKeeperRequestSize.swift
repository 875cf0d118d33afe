/// Conservative sizes of requests on the wire, so that an oversize request is refused before it is
/// sent: the server checks the whole packet against `jute.maxbuffer` and, when it is too large, drops
/// the connection instead of answering with an error.
public enum ZooKeeperRequestSize {
    /// `jute.maxbuffer` at the server's default configuration.
    public static let defaultPacketLimit = 1_048_575

    /// Bytes of framing we add per operation beyond path and data: the server counts 47 for a
    /// create (header, flags, lengths, a one-entry ACL); we round up for the multi header and ACLs.
    static let perOperationOverhead = 128
    /// Bytes of packet framing (length prefix, request header, multi trailer).
    static let packetOverhead = 64

    /// The estimated size of a single create or set request.
    public static func single(path: String, dataCount: Int) -> Int {
        packetOverhead + perOperationOverhead + path.utf8.count + dataCount
    }

    /// The estimated size of a `multi` request with these operations.
    public static func multi(_ operations: [ZooKeeperOperation]) -> Int {
        operations.reduce(packetOverhead) { total, operation in
            switch operation {
            case .create(let path, let data), .set(let path, let data, _):
                return total + perOperationOverhead + path.utf8.count + data.count
            case .delete(let path, _), .check(let path, _):
                return total + perOperationOverhead + path.utf8.count
            }
        }
    }

    /// The largest data that fits in one create or set at `path` under `packetLimit`.
    public static func maximumData(path: String, packetLimit: Int = defaultPacketLimit) -> Int {
        packetLimit - single(path: path, dataCount: 0)
    }
}
