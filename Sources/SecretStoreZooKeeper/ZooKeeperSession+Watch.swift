import CZooKeeper

extension ZooKeeperSession {
    /// Reads a node's metadata (`nil` if absent) and sets a one-shot watch that fires when it is
    /// created, deleted or its data changes.
    public func watchExists(
        _ path: String, deadline: ContinuousClock.Instant
    ) async throws -> (stat: ZooKeeperStat?, watch: ZooKeeperWatch) {
        try await withWatch(path, "zoo_awexists", deadline: deadline) { cPath, watcherContext, context in
            zoo_awexists(handle, cPath, nodeWatcher, watcherContext, statCompletion, context)
        }
    }

    /// Lists a node's children and sets a one-shot watch that fires when they change.
    public func watchChildren(
        _ path: String, deadline: ContinuousClock.Instant
    ) async throws -> (children: [String], watch: ZooKeeperWatch) {
        try await withWatch(path, "zoo_awget_children", deadline: deadline) { cPath, watcherContext, context in
            zoo_awget_children(handle, cPath, nodeWatcher, watcherContext, childrenCompletion, context)
        }
    }

    /// Submits a watching request: `submit` gets the path, the watcher context and the completion context.
    private func withWatch<Value: Sendable>(
        _ path: String, _ operation: String, deadline: ContinuousClock.Instant,
        _ submit: (UnsafePointer<CChar>, UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> Int32
    ) async throws -> (Value, ZooKeeperWatch) {
        let registration = WatchRegistration(registry: watches)
        watches.insert(registration)
        // The watcher context is unretained: the registry keeps the registration alive.
        let watcherContext = Unmanaged.passUnretained(registration).toOpaque()
        do {
            let value: Value = try await perform(operation, path: path, deadline: deadline) { context in
                path.withCString { submit($0, watcherContext, context) }
            }
            return (value, ZooKeeperWatch(registration: registration))
        } catch {
            // A failed request registers no watcher (for exists, ZNONODE is a success): the library
            // will never call this context, so it can go. After a deadline the request may still
            // succeed and register it; then the registration stays until it fires or the session ends.
            if let zooKeeperError = error as? ZooKeeperError, zooKeeperError.code != .deadlineExceeded {
                watches.remove(registration)
            }
            throw error
        }
    }
}

/// The watcher of every one-shot watch. Runs on the library's completion thread.
private func nodeWatcher(
    _ handle: OpaquePointer?, _ type: Int32, _ state: Int32, _ path: UnsafePointer<CChar>?,
    _ context: UnsafeMutableRawPointer?
) {
    guard let context else { return }
    let registration = Unmanaged<WatchRegistration>.fromOpaque(context).takeUnretainedValue()
    if type == cszk_event_session() {
        // The library also hands session events to every registered watcher. Only a dead session
        // ends the watch; the context stays registered until the session is closed, because the
        // library may still hold it.
        if ZooKeeperSessionState(cState: state).isTerminal { registration.fire(.sessionLost) }
        return
    }
    // A node event is the watcher's last call: the library has dropped its entry already.
    registration.fire(ZooKeeperWatchTrigger(cType: type))
    registration.registry.remove(registration)
}
