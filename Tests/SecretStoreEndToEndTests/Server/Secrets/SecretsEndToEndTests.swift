import Foundation
import SecretStoreTesting
import Testing

/// The secrets API of the built `secret-store`, over real sockets, against a real ZooKeeper, with a
/// store the server initialised and unsealed itself (real gpg).
@Suite("Secrets end to end", .timeLimit(.minutes(3)))
struct SecretsEndToEndTests {
    @Test func createReadUpdateDeleteAndListOverTheWire() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            let created = try await server.write(
                "e2e/db", text: "pässwörd", extra: ["description": "DB", "labels": ["x"], "store_id": "default"])
            #expect(created.status == 201)
            #expect(created.headers["content-type"] == "application/json")
            #expect(created.text == "{}")
            let again = try await server.write("e2e/db", text: "other")
            #expect(again.status == 409)
            #expect(again.json["code"] as? String == "ALREADY_EXISTS")

            let read = try await server.send("GET", "e2e/db")
            #expect(read.status == 200)
            #expect(read.headers["content-type"] == "application/json")
            #expect(read.json["value"] as? String == "pässwörd")
            #expect(read.json["author"] as? String == SecretsServer.superuser)
            #expect(read.json["description"] as? String == "DB")
            #expect(read.json["labels"] as? [String] == ["x"])
            #expect(TestValues.date(rfc3339: read.json["created"] as? String ?? "") != nil)

            let patched = try await server.write("PATCH", "e2e/db", text: "new")
            #expect(patched.status == 204)
            #expect(patched.body.isEmpty)
            #expect(try await server.rawValue("e2e/db") == Data("new".utf8))
            #expect(try await server.write("PATCH", "e2e/missing", text: "x").status == 404)

            // Normalised spellings, an invalid path, another store, a folder, a wrong body type.
            #expect(try await server.rawValue("%2Fe2e%2Fdb") == Data("new".utf8))
            #expect(try await server.rawValue("/e2e//db/") == Data("new".utf8))
            let invalid = try await server.send("GET", "a.b")
            #expect(invalid.status == 400)
            #expect(invalid.json["code"] as? String == "INVALID_PATH")
            let other = try await server.send("GET", server.process.baseURL + "/secrets/v1/secret/other/e2e/db")
            #expect(other.status == 404)
            #expect(try await server.send("GET", "e2e").status == 404)
            let plain = try await server.send("PUT", "e2e/plain", body: Data("x".utf8), contentType: "text/plain")
            #expect(plain.status == 415)
            #expect(plain.json["code"] as? String == "UNSUPPORTED_MEDIA_TYPE")

            // The contract's listing example, in every form of the whole-store listing.
            for path in ["key1", "folder/key2", "folder/key3", "folder/sub", "folder/sub/key4"] {
                #expect(try await server.write(path, text: path).status == 201)
            }
            let everything = ["e2e/db", "folder/key2", "folder/key3", "folder/sub", "folder/sub/key4", "key1"]
            let base = server.process.baseURL + "/secrets/v1/secret/default"
            for url in [base + "?list=true", base + "/?list=true"] {
                let listed = try await server.send("GET", url)
                #expect(listed.status == 200)
                #expect(listed.headers["content-type"] == "application/json")
                #expect(listed.json["array"] as? [String] == everything, "\(url)")
            }
            #expect(try await server.list("folder") == ["key2", "key3", "sub", "sub/key4"])
            #expect(try await server.list("folder/sub") == ["key4"])
            for empty in ["folder/sub/key4", "fold", "not/a/folder"] {
                #expect(try await server.list(empty) == [], "\(empty)")
            }

            // DELETE is not recursive.
            let deleted = try await server.send("DELETE", "folder/sub")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            #expect(try await server.send("DELETE", "folder/sub").status == 404)
            #expect(try await server.send("DELETE", "folder").status == 404)
            #expect(try await server.list("folder") == ["key2", "key3", "sub/key4"])
            // A secret comes back where a folder remained, and a parent after its child.
            #expect(try await server.write("folder/sub", text: "back").status == 201)
            #expect(try await server.write("late/child", text: "c").status == 201)
            #expect(try await server.write("late", text: "parent").status == 201)
            #expect(try await server.list("late") == ["child"])
            #expect(try await server.rawValue("late") == Data("parent".utf8))

