import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreTesting
import Testing

/// Every row of the contract's §2 table, through the router over in-memory storage.
@Suite("Secrets API calls")
struct SecretCallTests {
    @Test func createAnswers201WithAnEmptyObjectThen409() async throws {
        try await withSecretsAPI { api in
            // Unknown fields (the UI sends `path` and `store_id`) are ignored.
            let created = try await api.write(
                "app/db", text: "first", extra: ["path": "app/db", "store_id": "default"])
            #expect(created.status == .created)
            #expect(created.headers[.contentType] == "application/json")
            #expect(created.text == "{}")

            let again = try await api.write("app/db", text: "second")
            #expect(again.status == .conflict)
            #expect(again.errorCode == "ALREADY_EXISTS")
            #expect(again.headers[.contentType] == "application/json")
            let binaryAgain = try await api.write("app/db", bytes: [1, 2, 3])
            #expect(binaryAgain.status == .conflict)
            #expect(binaryAgain.errorCode == "ALREADY_EXISTS")
            // The refused creates changed nothing.
            #expect(try await api.rawValue("app/db") == Array("first".utf8))
        }
    }

    @Test func readAnswers404ForAMissingSecretAndForAFolder() async throws {
        try await withSecretsAPI { api in
            try await api.write("folder/key", text: "v")
            let read = try await api.send(.get, SecretsAPIClient.uri("folder/key"))
            #expect(read.status == .ok)
            #expect(read.json["value"] as? String == "v")
            for path in ["missing", "folder", "folder/key/below", "folder/ke"] {
                let response = try await api.send(.get, SecretsAPIClient.uri(path))
                #expect(response.status == .notFound, "\(path)")
                #expect(response.errorCode == "NOT_FOUND", "\(path)")
                #expect(response.headers[.contentType] == "application/json", "\(path)")
            }
        }
    }

    @Test func updateAnswers204WithNoBodyAnd404WhenMissing() async throws {
        try await withSecretsAPI { api in
            try await api.write("app/db", text: "old")
            let patched = try await api.write(.patch, "app/db", text: "new")
            #expect(patched.status == .noContent)
            #expect(patched.body.readableBytes == 0)
            #expect(try await api.rawValue("app/db") == Array("new".utf8))

            let missing = try await api.write(.patch, "app/other", text: "x")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NOT_FOUND")
            let missingBinary = try await api.write(.patch, "app/other", bytes: [9])
            #expect(missingBinary.status == .notFound)
            // A PATCH never creates.
            #expect(try await api.send(.get, SecretsAPIClient.uri("app/other")).status == .notFound)
            // Nor does a PATCH of a folder.
            #expect(try await api.write(.patch, "app", text: "x").status == .notFound)
            #expect(try await api.list("") == ["app/db"])
        }
    }

    @Test func deleteAnswers204AndIsNotRecursive() async throws {
        try await withSecretsAPI { api in
            for path in ["folder", "folder/a", "folder/b/c", "only/child"] {
                try await api.write(path, text: path)
            }
            let deleted = try await api.send(.delete, SecretsAPIClient.uri("folder"))
            #expect(deleted.status == .noContent)
            #expect(deleted.body.readableBytes == 0)
            #expect(try await api.send(.get, SecretsAPIClient.uri("folder")).status == .notFound)
            // The secret that shared its path with a folder is gone; the folder's secrets survive.
            #expect(try await api.rawValue("folder/a") == Array("folder/a".utf8))
            #expect(try await api.rawValue("folder/b/c") == Array("folder/b/c".utf8))
            #expect(try await api.list("folder") == ["a", "b/c"])

            let again = try await api.send(.delete, SecretsAPIClient.uri("folder"))
            #expect(again.status == .notFound)
            #expect(again.errorCode == "NOT_FOUND")
            // A folder that is only a folder is not a secret: 404, and its secret survives.
            let folder = try await api.send(.delete, SecretsAPIClient.uri("only"))
            #expect(folder.status == .notFound)
            #expect(folder.errorCode == "NOT_FOUND")
            #expect(try await api.rawValue("only/child") == Array("only/child".utf8))
            #expect(try await api.list("") == ["folder/a", "folder/b/c", "only/child"])
        }
    }

