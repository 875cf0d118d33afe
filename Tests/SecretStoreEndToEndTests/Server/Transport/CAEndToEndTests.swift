import Foundation
import SecretStoreTesting
import Testing

/// The store's CA checked with openssl (contract §8): what it issues verifies against the root it
/// publishes, keys match, names and usages are as asked, serials are unique, and an operator's CA
/// with an intermediate is taken whole.
@Suite("CA end to end", .timeLimit(.minutes(3)))
struct CAEndToEndTests {
    /// `newcert` over HTTPS with curl; writes `<name>.crt` and `<name>.key` into the shell's home.
    static func newCertificate(
        _ server: TLSServer, name: String, hosts: [String]
    ) async throws -> (certificate: String, key: String) {
        let body = try JSONSerialization.data(withJSONObject: [
            "request": ["CN": name, "hosts": hosts, "key": ["algo": "rsa", "size": 2048]]
        ])
        let bodyPath = try server.shell.file("\(name).json", Array(body))
        let answer = try await server.curl(
            "-X POST -H 'Authorization: token=\(server.token)' -H 'Content-Type: application/json' "
                + "--data-binary @'\(bodyPath)' \(server.https)/ca/api/v2/newcert")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])
        let result = try #require(object["result"] as? [String: Any], "\(answer.stdout) \(answer.stderr)")
        return (
            try server.shell.file("\(name).crt", text: try #require(result["certificate"] as? String)),
            try server.shell.file("\(name).key", text: try #require(result["private_key"] as? String))
        )
    }

    @Test func issuedCertificatesVerifyAgainstThePublishedRootAndMatchTheirKeys() async throws {
        try await TLSServer.with { server in
            let shell = server.shell
            let issued = try await Self.newCertificate(server, name: "spark", hosts: ["spark.example", "10.0.0.9"])
            let verify = try await shell.run("openssl verify -CAfile '\(server.rootPath)' '\(issued.certificate)'")
            #expect(verify.stdout.hasSuffix(": OK\n"), "\(verify.stdout)\(verify.stderr)")
            let fromCertificate = try await shell.run("openssl x509 -in '\(issued.certificate)' -noout -pubkey")
            let fromKey = try await shell.run("openssl pkey -in '\(issued.key)' -pubout")
            #expect(!fromKey.stdout.isEmpty && fromCertificate.stdout == fromKey.stdout, "the key is the certificate's")
            let text = try await shell.run(
                "openssl x509 -in '\(issued.certificate)' -noout -ext subjectAltName,extendedKeyUsage,basicConstraints")
            #expect(text.stdout.contains("DNS:spark.example, IP Address:10.0.0.9"), "\(text.stdout)")
            #expect(text.stdout.contains("TLS Web Server Authentication, TLS Web Client Authentication"))
            #expect(text.stdout.contains("CA:FALSE"))
            let dates = try await shell.run(
                "openssl x509 -in '\(issued.certificate)' -noout -checkend \(364 * 86_400) && "
                    + "! openssl x509 -in '\(issued.certificate)' -noout -checkend \(366 * 86_400)")
            #expect(dates.status == 0, "valid for one year")

            var serials: Set<String> = []
            for index in 0..<5 {
                let other = try await Self.newCertificate(server, name: "svc\(index)", hosts: ["svc.example"])
                serials.insert(try await shell.run("openssl x509 -in '\(other.certificate)' -noout -serial").stdout)
            }
            #expect(serials.count == 5)

            // The server's own certificate comes from the same CA and names 127.0.0.1.
            let served = try await server.servedChain()
            #expect(served.count == 1, "the leaf alone: clients hold the root")
            let leaf = try shell.file("served.crt", text: try #require(served.first))
            let servedVerify = try await shell.run(
                "openssl verify -CAfile '\(server.rootPath)' -verify_ip 127.0.0.1 '\(leaf)'")
            #expect(servedVerify.status == 0, "\(servedVerify.stdout)\(servedVerify.stderr)")
        }
    }

    @Test func anOperatorsIntermediateSignsAndTheRootIsPublished() async throws {
        try await OperatorShell.with { shell in
            let ca = try await shell.operatorCA()
            try await TLSServer.with(arguments: ["--ca-cert", ca.chain, "--ca-key", ca.key]) { server in
                let published = try String(contentsOfFile: server.rootPath, encoding: .utf8)
                let root = try String(contentsOfFile: ca.root, encoding: .utf8)
                #expect(Self.der(published) == Self.der(root), "/ca/dcos-ca.crt is the operator's root")

                let info = try await server.curl(
                    "-X POST -H 'Authorization: token=\(server.token)' -H 'Content-Type: application/json' --data '{}' \(server.https)/ca/api/v2/info"
                )
                let intermediate = try String(contentsOfFile: ca.intermediate, encoding: .utf8)
                let object = try JSONSerialization.jsonObject(with: Data(info.stdout.utf8)) as? [String: Any]
                let signing = (object?["result"] as? [String: Any])?["certificate"] as? String
                #expect(Self.der(signing ?? "") == Self.der(intermediate), "info names the signing CA: \(info.stdout)")

                let served = try await server.servedChain()
                #expect(served.count == 2, "the leaf and the intermediate")
                #expect(Self.der(served.last ?? "") == Self.der(intermediate))

                let issued = try await Self.newCertificate(server, name: "app", hosts: ["app.example"])
                let verify = try await server.shell.run(
                    "openssl verify -CAfile '\(ca.root)' -untrusted '\(ca.intermediate)' '\(issued.certificate)'")
                #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
            }
        }
    }

    @Test func aCAFileThatDoesNotEndAtASelfSignedRootRefusesToStart() async throws {
        try await OperatorShell.with { shell in
            let ca = try await shell.operatorCA()
            do {
                try await MemoryServer.with(arguments: ["--ca-cert", ca.intermediate, "--ca-key", ca.key]) { _ in }
                Issue.record("the server started with an intermediate and no root")
            } catch {
                #expect("\(error)".contains("self-signed root"), "\(error)")
            }
        }
    }

    /// The base64 body of the first PEM certificate in `text`, for comparing certificates.
    static func der(_ text: String) -> String {
        guard let begin = text.range(of: "-----BEGIN CERTIFICATE-----"),
            let end = text.range(of: "-----END CERTIFICATE-----", range: begin.upperBound..<text.endIndex)
        else { return "" }
        return text[begin.upperBound..<end.lowerBound].filter { !$0.isWhitespace }
    }
}
