import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `wrk` against the server: a fixed number of connections for a fixed time, with a Lua
/// script that says what to send and prints the figures in one line `done()` writes.
struct Wrk {
    var executable = "/usr/bin/wrk"
    var connections: Int
    var threads: Int
    var durationSeconds: Int
    /// Where the scripts and wrk's output go.
    var directory: String

    /// Runs `script` against `url` and returns its figures; `name` names the files.
    func run(_ name: String, url: String, script: String) async throws -> Figure {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchmarkFailure("no wrk at \(executable): scripts/benchmark.sh http installs it")
        }
        let scriptPath = "\(directory)/\(name).lua"
        let outputPath = "\(directory)/\(name).out"
        try (script + WrkScript.report).write(toFile: scriptPath, atomically: true, encoding: .utf8)
        guard FileManager.default.createFile(atPath: outputPath, contents: nil),
            let output = FileHandle(forWritingAtPath: outputPath)
        else { throw BenchmarkFailure("cannot create \(outputPath)") }
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        // A 1 MiB request at 64 connections can take longer than wrk's default 2 s timeout.
        process.arguments = [
            "--connections", String(connections), "--threads", String(threads), "--duration", "\(durationSeconds)s",
            "--timeout", "60s", "--latency", "--script", scriptPath, url,
        ]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        try process.runWithNoSignalBlocked()
        let pid = process.processIdentifier
        ChildProcesses.started(pid)
        while process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        ChildProcesses.exited(pid)
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let figure = Self.parse(text) else {
            throw BenchmarkFailure("wrk \(name) failed (status \(process.terminationStatus)):\n\(text)")
        }
        return figure
    }

    /// Reads the `WRK-RESULT` line of `WrkScript.report`, and wrk's own "Non-2xx or 3xx responses"
    /// line (the same count, read twice so that neither can be missed).
    static func parse(_ output: String) -> Figure? {
        let lines = output.split(separator: "\n")
        guard let result = lines.first(where: { $0.hasPrefix("WRK-RESULT ") }) else { return nil }
        let fields = result.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count == 9, fields[1] > 0 else { return nil }
        let (requests, microseconds, p50, p99) = (fields[0], fields[1], fields[2], fields[3])
        let socketErrors = Int(fields[5] + fields[6] + fields[7] + fields[8])
        let nonSuccess =
            lines.first(where: { $0.contains("Non-2xx or 3xx responses:") })
            .flatMap { $0.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } } ?? 0
        return Figure(
            perSecond: requests / (microseconds / 1e6), p50Milliseconds: p50 / 1000, p99Milliseconds: p99 / 1000,
            completed: Int(requests), failures: max(nonSuccess, Int(fields[4])) + socketErrors)
    }
}
