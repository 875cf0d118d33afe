import Foundation

/// Looks at the machine's processes and runs the real gpg CLI, to check `GPGContext` from outside.
enum GPGProcesses {
    /// The ids of running processes whose command line mentions `text` (e.g. a gpg home path).
    static func mentioning(_ text: String) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> Int32? in
            guard let pid = Int32(entry), pid != getpid(),
                let cmdline = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
            else { return nil }
            // Arguments are NUL-separated; a zombie's command line is empty.
            let line = String(decoding: cmdline.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(text) ? pid : nil
        }
    }

    /// Waits up to `limit` for every process mentioning `text` to exit; returns those left.
    static func waitUntilGone(_ text: String, limit: Duration = .seconds(2)) async throws -> [Int32] {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while true {
            let remaining = mentioning(text)
            if remaining.isEmpty || clock.now >= deadline { return remaining }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs the gpg CLI on `home` with `arguments` and returns its standard output.
    static func gpg(home: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gpg")
        process.arguments = ["--homedir", home, "--batch", "--no-tty"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
