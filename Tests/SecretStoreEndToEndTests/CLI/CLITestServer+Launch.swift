import Foundation
import SecretStoreTesting
import Testing

extension CLITestServer {
    /// Creates the text secret `path` holding `text` through the API, with the saved token.
    func createSecret(_ path: String, text: String) async throws {
        let answer = try await HTTPExchange.send(
            "PUT", server.baseURL + "/secrets/v1/secret/default/" + path, headers: authorization,
            json: ["value": text])
        #expect(answer.status == 201, "create \(path): \(answer.text)")
    }

    /// Creates the binary secret `path` holding `bytes` through the API, with the saved token.
    func createSecret(_ path: String, bytes: Data) async throws {
        var headers = authorization
        headers["Content-Type"] = "application/octet-stream"
        let answer = try await HTTPExchange.send(
            "PUT", server.baseURL + "/secrets/v1/secret/default/" + path, headers: headers, body: bytes)
        #expect(answer.status == 201, "create \(path): \(answer.text)")
    }

    private var authorization: [String: String] {
        ["Authorization": "token=\(savedConfiguration()?["token"] as? String ?? "")"]
    }

    /// A new empty folder `name` in the test folder, as a task's sandbox.
    func folder(_ name: String) throws -> String {
        let path = directory + "/" + name
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return path
    }

    /// Every entry below `folder`, relative and sorted.
    func listing(_ folder: String) -> [String] {
        (FileManager.default.subpaths(atPath: folder) ?? []).sorted()
    }

    /// The permission bits of `path`.
    func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }
}
