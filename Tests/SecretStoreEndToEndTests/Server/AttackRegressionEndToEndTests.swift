import Foundation
import JWTKit
import SecretStoreTesting
import Testing

/// Attacks that held when the store was attacked from outside, kept as regression tests over real
/// sockets against the built server: forged tokens on every carrier, and path tricks that try to
/// leave the secrets tree or reach a secret under another name.
@Suite("Attack regressions end to end", .timeLimit(.minutes(3)))
struct AttackRegressionEndToEndTests {
    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// One request over a fresh connection that the server closes after answering.
    static func send(_ head: String, port: Int) async throws -> RawHTTPResponse? {
        let exchange = try await RawExchange.send(head + "Host: x\r\nConnection: close\r\n\r\n", port: port)
        #expect(exchange.responses.count == 1, "\(exchange.text)")
        return exchange.responses.first
    }

    @Test func forgedTokensAre401OnEveryCarrier() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            #expect(try await server.write("app/db", text: "guarded").status == 201)
            let parts = server.token.split(separator: ".").map(String.init)
            let header = try #require(
                try JSONSerialization.jsonObject(with: Data(base64URL: parts[0])) as? [String: Any])
            let kid = try #require(header["kid"] as? String)
            let payload = String(decoding: Data(base64URL: parts[1]), as: UTF8.self)

            // HS256 keyed with the published RSA public key: the algorithm confusion attack.
            let jwks = try await HTTPExchange.send("GET", server.process.baseURL + "/acs/api/v1/auth/jwks")
            let key = try #require((jwks.json["keys"] as? [[String: Any]])?.first)
            let publicKey = try Insecure.RSA.PublicKey(
                modulus: try #require(key["n"] as? String), exponent: try #require(key["e"] as? String))
            let hmac = JWTKeyCollection()
            await hmac.add(
                hmac: HMACKey(from: publicKey.pemRepresentation), digestAlgorithm: .sha256,
                kid: JWKIdentifier(string: kid))
            let confused = try await hmac.sign(ForgedClaims(payload: payload), kid: JWKIdentifier(string: kid))

            let none = Self.base64URL(#"{"alg":"none","typ":"JWT","kid":"\#(kid)"}"#)
            let forgeries: [(String, String)] = [
                ("alg none, no signature", "\(none).\(parts[1])."),
                ("alg none, the real signature", "\(none).\(parts[1]).\(parts[2])"),
                ("HS256 keyed with the public key", confused),
                ("signed by another key", try await JWTFixtures.loginToken(uid: "bootstrapuser", key: "stranger")),
                (
                    "payload changed after signing",
                    "\(parts[0]).\(Self.base64URL(payload.replacingOccurrences(of: "\"exp\":", with: "\"exp\":1"))).\(parts[2])"
                ),
                ("signature dropped", "\(parts[0]).\(parts[1])."),
                ("garbage", "a.b.c"),
            ]
            for (name, token) in forgeries {
                for carrier in [
                    "Authorization: token=\(token)", "Authorization: Bearer \(token)",
                    "Cookie: dcos-acs-auth-cookie=\(token)",
                ] {
                    for target in ["/secrets/v1/secret/default/app/db", "/acs/api/v1/users"] {
                        let answer = try await Self.send(
                            "GET \(target) HTTP/1.1\r\n\(carrier)\r\n", port: server.process.port)
                        #expect(answer?.status == 401, "\(name) via \(carrier.prefix(20)) on \(target)")
                        #expect(answer?.headers["www-authenticate"] == "acsjwt", "\(name)")
                        #expect(answer.map { !String(decoding: $0.body, as: UTF8.self).contains("guarded") } ?? true)
                    }
                }
            }
            // The genuine token still works, so the refusals above are the forgeries'.
            let genuine = try await Self.send(
                "GET /secrets/v1/secret/default/app/db HTTP/1.1\r\nAuthorization: token=\(server.token)\r\n",
                port: server.process.port)
            #expect(genuine?.status == 200)
        }
    }

    @Test func pathTricksNeitherLeaveTheSecretsTreeNorAliasASecret() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            #expect(try await server.write("app/db", text: "guarded").status == 201)
            let auth = "Authorization: token=\(server.token)\r\n"
            // Dot segments, raw or encoded, are invalid paths: 400, never a secret or another route.
            for path in [
                "app/../app/db", "app/./db", "app/%2E%2E/app/db", "app/%2e/db", "..%2F..%2Facs%2Fapi%2Fv1%2Fusers",
                "app%2F..%2Fapp%2Fdb", "app/db%00", "app/db%2500", "app%5Cdb",
            ] {
                let answer = try await Self.send(
                    "GET /secrets/v1/secret/default/\(path) HTTP/1.1\r\n\(auth)", port: server.process.port)
                #expect(answer?.status == 400, "\(path): \(answer?.status ?? 0)")
                #expect(answer?.json["code"] as? String == "INVALID_PATH", "\(path)")
            }
            // Collapsed and encoded slashes name the same secret, as the contract says.
            for path in ["app//db", "%2Fapp%2Fdb", "app%2Fdb/"] {
                let answer = try await Self.send(
                    "GET /secrets/v1/secret/default/\(path) HTTP/1.1\r\n\(auth)", port: server.process.port)
                #expect(answer?.status == 200, "\(path)")
            }
            // Dot segments before the store or the API prefix reach no route that serves secrets.
            for target in [
                "/secrets/v1/secret/default/../../../acs/api/v1/users", "/secrets/v1/../v1/secret/default/app/db",
            ] {
                let answer = try await Self.send("GET \(target) HTTP/1.1\r\n\(auth)", port: server.process.port)
                #expect(
                    answer.map { !String(decoding: $0.body, as: UTF8.self).contains("guarded") } ?? true, "\(target)")
                #expect(answer.map { $0.status != 200 } ?? true, "\(target): \(answer?.status ?? 0)")
            }
        }
    }
}

/// Claims copied from a genuine token's payload, to be signed with a forger's key.
private struct ForgedClaims: JWTPayload {
    var fields: [String: String]

    init(payload: String) {
        let object = (try? JSONSerialization.jsonObject(with: Data(payload.utf8))) as? [String: Any] ?? [:]
        fields = object.mapValues { "\($0)" }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (name, value) in fields {
            if let number = Int(value) {
                try container.encode(number, forKey: Key(name))
            } else {
                try container.encode(value, forKey: Key(name))
            }
        }
    }

    init(from decoder: any Decoder) throws { fields = [:] }

    func verify(using algorithm: some JWTAlgorithm) async throws {}

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension Data {
    /// Decodes base64url without padding; empty on failure.
    fileprivate init(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self = Data(base64Encoded: base64) ?? Data()
    }
}
