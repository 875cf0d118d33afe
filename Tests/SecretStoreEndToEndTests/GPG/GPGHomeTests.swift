import Foundation
import SecretStoreGPG
import Testing

/// The home's own clean-up steps, one at a time. gpg-agent also exits by itself soon after its
/// home disappears, so only this test shows that `gpgconf --kill all` really stops it.
@Suite(.timeLimit(.minutes(1)))
struct GPGHomeTests {
    @Test("stopDaemons() stops the home's agent while the home still exists")
    func stopsAgent() async throws {
        let home = try GPGHome.create()
        defer { home.remove() }
        // gpg-connect-agent starts the agent for that home and leaves it running.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/gpg-connect-agent")
        process.arguments = ["--homedir", home.path, "/bye"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(!GPGProcesses.mentioning(home.path).isEmpty, "gpg-connect-agent starts gpg-agent")

        home.stopDaemons()
        #expect(try await GPGProcesses.waitUntilGone(home.path).isEmpty)
        #expect(FileManager.default.fileExists(atPath: home.path))
    }

    @Test("remove() on a home without an agent deletes it")
    func removesQuietHome() throws {
        let home = try GPGHome.create()
        #expect(FileManager.default.createFile(atPath: home.path + "/file", contents: Data([1, 2, 3])))
        home.remove()
        #expect(!FileManager.default.fileExists(atPath: home.path))
    }
}
