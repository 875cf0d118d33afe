import Foundation
import Testing

@testable import secrets

/// Finding the command as `execvp` does, with the shell's 126 and 127, and the environment the
/// command starts with.
@Suite struct TaskCommandTests {
    @Test func commandIsFoundOnThePath() throws {
        let command = try TaskCommand(arguments: ["sh", "-c", "true"], searchPath: "/nonexistent:/bin:/usr/bin")
        #expect(command.executable == "/bin/sh")
        #expect(command.arguments == ["sh", "-c", "true"])
        #expect(try TaskCommand(arguments: ["/bin/sh"], searchPath: nil).executable == "/bin/sh")
    }

    @Test func missingAndNonExecutableCommandsGetTheShellsStatuses() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.create("plain", "data", mode: 0o644)
        func status(_ arguments: [String], _ path: String?) -> Int32? {
            do {
                _ = try TaskCommand(arguments: arguments, searchPath: path)
                return nil
            } catch {
                return error.status
            }
        }
        #expect(status(["no-such-command-\(UUID().uuidString)"], "/bin:/usr/bin") == 127)
        #expect(status([folder("missing")], nil) == 127)
        #expect(status([folder("plain")], nil) == 126)
        #expect(status(["plain"], folder.path) == 126)
        #expect(status([folder.path], nil) == 126)
        #expect(status([""], nil) == 127)
    }

    @Test func environmentKeepsBytesAndReplacesVariables() {
        var environment = TaskEnvironment(entries: [Array("A=1".utf8), Array("AB=2".utf8), Array("A=3".utf8)])
        environment.set("A", to: [0xff, 0x41])
        #expect(environment.entries == [Array("AB=2".utf8), Array("A=".utf8) + [0xff, 0x41]])
        #expect(environment.value(of: "A") == [0xff, 0x41])
        #expect(environment.value(of: "AB") == Array("2".utf8))
        #expect(environment.value(of: "B") == nil)
    }
}
