import Foundation
import Testing

@testable import SecretStoreWire

/// The bodies as the server writes them (keys sorted, `/` unescaped) and as the CLI sends them (a
/// plain `JSONEncoder`), against the contract's JSON.
@Suite("Wire bodies")
struct WireBodyTests {
    /// The server's encoder (`JSONResponse`).
    static func serverJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// What the CLI's encoder (`Payload.json`, a plain `JSONEncoder`) sends, as an object: that
    /// encoder's key order is not fixed on Linux, so the keys and values are what is compared.
    static func clientJSON(_ value: some Encodable) throws -> NSDictionary {
        let object = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(value))
        return try #require(object as? NSDictionary)
    }

    /// `json` parsed, to compare with `clientJSON`.
    static func object(_ json: String) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test func sealStatus() throws {
        let status = SealStatusAnswer(sealed: false, threshold: 1, shares: 1, progress: 0, initialized: true)
        #expect(
            try Self.serverJSON(status)
                == #"{"initialized":true,"progress":0,"sealed":false,"shares":1,"threshold":1}"#)
        #expect(try Self.decode(SealStatusAnswer.self, #"{"sealed":true}"#).sealed)
    }

    @Test func initialization() throws {
        let body = try Self.decode(InitBody.self, #"{"shares":2,"threshold":1,"pgp_keys":["a","b"]}"#)
        #expect(body == InitBody(shares: 2, threshold: 1, pgpKeys: ["a", "b"]))
        #expect(try Self.clientJSON(body) == Self.object(#"{"shares":2,"threshold":1,"pgp_keys":["a","b"]}"#))
        let answer = InitAnswer(
            initialized: true, keys: ["0a"], keysBase64: ["Cg=="], pgpFingerprints: ["F"], shares: 1, threshold: 1)
        #expect(
            try Self.serverJSON(answer)
                == #"{"initialized":true,"keys":["0a"],"keys_base64":["Cg=="],"pgp_fingerprints":["F"],"shares":1,"threshold":1}"#
        )
        #expect(try Self.decode(InitAnswer.self, #"{"initialized":false}"#).keys == nil)
    }

    @Test func unsealAsTheCLISendsIt() throws {
        #expect(try Self.clientJSON(UnsealBody(key: "ab", reset: false)) == Self.object(#"{"key":"ab","reset":false}"#))
        #expect(try Self.decode(UnsealBody.self, "{}") == UnsealBody(key: nil, reset: nil))
    }

    @Test func textSecretBodiesLeaveOutAbsentFields() throws {
        #expect(try Self.clientJSON(TextSecretBody(value: "v")) == Self.object(#"{"value":"v"}"#))
        #expect(
            try Self.clientJSON(TextSecretBody(value: "v", description: "d", labels: ["l"]))
                == Self.object(#"{"value":"v","description":"d","labels":["l"]}"#))
        let ui = try Self.decode(TextSecretBody.self, #"{"value":"v","path":"x","store_id":"default"}"#)
        #expect(ui == TextSecretBody(value: "v"))
    }

    @Test func textSecretAnswerIsWhatJSONEncoderWouldWrite() throws {
        struct Reference: Encodable {
            var author, created, description: String
            var labels: [String]
            var value: String
        }
        let created = Date(timeIntervalSince1970: 1_795_515_330.123)
        let bytes = TextSecretAnswer.encodedJSON(
            author: "alice", created: created, description: nil, labels: ["a", "b/c"], value: Array("s/3cr\"t".utf8))
        let reference = Reference(
            author: "alice", created: "2026-11-24T10:15:30.123Z", description: "", labels: ["a", "b/c"],
            value: "s/3cr\"t")
        #expect(String(decoding: bytes, as: UTF8.self) == (try Self.serverJSON(reference)))
        let read = try JSONDecoder().decode(TextSecretAnswer.self, from: Data(bytes))
        #expect(read.value == "s/3cr\"t")
        #expect(read.created == "2026-11-24T10:15:30.123Z")
        #expect(try Self.decode(TextSecretAnswer.self, #"{"value":"v"}"#).author == nil)
    }

    /// Every ASCII byte, control characters and the two that must be escaped included, at the start,
    /// the end and between runs, and multi-byte UTF-8, read back by `JSONDecoder` as they were.
    @Test(arguments: [
        String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self),
        "\"edges\\", "\u{1}", "", "plain", "é€😀\n\t\r\u{1f}\"\\/",
        String(repeating: "a\u{0}", count: 300),
    ])
    func textAnswersEscapeWhatJSONNeeds(_ text: String) throws {
        let bytes = TextSecretAnswer.encodedJSON(
            author: text, created: Date(timeIntervalSince1970: 0), description: text, labels: [text, text],
            value: Array(text.utf8))
        let read = try JSONDecoder().decode(TextSecretAnswer.self, from: Data(bytes))
        #expect(read.value == text)
        #expect(read.author == text)
        #expect(read.description == text)
        #expect(read.labels == [text, text])
    }

    /// The eight-bytes-at-a-time test agrees with the byte-by-byte one, on words with one byte to
    /// escape in every position and on random words.
    @Test func theWordTestAgreesWithTheByteTest() {
        func needs(_ byte: UInt8) -> Bool { byte < 0x20 || byte == 0x22 || byte == 0x5C }
        func bytes(_ word: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: word >> ($0 * 8)) } }
        var words: [UInt64] = (0..<20_000).map { _ in UInt64.random(in: 0...UInt64.max) }
        for position in 0..<8 {
            for byte in [0x00, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F, 0x80, 0xA2, 0xDC, 0xFF] {
                words.append(0x6161_6161_6161_6161 & ~(0xFF << (position * 8)) | UInt64(byte) << (position * 8))
            }
        }
        let disagreeing = words.filter { JSONStringLiteral.anyNeedsEscape($0) != bytes($0).contains(where: needs) }
        #expect(disagreeing.isEmpty)
    }

    @Test func lists() throws {
        #expect(try Self.serverJSON(ArrayAnswer(array: ["a", "b/c"])) == #"{"array":["a","b/c"]}"#)
        #expect(try Self.decode(ArrayAnswer<String>.self, #"{"array":[]}"#).array.isEmpty)
    }

    @Test func errorBodies() throws {
        #expect(
            try Self.serverJSON(ErrorAnswer(code: "NOT_FOUND", message: "no secret"))
                == #"{"code":"NOT_FOUND","message":"no secret"}"#)
        #expect(
            try Self.serverJSON(ErrorAnswer(code: "SPACE_DENIED", message: "m", paths: ["a/b"]))
                == #"{"code":"SPACE_DENIED","message":"m","paths":["a/b"]}"#)
        #expect(try Self.decode(ErrorAnswer.self, "{}") == ErrorAnswer(code: nil, message: nil))
    }

    @Test func resolve() throws {
        #expect(
            try Self.clientJSON(ResolveBody(space: "/group/hdfs/service", secrets: ["group/secret"]))
                == Self.object(#"{"space":"\/group\/hdfs\/service","secrets":["group\/secret"]}"#))
        let answer = ResolveAnswer(secrets: [DeliveredSecret(path: "group/secret", value: "v", encoding: "utf-8")])
        #expect(
            try Self.serverJSON(answer) == #"{"secrets":[{"encoding":"utf-8","path":"group/secret","value":"v"}]}"#)
        #expect(String(decoding: answer.encodedJSON, as: UTF8.self) == (try Self.serverJSON(answer)))
        #expect("\(answer.secrets[0])" == "secret group/secret")
        let validation = try Self.decode(
            ResolveValidationAnswer.self, #"{"allowed":["a"],"denied":[],"missing":["b"]}"#)
        #expect(!validation.isComplete)
        #expect(try Self.serverJSON(validation) == #"{"allowed":["a"],"denied":[],"missing":["b"]}"#)
    }

    /// The resolve answer as the server writes it is what `JSONEncoder` writes, and reads back as it
    /// was with values that need escaping.
    @Test func resolveAnswerIsWhatJSONEncoderWouldWrite() throws {
        let plain = ResolveAnswer(secrets: [
            DeliveredSecret(path: "a/b", value: "x/y é€😀", encoding: "utf-8"),
            DeliveredSecret(path: "c/__dcos_base64__d", value: "AAEC", encoding: "base64"),
        ])
        #expect(String(decoding: plain.encodedJSON, as: UTF8.self) == (try Self.serverJSON(plain)))
        #expect(String(decoding: ResolveAnswer(secrets: []).encodedJSON, as: UTF8.self) == #"{"secrets":[]}"#)
        let escaped = ResolveAnswer(secrets: [
            DeliveredSecret(
                path: "p", value: String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self), encoding: "utf-8")
        ])
        #expect(try JSONDecoder().decode(ResolveAnswer.self, from: Data(escaped.encodedJSON)) == escaped)
    }

    @Test func identity() throws {
        #expect(try Self.clientJSON(LoginBody(uid: "sa", token: "t")) == Self.object(#"{"uid":"sa","token":"t"}"#))
        #expect(try Self.decode(LoginBody.self, #"{"uid":"u","password":"p"}"#).password == "p")
        #expect(
            try Self.clientJSON(UserBody(description: "d", publicKey: "k"))
                == Self.object(#"{"description":"d","public_key":"k"}"#))
        let user = UserAnswer(uid: "alice", description: "A", url: IdentityAPIPath.user("alice"), isService: false)
        #expect(
            try Self.serverJSON(user)
                == #"{"description":"A","is_remote":false,"is_service":false,"provider_id":"","provider_type":"internal","uid":"alice","url":"/acs/api/v1/users/alice"}"#
        )
        let permissions = try Self.decode(
            UserPermissionsAnswer.self,
            #"{"direct":[{"rid":"dcos:superuser","actions":[{"name":"full"}]}],"groups":[]}"#)
        #expect(permissions.direct.first?.actions.first?.name == "full")
    }

    @Test func serviceAccountCredential() throws {
        let credential = ServiceAccountCredential(
            loginEndpoint: ServiceAccountCredential.loginEndpoint(of: "http://h:1337"), privateKey: "K", uid: "sa")
        let text = try credential.jsonText
        #expect(
            text
                == #"{"login_endpoint":"http://h:1337/acs/api/v1/auth/login","private_key":"K","scheme":"RS256","uid":"sa"}"#
        )
        #expect(try Self.decode(ServiceAccountCredential.self, text) == credential)
        #expect(!"\(credential)".contains("K"))
    }

    @Test func paths() {
        #expect(
            IdentityAPIPath.acl("dcos:secrets:default:/app/*") == "/acs/api/v1/acls/dcos:secrets:default:%252Fapp%252F*"
        )
        #expect(IdentityAPIPath.member("bob", of: "ops") == "/acs/api/v1/groups/ops/users/bob")
        #expect(
            IdentityAPIPath.grant("read", on: "r", toGroup: "g") == "/acs/api/v1/acls/r/groups/g/read")
        #expect(IdentityAPIPath.login == "/acs/api/v1/auth/login")
        let path = try? NormalizedSecretPath.secret("/app/db")
        #expect(path.map { SecretsAPIPath.secret($0, store: "default") } == "/secrets/v1/secret/default/app/db")
        #expect(SecretsAPIPath.list(nil, store: "default") == "/secrets/v1/secret/default?list=true")
        #expect(SecretsAPIPath.store(.sealStatus, "default") == "/secrets/v1/seal-status/default")
        #expect(SecretsAPIPath.store(.initialization, "default") == "/secrets/v1/init/default")
        #expect(SecretsAPIPath.resolve("default", validate: true) == "/secrets/v1/resolve/default?validate=true")
        #expect(SecretsAPIPath.backends() == "/secrets/v1/store")
    }
}
