import Foundation
import Testing

/// What an operator has at hand: a private GnuPG home under `/tmp` (short path, mode 0700) and
/// `/bin/sh` to run the documented commands in. `with` stops the home's gpg-agent and deletes it.
struct OperatorShell {
    /// One command's outcome.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The GnuPG home.
    let home: String

    /// Runs `body` with a fresh home, then kills its agent and removes it, whatever happened.
    static func with<R>(_ body: (OperatorShell) async throws -> R) async throws -> R {
        var template = Array("/tmp/ssg-op-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        let shell = OperatorShell(home: String(cString: made))
        let result: Result<R, any Error>
        do {
            result = .success(try await body(shell))
        } catch {
            result = .failure(error)
        }
        _ = try? await shell.run("gpgconf --homedir '\(shell.home)' --kill all")
        try? FileManager.default.removeItem(atPath: shell.home)
        return try result.get()
    }

    /// Writes `bytes` to a file of mode 0600 in the home and returns its path.
    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = home + "/" + name
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    /// Runs `command` through `/bin/sh -c`, at most `limit`; output goes through files in the home.
    func run(_ command: String, within limit: Duration = .seconds(60)) async throws -> Run {
        let id = UUID().uuidString
        let outPath = home + "/\(id).out"
        let errPath = home + "/\(id).err"
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        defer { for path in [outPath, errPath] { try? FileManager.default.removeItem(atPath: path) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("`\(command.prefix(40))…` did not finish within \(limit)")
        }
        return Run(
            status: process.terminationStatus, stdout: try String(contentsOfFile: outPath, encoding: .utf8),
            stderr: try String(contentsOfFile: errPath, encoding: .utf8))
    }

    /// `gpg --homedir <home> --batch <arguments>` as a shell fragment.
    var gpg: String { "gpg --homedir '\(home)' --batch" }
}

/// Lowercase hex, both ways.
enum HexText {
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }

    /// A random string that looks like a share: a non-zero x byte, then 32 key bytes.
    static func randomShare() -> String {
        encode([UInt8.random(in: 1...255)] + (0..<32).map { _ in UInt8.random(in: 0...255) })
    }
}

/// Expects `log` (a whole server log) to hold none of `secrets`, each labelled with what it is.
func expectLog(
    _ log: String, holdsNone secrets: [(label: String, text: String)],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(!log.isEmpty, sourceLocation: sourceLocation)
    for secret in secrets where !secret.text.isEmpty {
        // A Bool, so that a failure does not print the log (and the secret in it).
        let leaked = log.contains(secret.text)
        #expect(!leaked, "the log holds \(secret.label)", sourceLocation: sourceLocation)
    }
}

/// What a log must never hold of the bootstrap key as stored (base64 of the armoured secret key):
/// every 48-character piece of the stored text and every line of the armour's body.
func bootstrapKeyMaterial(stored: String) -> [(label: String, text: String)] {
    let armored = Data(base64Encoded: stored).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let pieces = stride(from: 0, to: max(stored.count - 48, 0), by: 48).map {
        ("stored bootstrap key piece \($0)", String(stored.dropFirst($0).prefix(48)))
    }
    return pieces + armorBodyLines(armored).enumerated().map { ("armour line \($0.offset)", $0.element) }
}

/// The parts of an ASCII-armoured key that are key material: the base64 lines between the header
/// and the checksum.
func armorBodyLines(_ armored: String) -> [String] {
    armored.split(whereSeparator: \.isNewline).map(String.init).filter {
        !$0.hasPrefix("-----") && !$0.hasPrefix("=") && !$0.contains(":") && $0.count >= 16
    }
}
