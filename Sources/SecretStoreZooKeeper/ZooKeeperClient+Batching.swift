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
    /// With `batched` false, or when the write is over 64 KiB, it is sent at once on its own: the
    /// steps of a large value's write wait on its chunks in ZooKeeper's pipeline anyway, and queued
    /// behind other requests as well they would slow large writes down.
    ///
    /// Batching never changes an outcome: a write that fails in a batch because of its own
    /// operations fails with the error it would get alone (`ZooKeeperError` for one operation,
    /// `ZooKeeperMultiError` for several). Only a write that was first in its batch is failed this
    /// way; one that failed after other writes is sent again alone, since those writes may have
    /// caused its failure and may not be applied. The writes before the failing one go again as one
    /// `multi`, those after it each alone.
    func write(_ operations: [ZooKeeperOperation], deadline: ContinuousClock.Instant?, batched: Bool = true)
        async throws -> [ZooKeeperStat?]
    {
        let deadline = deadline ?? defaultDeadline()
        let size = ZooKeeperRequestSize.multi(operations) - ZooKeeperRequestSize.packetOverhead
        guard batched, configuration.writesInFlight > 0, size <= Self.largestBatchedWrite else {
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

    /// Sends `batch` (first write: the caller's own), reports to every other write, those a
    /// successful `multi` applied first and those sent again alone when all of those are done, and
    /// returns the caller's outcome.
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
                let failed = pending[position]
                if position == 0 {
                    outcomes[failed] = .failure(
                        Self.ownError(error, operations: batch[failed].operations, offset: offset))
                } else {
                    alone.append(failed)
                }
                // The writes before it passed their checks: they go again as one multi. Those after
                // it were not checked: each goes alone, all at once, so that a batch of doomed
                // writes costs two round trips, not one per write.
                alone += pending[(position + 1)...]
                pending = Array(pending[..<position])
            } catch {
                // The request itself failed (connection loss, deadline): every write shares its fate.
                for index in pending { outcomes[index] = .failure(error) }
                pending = []
            }
        }
        alone += pending
        report(outcomes, to: batch)
        // The common case, a write sent on its own, needs no child task.
        if alone.count == 1 {
            outcomes[alone[0]] = await sendAlone(batch[alone[0]])
        } else {
            let sent = await withTaskGroup(of: (Int, Result<[ZooKeeperStat?], any Error>).self) { group in
                for index in alone { group.addTask { (index, await self.sendAlone(batch[index])) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for (index, outcome) in sent { outcomes[index] = outcome }
        }
        for index in alone where index > 0 {
            if let outcome = outcomes[index] { batch[index].turn.resume(returning: .done(outcome)) }
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

    /// Sends a waiting write as its own request.
    private func sendAlone(_ write: PendingWrite) async -> Result<[ZooKeeperStat?], any Error> {
        do {
            return .success(try await sendAlone(write.operations, deadline: write.deadline))
        } catch {
            return .failure(error)
        }
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
