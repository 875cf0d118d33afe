import Foundation
import SecretStoreTesting
import Testing

/// The open-source `dcos` CLI (dcoscli 0.6.1, installed by `scripts/install-dcos-cli.sh` into
/// `.build/dcos-cli`, or `DCOS_CLI`) attaching to the store with `dcos cluster setup` over HTTPS
/// (contract §7): the root fetched and pinned after the fingerprint is accepted, a password login and
/// a service-key login, the cluster id, in `permissive` and `strict`.
@Suite("dcos cluster setup end to end", .timeLimit(.minutes(3)))
struct DCOSCLIEndToEndTests {
    /// The `dcos` executable.
    static var executable: String {
        ProcessInfo.processInfo.environment["DCOS_CLI"]
            ?? RepositoryFixtures.root.deletingLastPathComponent().appendingPathComponent(".build/dcos-cli/bin/dcos")
            .path
    }

    @Test(arguments: ["permissive", "strict"])
    func clusterSetupWithAPasswordAndWithAServiceKey(_ mode: String) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.executable),
            "no dcos CLI at \(Self.executable): run scripts/install-dcos-cli.sh .build/dcos-cli")
        try await TLSServer.with(arguments: ["--security-mode", mode]) { server in
            let shell = server.shell
            let dcos = "DCOS_PASSWORD_FOR_TEST='\(TLSServer.password)' '\(Self.executable)'"
            let url = server.https

            // The fingerprint the CLI shows is the published root's; answering yes pins the root.
            let expected = try await shell.run(
                "openssl x509 -in '\(server.rootPath)' -noout -fingerprint -sha256 | cut -d= -f2")
            let setup = try await shell.run(
                "printf 'yes\\n' | DCOS_DIR='\(shell.home)/users' \(dcos) cluster setup \(url) "
                    + "--username=bootstrapuser --password-env=DCOS_PASSWORD_FOR_TEST 2>&1")
            #expect(setup.status == 0, "\(setup.stdout)")
            let fingerprint = expected.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(!fingerprint.isEmpty && setup.stdout.contains(fingerprint), "\(setup.stdout)")

            let metadata = try await server.exchange("-H 'Authorization: token=\(server.token)' \(url)/metadata")
            let clusterID = try #require(
                (try JSONSerialization.jsonObject(with: Data(metadata.body.utf8)) as? [String: Any])?["CLUSTER_ID"]
                    as? String)
            let list = try await shell.run("DCOS_DIR='\(shell.home)/users' \(dcos) cluster list 2>&1")
            #expect(list.stdout.contains(clusterID) && list.stdout.contains("AVAILABLE"), "\(list.stdout)")
            #expect(list.stdout.contains("2.2.0"), "the version from dcos-version.json: \(list.stdout)")

            // A service account logs in with its private key.
            let accountBody = try JSONSerialization.data(withJSONObject: [
                "description": "ci", "public_key": try JWTFixtures.text("service-account.pub.pem"),
            ])
            let accountFile = try shell.file("account.json", Array(accountBody))
            let account = try await server.exchange(
                "-X PUT -H 'Authorization: token=\(server.token)' -H 'Content-Type: application/json' "
                    + "--data-binary @'\(accountFile)' \(url)/acs/api/v1/users/ci-deployer")
            #expect(account.status == 201, "\(account)")
            let key = try shell.file("ci-deployer.key", text: try JWTFixtures.text("service-account.key.pem"))
            let service = try await shell.run(
                "printf 'yes\\n' | DCOS_DIR='\(shell.home)/services' \(dcos) cluster setup \(url) "
                    + "--username=ci-deployer --private-key='\(key)' 2>&1")
            #expect(service.status == 0, "\(service.stdout)")
            let token = try await shell.run(
                "DCOS_DIR='\(shell.home)/services' \(dcos) config show core.dcos_acs_token 2>&1")
            let savedJWT = token.stdout.split(separator: ".").count == 3
            #expect(savedJWT, "a token was saved")

            // A wrong password is refused.
            let wrong = try await shell.run(
                "printf 'yes\\n' | DCOS_DIR='\(shell.home)/wrong' '\(Self.executable)' cluster setup \(url) "
                    + "--username=bootstrapuser --password=not-the-password 2>&1")
            #expect(wrong.status != 0)
        }
    }
}
