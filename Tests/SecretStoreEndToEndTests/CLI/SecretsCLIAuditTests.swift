import Foundation
import SecretStoreTesting
import Testing

/// `secrets audit hash`: the form a path takes in the audit trail, from a real server.
@Suite("secrets CLI: audit", .timeLimit(.minutes(3)))
struct SecretsCLIAuditTests {
    @Test func hashIsTheSameForEveryFormOfAPathAndRefusesANonPath() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let printed = try await cli.succeeded(["audit", "hash", "app/db"]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(printed.hasPrefix("hmac-sha256:") && printed.count == "hmac-sha256:".count + 64, "\(printed)")
            let again = try await cli.succeeded(["audit", "hash", "/app//db/"]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(again == printed)
            let other = try await cli.succeeded(["audit", "hash", "app/other"]).stdout
            #expect(!other.contains(printed))

            let refused = try await cli.secrets(["audit", "hash", "a b"])
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("is not a secret path"), "\(refused.stderr)")
        }
    }
}
