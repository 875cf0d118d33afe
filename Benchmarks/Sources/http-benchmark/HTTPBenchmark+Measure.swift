import CRawZooKeeperBenchmark
import Foundation

extension HTTPBenchmark {
    /// The measured part: logs in, creates the secrets the GET runs read, fills the store to
    /// `stored` secrets and reads the server's memory, then runs each operation over HTTP and on the
    /// raw client one after the other (the 1 MiB ones with `largeRuns`' connections; with a peer,
    /// its runs and then alternating rounds of both PUTs), and prints the table. Throws after
    /// printing when any run had failed responses.
    func measure(
        _ server: ServerProcess, password: String, wrk: Wrk, raw: RawZooKeeper,
        largeRuns: (wrk: Wrk, raw: RawZooKeeper),
        etcd: EtcdProcess?, storeRoot: String
    ) async throws {
        var client = SetupClient(baseURL: server.baseURL, connections: connections)
        client.token = try await client.login(uid: Self.uid, password: password)
        try await client.waitUntilUnsealed(within: .seconds(60))
        let atStart = ResidentMemory(pid: server.pid)
        // The ZooKeeper server's JVM is still cold: an unmeasured raw run warms it up.
        _ = try await raw.run(RAW_CREATE, folder: "warm-up", size: 1024, count: min(rawCount, 10_000))
        _ = try await raw.run(RAW_GET, folder: "warm-up", size: 1024, count: min(rawCount, 10_000))
        let hasSecrets = try await createFixtures(client)
        let atStored = hasSecrets ? try await fill(client, server: server) : nil
        let base = server.baseURL
        let token = client.token ?? ""

        func http(_ name: String, _ file: String, _ path: String, _ script: String, wrk: Wrk) async throws -> Figure {
            progress(name, try await wrk.run(file, url: base + path, script: script), server: server)
        }
        func secrets(_ name: String, _ file: String, _ path: String, _ script: String, oneMebibyte: Bool = false)
            async throws -> Figure?
        {
            hasSecrets ? try await http(name, file, path, script, wrk: oneMebibyte ? largeRuns.wrk : wrk) : nil
        }
        func rawZooKeeper(_ name: String, _ operation: raw_operation, _ folder: String, size: Int) async throws
            -> Figure
        {
            // One znode cannot hold 1 MiB at ZooKeeper's default jute.maxbuffer: for 1 MiB the raw
            // client writes two 512 KiB znodes in flight together, where the server writes a chunk set.
            let large = size > 1024
            let figure = try await (large ? largeRuns.raw : raw).run(
                operation, folder: folder, size: size, parts: large ? 2 : 1, count: large ? rawLargeCount : rawCount)
            return progress(name, figure, server: server)
        }
        let secretPath = "/secrets/v1/secret/default/"

        let ping = try await http(
            "GET /secrets/v1/ping", "ping", "/secrets/v1/ping", WrkScript.get(token: nil), wrk: wrk)
        let getSmall = try await secrets(
            "GET 1 KiB text secret", "get-1kib", secretPath + "bench/one-kib", WrkScript.get(token: token))
        let resolveBody = try JSONSerialization.data(
            withJSONObject: ["space": Self.resolveSpace, "secrets": Self.resolvedPaths], options: [.sortedKeys])
        let resolve = try await secrets(
            "POST resolve of 5 × 1 KiB secrets", "resolve-5", "/secrets/v1/resolve/default",
            WrkScript.post(token: token, json: String(decoding: resolveBody, as: UTF8.self)))
        // The peer's runs come right after the server's, on the same machine in the same minutes.
        var etcdGet: Figure?
        if let etcd {
            try await etcd.put("bench/one-kib", Array(repeating: UInt8(ascii: "x"), count: 1024))
            etcdGet = progress(
                "etcd GET 1 KiB",
                try await wrk.run(
                    "etcd-get-1kib", url: etcd.baseURL + "/v3/kv/range",
                    script: WrkScript.etcdGet(key: "bench/one-kib")), server: server)
        }
        let rawCreate = try await rawZooKeeper("raw create 1 KiB", RAW_CREATE, "small", size: 1024)
        let rawGet = try await rawZooKeeper("raw get 1 KiB", RAW_GET, "small", size: 1024)
        let putSmall = try await secrets(
            "PUT new 1 KiB text secret", "put-1kib", "/",
            WrkScript.create(
                token: token, folder: "bench/put", contentType: "application/json",
                body: WrkScript.textSecret(bytes: 1024)))
        var etcdPut: Figure?
        var alternating: [(folder: String, figure: Figure)] = []
        var etcdRounds: [Figure] = []
        if let etcd {
            etcdPut = progress(
                "etcd PUT new 1 KiB",
                try await wrk.run(
                    "etcd-put-1kib", url: etcd.baseURL + "/v3/kv/put",
                    script: WrkScript.etcdPut(folder: "bench/put", bytes: 1024)), server: server)
            if hasSecrets {
                (alternating, etcdRounds) = try await alternatingPutRounds(
                    peerRounds, wrk: wrk, baseURL: base, token: token, etcd: etcd)
            }
        }
        // The server's peak resident size is measured over the 1 MiB runs alone.
        let beforeLarge = ResidentMemory(pid: server.pid)
        ResidentMemory.resetPeak(pid: server.pid)
        let putLarge = try await secrets(
            "PUT new 1 MiB binary secret", "put-1mib", "/",
            WrkScript.create(
                token: token, folder: "bench/large", contentType: "application/octet-stream",
                body: WrkScript.binarySecret(bytes: 1_048_576)), oneMebibyte: true)
        let getLarge = try await secrets(
            "GET 1 MiB binary secret", "get-1mib", secretPath + "bench/one-mib", WrkScript.get(token: token),
            oneMebibyte: true)
        let duringLarge = ResidentMemory(pid: server.pid)
        let rawPut = try await rawZooKeeper("raw put 1 MiB", RAW_PUT_SPLIT, "large", size: 1_048_576)
        let rawGetLarge = try await rawZooKeeper("raw get 1 MiB", RAW_GET_SPLIT, "large", size: 1_048_576)

        var problems: [String] = []
        var total: Int?
        if hasSecrets {
            // wrk counts only 4xx/5xx as failures: make sure each 2xx PUT really stored a secret. The
            // folders hold tens of thousands of secrets after the runs, more than one listing call
            // reads within the server's request deadline: their znodes are counted directly.
            var written = 0
            for (folder, figure) in [("bench/put", putSmall), ("bench/large", putLarge)]
                + alternating.map({
                    ($0.folder, Optional($0.figure))
                })
            {
                guard let figure else { continue }
                let count = try await raw.client.children(storeRoot + "/secrets/default/" + folder).count
                written += count
                if count < figure.completed {
                    problems.append("\(folder) holds \(count) secrets after \(figure.completed) successful PUTs")
                }
            }
            total = stored + written
        } else {
            problems.append("the server has no secret routes: only /ping and raw ZooKeeper were measured")
        }
        let atEnd = ResidentMemory(pid: server.pid)

        var table = ResultTable()
        table.add("GET /secrets/v1/ping", http: ping, raw: nil, target: "baseline")
        table.add(
            "GET 1 KiB text secret", http: getSmall, raw: rawGet,
            target: "≥ 50% of /ping", result: verdict(getSmall, ping, minimum: 0.5))
        table.add(
            "PUT new 1 KiB text secret", http: putSmall, raw: rawCreate,
            target: "≥ 70% of raw create", result: verdict(putSmall, rawCreate, minimum: 0.7))
        table.add("POST resolve of 5 × 1 KiB secrets", http: resolve, raw: nil, target: "figures only")
        if etcd != nil {
            table.add("etcd GET 1 KiB (JSON gateway)", http: etcdGet, raw: nil, target: "peer")
            table.add("etcd PUT new 1 KiB (JSON gateway)", http: etcdPut, raw: nil, target: "peer")
        }
        table.add("PUT new 1 MiB binary secret (\(largeRuns.wrk.connections) conns)", http: putLarge, raw: rawPut)
        table.add("GET 1 MiB binary secret (\(largeRuns.wrk.connections) conns)", http: getLarge, raw: rawGetLarge)
        table.addMemory("RSS after start", bytes: atStart?.currentBytes)
        table.addMemory("RSS with \(stored.formatted()) secrets", bytes: atStored?.currentBytes, limit: 150_000_000)
        table.addMemory("RSS peak until then (VmHWM)", bytes: atStored?.peakBytes, limit: 150_000_000)
        table.addMemory("RSS before the 1 MiB runs", bytes: beforeLarge?.currentBytes)
        table.addMemory("RSS peak during the 1 MiB runs (VmHWM)", bytes: duringLarge?.peakBytes)
        let end = total.map { "\($0.formatted()) secrets" } ?? "no secrets"
        table.addMemory("RSS after all runs (\(end))", bytes: atEnd?.currentBytes)
        print("")
        table.print()
        print("")
        print("raw 1 MiB: two 512 KiB znodes in flight together (one znode cannot hold 1 MiB at the default")
        print("jute.maxbuffer); MB = 10^6 bytes; HTTP / raw compares throughput.")
        if let etcdGet, let etcdPut {
            print("")
            print("against etcd (same connections, same run):")
            for (name, ours, theirs, target) in [
                ("GET 1 KiB", getSmall, etcdGet, ""), ("PUT new 1 KiB", putSmall, etcdPut, " (target ≥ 1.2×)"),
            ] {
                guard let ours else { continue }
                print(
                    String(
                        format: "  %@: secret store / etcd = %.2f×%@; p99 %.2f ms against %.2f ms", name,
                        ours.perSecond / theirs.perSecond, target, ours.p99Milliseconds, theirs.p99Milliseconds))
            }
        }

        for (name, figure) in [
            ("ping", ping), ("GET 1 KiB", getSmall), ("resolve", resolve), ("PUT 1 KiB", putSmall),
            ("PUT 1 MiB", putLarge),
            ("GET 1 MiB", getLarge), ("raw create 1 KiB", rawCreate), ("raw get 1 KiB", rawGet),
            ("raw put 1 MiB", rawPut), ("raw get 1 MiB", rawGetLarge), ("etcd GET 1 KiB", etcdGet),
            ("etcd PUT 1 KiB", etcdPut),
        ] {
            if let figure, figure.failures > 0 { problems.append("\(name): \(figure.failures) failed requests") }
        }
        for (folder, figure) in alternating where figure.failures > 0 {
            problems.append("PUT into \(folder): \(figure.failures) failed requests")
        }
        for (round, figure) in etcdRounds.enumerated() where figure.failures > 0 {
            problems.append("etcd PUT in round \(round + 1): \(figure.failures) failed requests")
        }
        guard problems.isEmpty else { throw BenchmarkFailure(problems.joined(separator: "\n")) }
    }

