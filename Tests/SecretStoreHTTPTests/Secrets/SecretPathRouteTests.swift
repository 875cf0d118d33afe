import Hummingbird
import HummingbirdTesting
import Testing

/// Path normalisation and validation (contract §2), and the contract's listing example.
@Suite("Secret paths over HTTP")
struct SecretPathRouteTests {
    static let spellings = [
        "myapp/password", "/myapp/password", "//myapp/password", "%2Fmyapp%2Fpassword", "myapp%2fpassword",
        "myapp//password/", "myapp/password//", "%2F%2Fmyapp%2F%2Fpassword%2F",
    ]

    @Test(arguments: spellings)
    func everySpellingNamesTheSameSecret(spelling: String) async throws {
        try await withSecretsAPI { api async throws in
            #expect(try await api.write(spelling, text: "created").status == .created)
            #expect(try await api.list("") == ["myapp/password"])
            // Read, create, update and delete through this spelling all reach the canonical secret.
            #expect(try await api.rawValue(spelling) == Array("created".utf8))
            #expect(try await api.write("myapp/password", text: "again").status == .conflict)
            #expect(try await api.write(.patch, spelling, text: "patched").status == .noContent)
            #expect(try await api.rawValue("myapp/password") == Array("patched".utf8))
            #expect(try await api.send(.delete, SecretsAPIClient.uri(spelling)).status == .noContent)
            #expect(try await api.send(.get, SecretsAPIClient.uri("myapp/password")).status == .notFound)
        }
    }

    @Test(arguments: ["myapp", "/myapp/", "%2Fmyapp", "myapp%2F%2F", "//myapp"])
    func folderSpellingsListTheSameFolder(spelling: String) async throws {
        try await withSecretsAPI { api async throws in
            try await api.write("myapp/password", text: "1")
            try await api.write("myapp/sub/key", text: "2")
            #expect(try await api.list(spelling) == ["password", "sub/key"])
        }
    }

    @Test func pathsAreCaseSensitive() async throws {
        try await withSecretsAPI { api async throws in
            #expect(try await api.write("App/Key", text: "upper").status == .created)
            #expect(try await api.write("app/key", text: "lower").status == .created)
            #expect(try await api.rawValue("App/Key") == Array("upper".utf8))
            #expect(try await api.rawValue("app/key") == Array("lower".utf8))
            #expect(try await api.send(.get, SecretsAPIClient.uri("APP/KEY")).status == .notFound)
            #expect(try await api.list("App") == ["Key"])
        }
    }

    @Test(arguments: [
        String(repeating: "a", count: 255),
        String(repeating: "b", count: 255) + "/" + String(repeating: "c", count: 255),
        // Five components of 204 bytes and four slashes: exactly 1,024 bytes.
        Array(repeating: String(repeating: "d", count: 204), count: 5).joined(separator: "/"),
        // Slashes that normalisation removes do not count.
        "//" + Array(repeating: String(repeating: "e", count: 204), count: 5).joined(separator: "//") + "/",
        "A-Z_a-z_0-9-", "-", "_",
    ])
    func pathsAtTheLimitsAreValid(path: String) async throws {
        try await withSecretsAPI { api async throws in
            #expect(try await api.write(path, text: "ok").status == .created)
            #expect(try await api.rawValue(path) == Array("ok".utf8))
        }
    }

    static let invalidPaths = [
        "a.b", "a%20b", "a%2Eb", "%2E%2E/secret", "caf%C3%A9", "a%00b", "a%2", "a%zz", "%252F", "a%252Fb",
        String(repeating: "a", count: 256), "ok/" + String(repeating: "b", count: 256),
        // Four components of 204 bytes and one of 205, four slashes: 1,025 bytes.
        Array(repeating: String(repeating: "d", count: 204), count: 4).joined(separator: "/") + "/"
            + String(repeating: "d", count: 205),
        // Only slashes: no component names a secret.
        "%2F", "%2F%2F",
    ]

    @Test(arguments: invalidPaths, [HTTPRequest.Method.put, .get, .patch, .delete])
    func invalidPathsAre400(path: String, method: HTTPRequest.Method) async throws {
        try await withSecretsAPI { api async throws in
            let body: [UInt8]? = method == .put || method == .patch ? Array(#"{"value":"x"}"#.utf8) : nil
            let response = try await api.send(
                method, SecretsAPIClient.uri(path), body: body, contentType: body == nil ? nil : "application/json")
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "INVALID_PATH")
            #expect(response.headers[.contentType] == "application/json")
            #expect(try await api.list("") == [])
        }
    }

    // A path that normalises to nothing names no secret: 400 INVALID_PATH for every call, as for
    // `%2F`, not the router's 404 "no such endpoint".
    @Test(
        arguments: ["/secrets/v1/secret/default", "/secrets/v1/secret/default/", "/secrets/v1/secret/default//"],
        [HTTPRequest.Method.put, .get, .patch, .delete])
    func anEmptyPathIs400(uri: String, method: HTTPRequest.Method) async throws {
        try await withSecretsAPI { api async throws in
            let body: [UInt8]? = method == .put || method == .patch ? Array(#"{"value":"x"}"#.utf8) : nil
            let response = try await api.send(
                method, uri, body: body, contentType: body == nil ? nil : "application/json")
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "INVALID_PATH")
        }
    }

    @Test(arguments: invalidPaths.filter { !$0.hasPrefix("%2F") })
    func invalidPathsAre400WhenListed(path: String) async throws {
        try await withSecretsAPI { api async throws in
            let response = try await api.send(.get, SecretsAPIClient.listURI(path))
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "INVALID_PATH")
        }
    }

    @Test func theContractsListingExample() async throws {
        try await withSecretsAPI { api async throws in
            for path in ["key1", "folder/key2", "folder/key3", "folder/sub", "folder/sub/key4"] {
                #expect(try await api.write(path, text: path).status == .created, "\(path)")
            }
            #expect(try await api.list("") == ["folder/key2", "folder/key3", "folder/sub", "folder/sub/key4", "key1"])
            #expect(try await api.list("folder") == ["key2", "key3", "sub", "sub/key4"])
            #expect(try await api.list("folder/sub") == ["key4"])
            #expect(try await api.list("folder/sub/key4") == [])
            #expect(try await api.list("fold") == [])
            #expect(try await api.list("not/a/folder") == [])
        }
    }

    @Test func listingSortsByteWiseAndMixesKinds() async throws {
        try await withSecretsAPI { api async throws in
            // `-` (0x2D) < `/` (0x2F) < `0` < `A` < `_` < `a`, whatever the creation order or kind.
            for path in ["a/b", "a_b", "aB", "a-b", "a0"] {
                try await api.write(path, text: path)
            }
            try await api.write("A", bytes: [0xFF])
            #expect(try await api.list("") == ["A", "a-b", "a/b", "a0", "aB", "a_b"])
        }
    }
}
