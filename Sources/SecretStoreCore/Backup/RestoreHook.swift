/// A `RestoreDependent` made of a closure, for parts that reload from storage they are handed
/// (`RestoreHook { try await hasher.load(from: storage) }`).
public struct RestoreHook: RestoreDependent {
    private let reload: @Sendable () async throws -> Void

    /// A dependent that runs `reload` after every restore.
    public init(_ reload: @escaping @Sendable () async throws -> Void) {
        self.reload = reload
    }

    /// Runs the closure.
    public func storeWasRestored() async throws {
        try await reload()
    }
}
