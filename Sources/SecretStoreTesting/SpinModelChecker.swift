import Foundation

/// Checks a Promela model with spin (Debian's `spin`): `spin -a` writes the verifier's C source,
/// the C compiler builds it, and the verifier explores every interleaving (`./pan -a`, with weak
/// fairness for liveness properties). Runs in a folder of its own, removed afterwards; each process
/// it starts is waited for, or killed by its pid after `limit`.
public enum SpinModelChecker {
    /// What one verification found.
    public struct Result: Sendable, CustomStringConvertible {
        /// Assertion violations and property violations found (the verifier stops at the first).
        public var errors: Int
        /// States the verifier stored: a model that explores nothing proves nothing.
        public var states: Int
        /// The verifier's report.
        public var report: String

        public var description: String { "errors: \(errors), states: \(states)\n\(report)" }
    }

    /// The models of this repository, `docs/models/`.
    public static let models = RepositoryFixtures.repository.appendingPathComponent("docs/models")

    /// Verifies `model` with the macros `defines` (`-DNAME`), the never claim of the `ltl` block
    /// named `property` (all of the model's assertions are checked either way), under weak fairness
    /// if `fair`. Throws if spin, the compiler or the verifier cannot run.
    public static func check(
        _ model: URL, defines: [String] = [], property: String? = nil, fair: Bool = false,
        within limit: Duration = .seconds(300)
    ) async throws -> Result {
        var template = Array("/tmp/ssspin-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SpinModelCheckerError("mkdtemp failed: errno \(errno)") }
        let folder = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/" + model.lastPathComponent
        try FileManager.default.copyItem(atPath: model.path, toPath: copy)
        _ = try await run(
            "spin", defines.map { "-D" + $0 } + ["-a", model.lastPathComponent], in: folder, within: limit)
        // -w: pan.c's array indexing draws harmless warnings from newer compilers.
        _ = try await run("gcc", ["-O2", "-w", "-DCOLLAPSE", "-o", "pan", "pan.c"], in: folder, within: limit)
        var arguments = ["-a"]
        if fair { arguments.append("-f") }
        if let property { arguments += ["-N", property] }
        let report = try await run(folder + "/pan", arguments, in: folder, within: limit)
        guard let errors = number(before: nil, after: "errors: ", in: report),
            let states = number(before: " states, stored", after: nil, in: report)
        else { throw SpinModelCheckerError("the verifier's report has no error or state count:\n\(report)") }
        return Result(errors: errors, states: states, report: report)
    }

    /// Runs `command` (a name on PATH, or a path) in `folder`; returns its standard output and error.
    /// Throws if it cannot start, exits with a failure (spin and gcc) or outlives `limit`.
    private static func run(_ command: String, _ arguments: [String], in folder: String, within limit: Duration)
        async throws -> String
    {
        let outputPath = folder + "/\(UUID().uuidString).out"
        guard FileManager.default.createFile(atPath: outputPath, contents: nil),
            let output = FileHandle(forWritingAtPath: outputPath)
        else { throw SpinModelCheckerError("cannot create \(outputPath)") }
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command.hasPrefix("/") ? command : "/usr/bin/env")
        process.arguments = command.hasPrefix("/") ? arguments : [command] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = output
        do { try process.run() } catch {
            throw SpinModelCheckerError(
                "cannot run \(command) (scripts/install-deps.sh installs spin and gcc): \(error)")
        }
        try? output.close()
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw SpinModelCheckerError("\(command) did not finish within \(limit)")
        }
        let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        // The verifier exits 0 whether or not it found errors; the report says which.
        guard process.terminationStatus == 0 || command.hasSuffix("/pan") else {
            throw SpinModelCheckerError("\(command) \(arguments.joined(separator: " ")) failed:\n\(text)")
        }
        return text
    }

    /// The integer right after `after`, or right before `before`, in `text`.
    private static func number(before: String?, after: String?, in text: String) -> Int? {
        for line in text.split(separator: "\n") {
            if let after, let range = line.range(of: after) {
                return Int(line[range.upperBound...].prefix { $0.isNumber })
            }
            if let before, let range = line.range(of: before) {
                return Int(line[..<range.lowerBound].split(separator: " ").last ?? "")
            }
        }
        return nil
    }
}

/// spin, the compiler or the verifier could not run, or reported nothing readable.
public struct SpinModelCheckerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
