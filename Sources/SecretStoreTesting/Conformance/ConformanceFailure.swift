import SecretStoreCore

/// A failed expectation inside the storage conformance suite, reported by the test that ran it.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What was expected and what happened.
    public var message: String
    /// Where the expectation stands.
    public var location: String

    public var description: String { "\(location): \(message)" }
}

/// Throws `ConformanceFailure` unless `condition` holds.
func require(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line
) throws {
    if !condition { throw ConformanceFailure(message: message(), location: "\(file):\(line)") }
}

/// Runs `body` and requires it to throw a `StorageError` with `code`.
func requireStorageError<R>(
    _ code: StorageErrorCode, file: StaticString = #fileID, line: UInt = #line, _ body: () async throws -> R
) async throws {
    do {
        _ = try await body()
    } catch let error as StorageError {
        try require(error.code == code, "expected \(code), got \(error)", file: file, line: line)
        return
    }
    throw ConformanceFailure(message: "expected \(code), but nothing was thrown", location: "\(file):\(line)")
}

/// Deterministic pseudo-random bytes, so a failure names a reproducible value.
public func pattern(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// Waits for the next event of `events`, at most `limit`; `nil` when none came in time. The wait
/// runs in a child task that is cancelled after `limit`: an `AsyncStream` ends then, a durable
/// watch (`ZooKeeperWatchEvents`) can be waited on again.
public func nextEvent<Element: Sendable>(
    _ events: some AsyncSequence<Element, Never> & Sendable, within limit: Duration = .seconds(10)
) async -> Element? {
    await withTaskGroup(of: Element?.self) { group in
        group.addTask {
            for await event in events { return event }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
}
