import Foundation
import SecretStoreCrypto
import SecretStoreTesting
import Testing

/// `secrets store backup` and `secrets store restore`: the built CLI against a bootstrap store and
/// a fresh custom-mode root, each on the shared test ZooKeeper.
@Suite("secrets CLI: backup and restore", .timeLimit(.minutes(3)))
struct SecretsCLIBackupTests {
    @Test func backupToAnOwnerOnlyFileThenRestoreIntoAFreshRoot() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "app/kept", "-v", "cli-backup-value"])
            let path = cli.directory + "/store.ssbk"
            let saved = try await cli.succeeded(["store", "backup", path])
            #expect(saved.stdout.hasPrefix("Saved a backup of store default"), "\(saved.stdout)")
            #expect(cli.mode(path) == 0o600)
            let file = try #require(FileManager.default.contents(atPath: path))
            #expect(file.starts(with: Array("SSBK".utf8)))
            #expect(Array(file.suffix(32)) == (try SHA256.hash(Array(file.dropLast(32)))))
            #expect(cli.listing(cli.directory).allSatisfy { !$0.hasPrefix(".store.ssbk.") }, "a temporary file is left")
            // Into the store it came from: not an empty root.
            let refused = try await cli.secrets(["store", "restore", path])
            #expect(refused.status == 1 && refused.stderr.contains("409"), "\(refused.stderr)")

            let root = ZooKeeperFixture.uniqueRoot("restore")
            let password = "restore-\(UUID().uuidString)"
            try await SecretStoreServerProcess.withCluster(
                bootstrapPassword: password, root: root, arguments: ["--unseal-mode", "custom"]
            ) { servers in
                let login = try await cli.secrets(
                    ["login", "--url", servers[0].baseURL, "--uid", CLITestServer.superuser, "--password-stdin"],
                    stdin: password + "\n", secrets: [password])
                #expect(login.status == 0, "\(login.stderr)")
                let truncated = try cli.file("truncated.ssbk", bytes: file.dropLast(1))
                let damaged = try await cli.secrets(["store", "restore", truncated], secrets: [password])
                #expect(damaged.status == 1 && damaged.stderr.contains("BACKUP_DAMAGED"), "\(damaged.stderr)")
                let restored = try await cli.secrets(["store", "restore", path], secrets: [password])
                #expect(restored.status == 0, "\(restored.stderr)")
                #expect(restored.stdout.contains("sealed until unsealed"), "\(restored.stdout)")
                // The backup's superuser, then the backup's bootstrap key.
                try await cli.logInAsSuperuser(url: servers[0].baseURL)
                try await cli.succeeded(["store", "auto-unseal"])
                #expect(try await cli.succeeded(["get", "app/kept"]).stdout.contains("cli-backup-value"))
            }
        }
    }
}

extension CLITestServer {
    /// Logs in as the bootstrap superuser at `url` (the password on standard input).
    fileprivate func logInAsSuperuser(url: String) async throws {
        let run = try await secrets(
            ["login", "--url", url, "--uid", Self.superuser, "--password-stdin"], stdin: superuserPassword + "\n")
        #expect(run.status == 0, "\(run.stderr)")
    }
}