    static let wholeStoreListings = [
        "/secrets/v1/secret/default?list=true", "/secrets/v1/secret/default/?list=true",
        "/secrets/v1/secret/default//?list=true", "/secrets/v1/secret/default?list=true&unknown=1",
    ]

    @Test(arguments: wholeStoreListings)
    func theWholeStoreListsInEveryForm(uri: String) async throws {
        try await withSecretsAPI { api in
            try await api.write("b/c", text: "1")
            try await api.write("a", bytes: [1])
            let response = try await api.send(.get, uri)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(response.json["array"] as? [String] == ["a", "b/c"])
        }
    }

    @Test func listingIsNever404() async throws {
        try await withSecretsAPI { api in
            // An empty store, a missing folder, a secret that is no folder.
            #expect(try await api.list("") == [])
            #expect(try await api.list("nothing/here") == [])
            try await api.write("lonely", text: "1")
            #expect(try await api.list("lonely") == [])
            let response = try await api.send(.get, SecretsAPIClient.listURI("nothing"))
            #expect(response.status == .ok)
            #expect(response.text == #"{"array":[]}"#)
        }
    }

    static let otherStores: [(HTTPRequest.Method, String)] = [
        (.put, "/secrets/v1/secret/other/key"), (.get, "/secrets/v1/secret/other/key"),
        (.patch, "/secrets/v1/secret/other/key"), (.delete, "/secrets/v1/secret/other/key"),
        (.get, "/secrets/v1/secret/other/key?list=true"), (.get, "/secrets/v1/secret/other?list=true"),
        (.get, "/secrets/v1/secret/Default/key"),
    ]

    @Test(arguments: otherStores)
    func anotherStoreIs404(method: HTTPRequest.Method, uri: String) async throws {
        try await withSecretsAPI { api in
            try await api.write("key", text: "in default")
            let body = Array(#"{"value":"x"}"#.utf8)
            let response = try await api.send(
                method, uri, body: method == .get || method == .delete ? nil : body, contentType: "application/json")
            #expect(response.status == .notFound)
            #expect(response.errorCode == "NOT_FOUND")
            // Nothing of the default store was touched.
            #expect(try await api.rawValue("key") == Array("in default".utf8))
        }
    }

    @Test func aTextSecretReadsWithItsAuthorCreationTimeAndMetadata() async throws {
        try await withSecretsAPI { api in
            let alice = try await api.user("alice", grants: [("dcos:secrets:default:/*", .full)])
            let before = Date()
            let created = try await api.write(
                "team/db", text: "pässwörd ✓", extra: ["description": "the DB", "labels": ["a", "b"]], token: alice)
            #expect(created.status == .created)
            let after = Date()

            let read = try await api.send(.get, SecretsAPIClient.uri("team/db"))
            #expect(read.status == .ok)
            #expect(read.headers[.contentType] == "application/json")
            let body = read.json
            #expect(Set(body.keys) == ["value", "author", "created", "description", "labels"])
            #expect(body["value"] as? String == "pässwörd ✓")
            #expect(body["author"] as? String == "alice")
            #expect(body["description"] as? String == "the DB")
            #expect(body["labels"] as? [String] == ["a", "b"])
            let created3339 = try #require(body["created"] as? String)
            let date = try #require(TestValues.date(rfc3339: created3339), "not RFC 3339: \(created3339)")
            #expect(date >= before.addingTimeInterval(-1) && date <= after.addingTimeInterval(1))

            // A PATCH by another user keeps the author and the creation time.
            let bob = try await api.user("bob", grants: [("dcos:secrets:default:/team/db", .update)])
            #expect(try await api.write(.patch, "team/db", text: "new", token: bob).status == .noContent)
            let patched = try await api.send(.get, SecretsAPIClient.uri("team/db")).json
            #expect(patched["value"] as? String == "new")
            #expect(patched["author"] as? String == "alice")
            #expect(patched["created"] as? String == created3339)
        }
    }
}
