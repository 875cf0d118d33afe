import Testing

@testable import SecretStoreZooKeeper

@Suite("Which writes go out together")
struct ZooKeeperWriteQueueTests {
    /// Submits each write (size 10 unless given, to the znode `/n<write>` unless given) and returns
    /// which were to be sent at once.
    static func submit(
        _ writes: [Int], size: Int = 10, path: String? = nil, to queue: inout ZooKeeperWriteQueue<Int>
    ) -> [Bool] {
        writes.map { queue.submit($0, size: size, paths: [path ?? "/n\($0)"]) }
    }

    @Test func aLoneWriteIsSentAtOnce() {
        var queue = ZooKeeperWriteQueue<Int>(maximumInFlight: 2, packetLimit: 1_000)
        #expect(Self.submit([1], to: &queue) == [true])
        let next = queue.next()
        #expect(next == nil)
        #expect(queue.inFlight == 0)
        #expect(Self.submit([2], to: &queue) == [true])
    }

    @Test func writesWaitOnlyWhileTheInFlightPlacesAreTaken() {
        var queue = ZooKeeperWriteQueue<Int>(maximumInFlight: 2, packetLimit: 1_000)
        #expect(Self.submit([1, 2, 3, 4, 5], to: &queue) == [true, true, false, false, false])
        // One request completes: everything that waited goes out as one batch, oldest first, and
        // the place stays taken by that batch.
        let batch = queue.next()
        #expect(batch == [3, 4, 5])
        #expect(queue.inFlight == 2)
        // A write arriving while places are taken waits even after the queue emptied.
        #expect(Self.submit([6], to: &queue) == [false])
        let rest = [queue.next(), queue.next(), queue.next()]
        #expect(rest == [[6], nil, nil])
        #expect(queue.inFlight == 0)
    }

    @Test func aWriteArrivingBehindWaitingOnesWaitsForTheirTurn() {
        var queue = ZooKeeperWriteQueue<Int>(maximumInFlight: 1, packetLimit: 1_000)
        #expect(Self.submit([1, 2], to: &queue) == [true, false])
        let first = queue.next()
        #expect(first == [2])
        #expect(Self.submit([3], to: &queue) == [false])
        let rest = [queue.next(), queue.next()]
        #expect(rest == [[3], nil])
        #expect(Self.submit([4], to: &queue) == [true])
    }

    @Test func aBatchFitsInOnePacket() {
        let overhead = ZooKeeperRequestSize.packetOverhead
        var queue = ZooKeeperWriteQueue<Int>(maximumInFlight: 1, packetLimit: overhead + 300)
        #expect(Self.submit([0], to: &queue) == [true])
        #expect(Self.submit([1, 2, 3, 4, 5], size: 100, to: &queue) == Array(repeating: false, count: 5))
        let batches = [queue.next(), queue.next(), queue.next()]
        #expect(batches == [[1, 2, 3], [4, 5], nil])
    }

    @Test func aWriteLargerThanAPacketGoesAloneAndTheSessionRefusesIt() {
        var queue = ZooKeeperWriteQueue<Int>(maximumInFlight: 1, packetLimit: 200)
        #expect(Self.submit([0], to: &queue) == [true])
        #expect(Self.submit([1], size: 500, to: &queue) == [false])
        #expect(Self.submit([2], to: &queue) == [false])
        let batches = [queue.next(), queue.next()]
        #expect(batches == [[1], [2]])
    }

    @Test func aBatchHasAtMostMaximumBatchWrites() {
        var queue = ZooKeeperWriteQueue<Int>(maximumInFlight: 1, packetLimit: 1_000_000, maximumBatch: 4)
        #expect(Self.submit([0], size: 1, to: &queue) == [true])
        #expect(!Self.submit(Array(1...200), size: 1, to: &queue).contains(true))
        var sent: [Int] = []
        while let batch = queue.next() {
            #expect(batch.count <= 4)
            sent += batch
        }
        #expect(sent == Array(1...200))
        #expect(queue.inFlight == 0)
    }

    @Test func aBatchTouchesEachZnodeOnceAndTheOthersWaitInOrder() {
        var queue = ZooKeeperWriteQueue<Int>(maximumInFlight: 1, packetLimit: 1_000)
        #expect(Self.submit([0], to: &queue) == [true])
        #expect(Self.submit([1, 2], path: "/hot", to: &queue) == [false, false])
        #expect(Self.submit([3], to: &queue) == [false])
        #expect(queue.submit(4, size: 10, paths: ["/n4", "/hot"]) == false)
        #expect(Self.submit([5], path: "/hot", to: &queue) == [false])
        let batches = [queue.next(), queue.next(), queue.next(), queue.next(), queue.next()]
        #expect(batches == [[1, 3], [2], [4], [5], nil])
    }
}
