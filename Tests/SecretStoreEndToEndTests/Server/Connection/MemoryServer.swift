import SecretStoreTesting

/// A `secret-store` with in-memory storage in custom unseal mode: no ZooKeeper, no key generation,
/// so it starts in a moment; for tests of the HTTP layer alone.
enum MemoryServer {
    /// Starts one with `arguments`, runs `body`, and stops it whatever happens.
    static func with(
        arguments: [String] = [], descriptorSoftLimit: Int? = nil,
        _ body: (SecretStoreServerProcess) async throws -> Void
    ) async throws {
        let server = try await SecretStoreServerProcess.start(
            arguments: ["--storage", "memory", "--unseal-mode", "custom"] + arguments,
            descriptorSoftLimit: descriptorSoftLimit)
        let result = await Result(catching: { try await body(server) })
        await server.terminate()
        server.removeDirectory()
        try result.get()
    }
}

extension Result where Failure == any Error {
    /// The outcome of `body`, caught.
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