    /// PASS or MISS for `measured` reaching `minimum` of `baseline`'s throughput, with the ratio;
    /// FAILED when either run had failures, since its figure then means nothing.
    private func verdict(_ measured: Figure?, _ baseline: Figure, minimum: Double) -> String {
        guard let measured else { return "" }
        guard measured.failures == 0, baseline.failures == 0 else { return "FAILED" }
        let ratio = measured.perSecond / baseline.perSecond
        return (ratio >= minimum ? "PASS " : "MISS ") + ResultTable.percent(ratio)
    }

    /// Prints one line as a run finishes, with the server's resident memory then, so that a long
    /// benchmark shows where it is and where memory grows.
    private func progress(_ name: String, _ measured: Figure, server: ServerProcess) -> Figure {
        let memory = ResidentMemory(pid: server.pid).map { String(format: "%.1f MB", Double($0.currentBytes) / 1e6) }
        print(
            String(
                format: "%@: %.0f/s, p50 %.2f ms, p99 %.2f ms, %d done%@; server RSS %@", name, measured.perSecond,
                measured.p50Milliseconds, measured.p99Milliseconds, measured.completed,
                measured.failures > 0 ? ", \(measured.failures) FAILED" : "", memory ?? "unknown"))
        fflush(nil)  // shown as the run finishes even when standard output is a pipe
        return measured
    }
}
