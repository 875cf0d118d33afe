import Foundation

extension HTTPBenchmark {
    /// Creates `bench/one-kib` (text) and `bench/one-mib` (binary), which the GET runs read, and reads
    /// both back. False when the server has no secret routes yet (404).
    func createFixtures(_ client: SetupClient) async throws -> Bool {
        let small = try await client.send(
            "PUT", "/secrets/v1/secret/default/bench/one-kib", json: ["value": String(repeating: "k", count: 1024)])
        if small.status == 404 { return false }
        let large = Data((0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let created = try await client.send(
            "PUT", "/secrets/v1/secret/default/bench/one-mib", contentType: "application/octet-stream", body: large)
        guard small.status == 201, created.status == 201 else {
            throw BenchmarkFailure("creating the GET fixtures answered \(small.status) and \(created.status)")
        }
        let readSmall = try await client.send("GET", "/secrets/v1/secret/default/bench/one-kib")
        let readLarge = try await client.send("GET", "/secrets/v1/secret/default/bench/one-mib")
        guard readSmall.status == 200, readLarge.status == 200, readLarge.body == large else {
            throw BenchmarkFailure(
                "reading the GET fixtures back answered \(readSmall.status) and \(readLarge.status)"
                    + " (\(readLarge.body.count) bytes)")
        }
        // What the resolve run asks for: five 1 KiB text secrets in the space of one service.
        for path in Self.resolvedPaths {
            let answer = try await client.send(
                "PUT", "/secrets/v1/secret/default/" + path, json: ["value": String(repeating: "r", count: 1024)])
            guard answer.status == 201 else { throw BenchmarkFailure("creating \(path) answered \(answer.status)") }
        }
        let resolved = try await client.send(
            "POST", "/secrets/v1/resolve/default", json: ["space": Self.resolveSpace, "secrets": Self.resolvedPaths])
        guard resolved.status == 200 else { throw BenchmarkFailure("a resolve call answered \(resolved.status)") }
        return true
    }

    /// The service whose secrets the resolve run asks for.
    static let resolveSpace = "/bench/launch/app"
    /// The five secrets of each resolve call.
    static let resolvedPaths = (0..<5).map { "bench/launch/secret\($0)" }

    /// Creates 1 KiB text secrets under `bench/fill/` until `stored` secrets exist, `connections` at
    /// a time, checks the count with a list, and returns the server's memory then.
    func fill(_ client: SetupClient, server: ServerProcess) async throws -> ResidentMemory? {
        let existing = try await client.secretCount(under: "")
        let missing = stored - existing
        let body = try JSONSerialization.data(withJSONObject: ["value": String(repeating: "f", count: 1024)])
        let start = ContinuousClock.now
        let unexpected = try await client.run(count: max(0, missing), concurrency: connections, expecting: 201) {
            client, index in
            try await client.send(
                "PUT", "/secrets/v1/secret/default/bench/fill/s\(index)", contentType: "application/json", body: body)
        }
        let elapsed = ContinuousClock.now - start
        let count = try await client.secretCount(under: "")
        guard unexpected == 0, count == stored else {
            throw BenchmarkFailure("filling the store: \(unexpected) PUTs did not answer 201; \(count) secrets stored")
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            String(
                format: "stored %d secrets (%d created through HTTP in %.1f s, %.0f/s)", count, missing, seconds,
                Double(missing) / seconds))
        return ResidentMemory(pid: server.pid)
    }
}
