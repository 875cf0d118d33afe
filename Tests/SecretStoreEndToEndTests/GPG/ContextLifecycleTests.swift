import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// Homes and agents: nothing a context started outlives it.
@Suite(.timeLimit(.minutes(1)))
struct ContextLifecycleTests {
    @Test("close() stops the home's gpg-agent, removes the home, and is idempotent")
    func closeCleansUp() async throws {
        let context = try GPGContext()
        let home = context.homeDirectory
        #expect(home.hasPrefix("/tmp/ssg-"))
        #expect(home.utf8.count < 40, "the agent socket path must fit in 108 bytes")
        var status = stat()
        #expect(stat(home, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o700)

        _ = try context.importKey(try GPGFixtures.bytes("operator.sec.asc"))
        #expect(try context.decrypt(try GPGFixtures.bytes("message-for-operator.gpg")).count == 64)
        #expect(!GPGProcesses.mentioning(home).isEmpty, "a secret key operation starts gpg-agent")

        context.close()
        #expect(!FileManager.default.fileExists(atPath: home))
        #expect(try await GPGProcesses.waitUntilGone(home).isEmpty)
        context.close()

        let error = #expect(throws: GPGError.self) { try context.fingerprints(secret: false) }
        #expect(error?.code == .contextClosed)
    }

    @Test("dropping the last reference cleans up like close()")
    func deinitCleansUp() async throws {
        var context: GPGContext? = try GPGContext()
        let home = try #require(context?.homeDirectory)
        _ = try context?.importKey(try GPGFixtures.bytes("stranger.sec.asc"))
        #expect(FileManager.default.fileExists(atPath: home))
        context = nil
        #expect(!FileManager.default.fileExists(atPath: home))
        #expect(try await GPGProcesses.waitUntilGone(home).isEmpty)
    }

    @Test("every context gets its own home")
    func separateHomes() throws {
        let first = try GPGContext()
        let second = try GPGContext()
        defer {
            first.close()
            second.close()
        }
        #expect(first.homeDirectory != second.homeDirectory)
        _ = try first.importKey(try GPGFixtures.bytes("operator.pub.asc"))
        #expect(try second.fingerprints(secret: false).isEmpty)
    }
}
