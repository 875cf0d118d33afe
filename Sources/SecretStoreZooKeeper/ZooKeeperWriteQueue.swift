/// Which writes go to ZooKeeper now and which wait to be sent together: the state of write
/// batching, held in a `Mutex` by the client.
///
/// A write is sent at once while fewer than `maximumInFlight` write requests are outstanding and
/// nothing waits, so a lightly loaded client adds no latency. Otherwise it waits; when an
/// outstanding request completes, the writes that waited meanwhile go out as one `multi`, as many
/// as fit in one packet. Under load, batches grow on their own: one request per ZooKeeper round
/// trip carries every write that arrived during it.
///
/// A batch touches each znode once: a write to a znode an earlier write of the batch touches waits
/// for the next batch. Racing writers of one secret then cannot fail a batch one after the other
/// (each failure costs the batch a round trip); they meet ZooKeeper's version check one per batch.
struct ZooKeeperWriteQueue<Write> {
    /// How many write requests may be outstanding at once.
    let maximumInFlight: Int
    /// The largest request the servers accept (`jute.maxbuffer`).
    let packetLimit: Int
    /// The most writes one batch carries.
    let maximumBatch: Int
    /// Write requests sent and not yet completed.
    private(set) var inFlight = 0
    /// A write waiting for a request, with its size in a `multi` and the znodes it touches.
    private struct Entry {
        var write: Write
        var size: Int
        var paths: [String]
    }

    /// Writes waiting for a request, oldest first.
    private var waiting: [Entry] = []

    init(maximumInFlight: Int, packetLimit: Int, maximumBatch: Int = 64) {
        self.maximumInFlight = maximumInFlight
        self.packetLimit = packetLimit
        self.maximumBatch = maximumBatch
    }

    /// Takes a write whose operations take `size` bytes in a `multi` and touch `paths`. Returns
    /// `true` when the caller sends it now (it then holds one of the in-flight places until it calls
    /// `next()`), `false` when it waits for a batch.
    mutating func submit(_ write: Write, size: Int, paths: [String]) -> Bool {
        if inFlight < maximumInFlight && waiting.isEmpty {
            inFlight += 1
            return true
        }
        waiting.append(Entry(write: write, size: size, paths: paths))
        return false
    }

    /// Called by the sender of a request when it has completed: the next batch, oldest first, whose
    /// first write's task sends it (keeping the in-flight place), or `nil` when nothing waits (the
    /// place is given back).
    mutating func next() -> [Write]? {
        guard !waiting.isEmpty else {
            inFlight -= 1
            return nil
        }
        var batch: [Write] = []
        var size = ZooKeeperRequestSize.packetOverhead
        var touched = Set<String>()
        var left: [Entry] = []
        for (index, entry) in waiting.enumerated() {
            // The first write always goes, even alone over the limit: the session refuses it then.
            guard batch.count < maximumBatch, batch.isEmpty || size + entry.size <= packetLimit else {
                // Full: the rest waits, in order.
                left += waiting[index...]
                break
            }
            guard entry.paths.allSatisfy({ !touched.contains($0) }) else {
                left.append(entry)
                continue
            }
            touched.formUnion(entry.paths)
            batch.append(entry.write)
            size += entry.size
        }
        waiting = left
        return batch
    }
}