            // Sealed, every secret call is 503 SEALED; unsealed again, the secrets are back.
            let auth = ["Authorization": "token=\(server.token)"]
            let api = server.process.baseURL + "/secrets/v1"
            #expect(try await HTTPExchange.send("PUT", api + "/seal/default", headers: auth).status == 204)
            for (method, path) in [("GET", "late"), ("PUT", "sealed"), ("PATCH", "late"), ("DELETE", "late")] {
                let body = method == "PUT" || method == "PATCH" ? Data(#"{"value":"x"}"#.utf8) : nil
                let answer = try await server.send(method, path, body: body, contentType: "application/json")
                #expect(answer.status == 503, "\(method)")
                #expect(answer.json["code"] as? String == "SEALED", "\(method)")
            }
            #expect(try await server.send("GET", "?list=true").json["code"] as? String == "SEALED")
            #expect(try await HTTPExchange.send("PUT", api + "/auto-unseal/default", headers: auth).status == 200)
            try await server.process.waitForSealStatus(sealed: false, token: server.token, within: .seconds(30))
            #expect(try await server.rawValue("late") == Data("parent".utf8))
        }
    }

    @Test func valuesAndFormatsOverTheWire() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            // A 1 MiB binary secret round-trips byte-identical; one byte more is 413.
            let big = Data(TestValues.binary(count: 1_048_576, seed: 3))
            #expect(try await server.write("big", bytes: big).status == 201)
            let read = try await server.send("GET", "big")
            #expect(read.status == 200)
            #expect(read.headers["content-type"] == "application/octet-stream")
            #expect(read.body.count == big.count)
            // Compared outside #expect: on failure it would print and diff a mebibyte.
            let identical = read.body == big
            #expect(identical, "the value read back differs")
            let over = try await server.write("bigger", bytes: Data(TestValues.binary(count: 1_048_577)))
            #expect(over.status == 413)
            #expect(over.json["code"] as? String == "TOO_LARGE")
            #expect(try await server.send("GET", "bigger").status == 404)
            // The server still serves after refusing a body it did not read to the end.
            let kept = try await server.rawValue("big") == big
            #expect(kept, "the value changed")

            // The Accept matrix on one text and one binary secret.
            let binary = Data([0xFF, 0x00, 0xC3, 0x28])
            #expect(try await server.write("text", text: "tëxt").status == 201)
            #expect(try await server.write("binary", bytes: binary).status == 201)
            let cases: [(path: String, accept: String?, status: Int, type: String)] = [
                ("text", nil, 200, "application/json"), ("text", "*/*", 200, "application/json"),
                ("text", "text/html, */*;q=0.8", 200, "application/json"),
                ("text", "application/json", 200, "application/json"),
                ("text", "application/octet-stream", 200, "application/octet-stream"),
                ("binary", nil, 200, "application/octet-stream"), ("binary", "*/*", 200, "application/octet-stream"),
                ("binary", "application/json, */*", 200, "application/octet-stream"),
                ("binary", "application/octet-stream", 200, "application/octet-stream"),
                ("binary", "application/json", 406, "application/json"),
            ]
            for (path, accept, status, type) in cases {
                let answer = try await server.send("GET", path, accept: accept)
                #expect(answer.status == status, "\(path) \(accept ?? "none")")
                #expect(answer.headers["content-type"] == type, "\(path) \(accept ?? "none")")
                switch (status, type, path) {
                case (200, "application/json", _): #expect(answer.json["value"] as? String == "tëxt")
                case (200, _, "text"): #expect(answer.body == Data("tëxt".utf8))
                case (200, _, _): #expect(answer.body == binary)
                default: #expect(answer.json["code"] as? String == "NOT_ACCEPTABLE")
                }
            }

            // PATCH turns text into binary and back.
            #expect(try await server.write("PATCH", "text", bytes: binary).status == 204)
            #expect(try await server.send("GET", "text", accept: "application/json").status == 406)
            #expect(try await server.write("PATCH", "text", text: "again").status == 204)
            #expect(try await server.send("GET", "text").json["value"] as? String == "again")
        }
    }

    @Test func permissionsOverTheWire() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            #expect(try await server.write("team/db", text: "secret").status == 201)
            for token in ["", "garbage"] {
                let anonymous = try await server.send("GET", "team/db", token: token)
                #expect(anonymous.status == 401)
                #expect(anonymous.headers["www-authenticate"] == "acsjwt")
                #expect(anonymous.json["code"] as? String == "UNAUTHENTICATED")
                #expect(anonymous.json["value"] == nil)
            }

            let user = try await server.identity("PUT", "users/alice", json: ["password": "alice-password"])
            #expect(user.status == 201)
            let alice = try await server.process.login(uid: "alice", password: "alice-password")
            let forbidden = try await server.send("GET", "team/db", token: alice)
            #expect(forbidden.status == 403)
            #expect(forbidden.json["code"] as? String == "FORBIDDEN")
            #expect(try await server.write("team/new", text: "x", token: alice).status == 403)

            let rid = "dcos:secrets:default:%252Fteam%252Fdb"
            #expect(try await server.identity("PUT", "acls/\(rid)", json: ["description": "db"]).status == 201)
            #expect(try await server.identity("PUT", "acls/\(rid)/users/alice/read").status == 204)
            // The grant reaches the request path through the directory: give it a second.
            let deadline = ContinuousClock.now + .seconds(5)
            var read = try await server.send("GET", "team/db", token: alice)
            while read.status == 403, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                read = try await server.send("GET", "team/db", token: alice)
            }
            #expect(read.status == 200)
            #expect(read.json["value"] as? String == "secret")
            // Read only: no update, no delete, no list, nothing else.
            #expect(try await server.write("PATCH", "team/db", text: "x", token: alice).status == 403)
            #expect(try await server.send("DELETE", "team/db", token: alice).status == 403)
            #expect(try await server.send("GET", "team?list=true", token: alice).status == 403)
            #expect(try await server.send("GET", "team/other", token: alice).status == 403)
            #expect(try await server.rawValue("team/db") == Data("secret".utf8))
        }
    }
}
