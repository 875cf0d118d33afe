import CZooKeeper

#if canImport(Glibc)
    import Glibc
#endif

/// The memory a `multi` completion writes into: the library fills `results` and the `set`
/// operations' `stats` when the answer arrives, so both must outlive the call; they are freed after
/// the completion has run.
final class MultiResults: @unchecked Sendable {
    // Written only by the library's completion thread before `completion` is resumed and read in
    // that same callback, which is why @unchecked Sendable is safe.
    let results: UnsafeMutablePointer<zoo_op_result_t>
    let stats: UnsafeMutablePointer<Stat>
    let operations: [ZooKeeperOperation]
    let completion: Completion<[ZooKeeperStat?]>

    init(operations: [ZooKeeperOperation], completion: Completion<[ZooKeeperStat?]>) {
        self.operations = operations
        self.completion = completion
        results = .allocate(capacity: operations.count)
        results.initialize(repeating: zoo_op_result_t(), count: operations.count)
        stats = .allocate(capacity: operations.count)
        stats.initialize(repeating: Stat(), count: operations.count)
    }

    deinit {
        results.deallocate()
        stats.deallocate()
    }

    /// Resumes the caller: the new metadata of every `set` (`nil` for the other operations), the
    /// first failing operation, or the request's own error.
    func complete(rc: Int32) {
        guard rc != ZOK.rawValue else {
            return completion.succeed(
                operations.indices.map { index in
                    guard case .set = operations[index] else { return nil }
                    return ZooKeeperStat(stats[index])
                })
        }
        let paths = operations.map(\.path)
        for index in paths.indices {
            let code = results[index].err
            // Operations after the failing one report ZRUNTIMEINCONSISTENCY; those before, ZOK.
            if code != ZOK.rawValue && code != ZRUNTIMEINCONSISTENCY.rawValue {
                let error = ZooKeeperMultiError(
                    index: index, code: ZooKeeperError.Code(rawValue: code), path: paths[index])
                return completion.fail(any: error)
            }
        }
        completion.fail(code: rc)
    }
}

extension ZooKeeperSession {
    /// Applies every operation or none, in one request, and returns the new metadata of each `set`
    /// (`nil` for the other operations). Throws `ZooKeeperMultiError` naming the first operation
    /// that failed, or `ZooKeeperError` when the request itself failed (after connection loss it may
    /// or may not have been applied).
    @discardableResult
    public func multi(
        _ operations: [ZooKeeperOperation], deadline: ContinuousClock.Instant
    ) async throws -> [ZooKeeperStat?] {
        guard !operations.isEmpty else { return [] }
        try checkSize(ZooKeeperRequestSize.multi(operations), operation: "zoo_amulti", path: operations[0].path)
        let acl = cACL
        return try await perform("zoo_amulti", path: operations[0].path, deadline: deadline) { context in
            // `perform` retained the Completion for this call; the results box takes that reference
            // over (it holds the Completion strongly), so it is released once the box is retained.
            let completion = Unmanaged<Completion<[ZooKeeperStat?]>>.fromOpaque(context).takeRetainedValue()
            let box = MultiResults(operations: operations, completion: completion)
            let opaque = Unmanaged.passRetained(box).toOpaque()
            let rc = submitMulti(handle, operations, acl: acl, results: box.results, stats: box.stats, data: opaque)
            if rc != ZOK.rawValue {
                // The completion will never run: drop its box, and give `perform` back the
                // reference it releases on a failed submission.
                Unmanaged<MultiResults>.fromOpaque(opaque).release()
                _ = Unmanaged.passRetained(completion)
            }
            return rc
        }
    }
}

/// Builds the C operations and calls `zoo_amulti`. The library serialises paths and data before it
/// returns, so they need to live only for this call.
private func submitMulti(
    _ handle: OpaquePointer, _ operations: [ZooKeeperOperation], acl: UnsafePointer<ACL_vector>,
    results: UnsafeMutablePointer<zoo_op_result_t>, stats: UnsafeMutablePointer<Stat>, data: UnsafeMutableRawPointer
) -> Int32 {
    // The 3.8 client's zoo_amulti frees an earlier operation's path when a later one fails its
    // checks (its request struct is reused without being cleared): with a session already expired,
    // a multi of two operations would free our first path, and our cleanup would free it again.
    // So nothing is submitted on a dead handle (the caller retries on a new session), and after a
    // failed submission the paths are left to the library rather than freed twice.
    let state = zoo_state(handle)
    guard state != cszk_state_expired(), state != cszk_state_auth_failed() else { return ZINVALIDSTATE.rawValue }
    let paths = operations.map { strdup($0.path)! }
    // Copies of the payloads the C operations point into until zoo_amulti returns.
    let payloads: [UnsafeMutableRawBufferPointer] = operations.map { operation in
        switch operation {
        case .create(_, let bytes), .set(_, let bytes, _):
            // At least one byte, so that even empty data has a real pointer to hand the library.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            buffer.copyBytes(from: bytes)
            return buffer
        default:
            return UnsafeMutableRawBufferPointer.allocate(byteCount: 1, alignment: 1)
        }
    }
    defer { for payload in payloads { payload.deallocate() } }
    var cOperations = [zoo_op_t](repeating: zoo_op_t(), count: operations.count)
    for (index, operation) in operations.enumerated() {
        let bytes = payloads[index].baseAddress!.assumingMemoryBound(to: CChar.self)
        switch operation {
        case .create(_, let value):
            // A null path buffer: we do not need the created name back.
            zoo_create_op_init(
                &cOperations[index], paths[index], bytes, Int32(value.count), acl, cszk_persistent(), nil, 0)
        case .set(_, let value, let version):
            // The library copies the new metadata into `stats + index` when the answer arrives.
            zoo_set_op_init(&cOperations[index], paths[index], bytes, Int32(value.count), version, stats + index)
        case .delete(_, let version):
            zoo_delete_op_init(&cOperations[index], paths[index], version)
        case .check(_, let version):
            zoo_check_op_init(&cOperations[index], paths[index], version)
        }
    }
    let rc = zoo_amulti(
        handle, Int32(operations.count), cOperations, results,
        { rc, data in
            Unmanaged<MultiResults>.fromOpaque(data!).takeRetainedValue().complete(rc: rc)
        }, data)
    // On success the library has serialised and let go of every path. On failure it may have
    // freed one of them already (see above): a few bytes leak rather than a double free.
    if rc == ZOK.rawValue { for path in paths { free(path) } }
    return rc
}
