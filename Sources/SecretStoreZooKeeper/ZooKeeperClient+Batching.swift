/// A write waiting in the client's `ZooKeeperWriteQueue`: its operations (applied all or none),
/// its deadline, and how its task learns what to do next.
struct PendingWrite: Sendable {
    let operations: [ZooKeeperOperation]
    let deadline: ContinuousClock.Instant
    let turn: CheckedContinuation<WriteTurn, Never>
}

/// What a waiting write's task is told.
enum WriteTurn: Sendable {
    /// Another task sent the write: here is its outcome.
    case done(Result<[ZooKeeperStat?], any Error>)
    /// Send this batch, which starts with the write itself, and report to the others.
    case lead([PendingWrite])
}

extension ZooKeeperClient {
    /// Writes larger than this are sent on their own at once: they would fill a batch alone, and the
    /// chunks of a large value go out in parallel.
    static let largestBatchedWrite = 64 * 1024

    /// Applies `operations` all or none, sent alone or together with other writes in one `multi`
    /// (see `ZooKeeperWriteQueue`). Returns the new metadata of each `set`, `nil` for the others.
    ///
    /// Batching never changes an outcome: a write that fails in a batch because of its own
    /// operations fails with the error it would get alone (`ZooKeeperError` for one operation,
    /// `ZooKeeperMultiError` for several), and the others are sent again without it. Only a write
    /// that was first in its batch is failed this way; one that failed after other writes is sent
    /// again alone, since those writes may have caused its failure and may not be applied.
    func write(_ operations: [ZooKeeperOperation], deadline: ContinuousClock.Instant?) async throws
        -> [ZooKeeperStat?]
    {
        let deadline = deadline ?? defaultDeadline()
        let size = ZooKeeperRequestSize.multi(operations) - ZooKeeperRequestSize.packetOverhead
        guard configuration.writesInFlight > 0, size <= Self.largestBatchedWrite else {
            return try await sendAlone(operations, deadline: deadline)
        }
        let turn = await withCheckedContinuation { (turn: CheckedContinuation<WriteTurn, Never>) in
            let write = PendingWrite(operations: operations, deadline: deadline, turn: turn)
            if writeQueue.withLock({ $0.submit(write, size: size, paths: operations.map(\.path)) }) {
                turn.resume(returning: .lead([write]))
            }
        }
        switch turn {
        case .done(let outcome):
            return try outcome.get()
        case .lead(let batch):
            let outcome = await send(batch)
            // Hand the in-flight place to the writes that queued meanwhile.
            if let next = writeQueue.withLock({ $0.next() }) { next[0].turn.resume(returning: .lead(next)) }
            return try outcome.get()
        }
    }

    /// Sends `batch` (first write: the caller's own), reports to every other write as soon as its
    /// outcome is known, and returns the caller's outcome.
    private func send(_ batch: [PendingWrite]) async -> Result<[ZooKeeperStat?], any Error> {
        var outcomes = [Result<[ZooKeeperStat?], any Error>?](repeating: nil, count: batch.count)
        var pending = Array(batch.indices)
        var alone: [Int] = []
        while pending.count > 1 {
            let operations = pending.flatMap { batch[$0].operations }
            let deadline = pending.map { batch[$0].deadline }.min() ?? defaultDeadline()
            do {
                let stats = try await withSession(deadline: deadline) { try await $0.multi(operations, deadline: $1) }
                writesBatched.add(pending.count, ordering: .relaxed)
                var offset = 0
                for index in pending {
                    let count = batch[index].operations.count
                    outcomes[index] = .success(Array(stats[offset..<offset + count]))
                    offset += count
                }
                pending = []
            } catch let error as ZooKeeperMultiError {
                // Find the write that holds the failing operation.
                var position = 0
                var offset = 0
                while position < pending.count - 1, offset + batch[pending[position]].operations.count <= error.index {
                    offset += batch[pending[position]].operations.count
                    position += 1
                }
                let failed = pending.remove(at: position)
                if position == 0 {
                    outcomes[failed] = .failure(
                        Self.ownError(error, operations: batch[failed].operations, offset: offset))
                } else {
                    alone.append(failed)
                }
            } catch {
                // The request itself failed (connection loss, deadline): every write shares its fate.
                for index in pending { outcomes[index] = .failure(error) }
                pending = []
            }
        }
        alone += pending
        report(outcomes, to: batch)
        for index in alone {
            let outcome: Result<[ZooKeeperStat?], any Error>
            do {
                outcome = .success(try await sendAlone(batch[index].operations, deadline: batch[index].deadline))
            } catch {
                outcome = .failure(error)
            }
            outcomes[index] = outcome
            if index > 0 { batch[index].turn.resume(returning: .done(outcome)) }
        }
        return outcomes[0] ?? .failure(ZooKeeperError(.systemError, operation: "zoo_amulti"))
    }

    /// Resumes every other write of `batch` whose outcome is known.
    private func report(_ outcomes: [Result<[ZooKeeperStat?], any Error>?], to batch: [PendingWrite]) {
        for index in batch.indices.dropFirst() {
            if let outcome = outcomes[index] { batch[index].turn.resume(returning: .done(outcome)) }
        }
    }

    /// The error a write would have got alone, from the batch's failure at one of its operations.
    private static func ownError(_ error: ZooKeeperMultiError, operations: [ZooKeeperOperation], offset: Int)
        -> any Error
    {
        let index = error.index - offset
        guard operations.count == 1 else {
            return ZooKeeperMultiError(index: index, code: error.code, path: error.path)
        }
        return ZooKeeperError(error.code, operation: operations[0].functionName, path: error.path)
    }

    /// Sends one write as its own request: a plain create, set or delete for a single operation, a
    /// `multi` otherwise.
    private func sendAlone(_ operations: [ZooKeeperOperation], deadline: ContinuousClock.Instant) async throws
        -> [ZooKeeperStat?]
    {
        try await withSession(deadline: deadline) { session, deadline in
            switch operations.count == 1 ? operations[0] : nil {
            case .create(let path, let data)?:
                try await session.create(path, data: data, deadline: deadline)
                return [nil]
            case .set(let path, let data, let version)?:
                return [try await session.set(path, data: data, version: version, deadline: deadline)]
            case .delete(let path, let version)?:
                try await session.delete(path, version: version, deadline: deadline)
                return [nil]
            default:
                return try await session.multi(operations, deadline: deadline)
            }
        }
    }
}

extension ZooKeeperOperation {
    /// The C client's function for this operation on its own, as errors name it.
    var functionName: String {
        switch self {
        case .create: "zoo_acreate"
        case .set: "zoo_aset"
        case .delete: "zoo_adelete"
        case .check: "zoo_amulti"
        }
    }
}
