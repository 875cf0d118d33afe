import Foundation
import SecretStoreTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A running `secret-store` process whose store is unsealed, with a token of the bootstrap
/// superuser: what the end-to-end tests of the secrets API talk to, over real sockets.
struct SecretsServer: Sendable {
    /// The bootstrap superuser.
    static let superuser = "bootstrapuser"
    /// Its password.
    static let password = "bootstrap-password-secrets-e2e"

    /// The process.
    let process: SecretStoreServerProcess
    /// A token of the bootstrap superuser.
    let token: String

    /// Starts `count` servers on one fresh root of the shared test ZooKeeper, waits until each has
    /// unsealed itself (bootstrap mode), runs `body`, and stops them whatever happens.
    static func with(
        _ count: Int = 1, arguments: [String] = [], zooKeeper: ZooKeeperTestServer? = nil,
        _ body: ([SecretsServer]) async throws -> Void
    ) async throws {
        try await SecretStoreServerProcess.withCluster(
            count, bootstrapPassword: password, arguments: arguments, zooKeeper: zooKeeper
        ) {
            processes in
            var servers: [SecretsServer] = []
            for process in processes {
                servers.append(try await ready(process))
            }
            try await body(servers)
        }
    }

    /// Logs in as the bootstrap superuser and waits (at most 60 s) until the store is unsealed.
    static func ready(_ process: SecretStoreServerProcess) async throws -> SecretsServer {
        let token = try await process.login(uid: superuser, password: password)
        try await process.waitForSealStatus(sealed: false, token: token)
        return SecretsServer(process: process, token: token)
    }

    /// The URL of the secret (or folder) `path` of the default store, as given.
    func url(_ path: String) -> String { process.baseURL + "/secrets/v1/secret/default/" + path }

    /// Sends `method` to `/secrets/v1/secret/default/<path>` (a full URL if `path` starts with
    /// `http`), with the superuser's token unless `token` says otherwise (`""` sends none).
    func send(
        _ method: String, _ path: String, body: Data? = nil, contentType: String? = nil, accept: String? = nil,
        token: String? = nil, session: URLSession? = nil
    ) async throws -> HTTPExchange {
        var headers: [String: String] = [:]
        let token = token ?? self.token
        if !token.isEmpty { headers["Authorization"] = "token=\(token)" }
        if let contentType { headers["Content-Type"] = contentType }
        if let accept { headers["Accept"] = accept }
        return try await HTTPExchange.send(
            method, path.hasPrefix("http") ? path : url(path), headers: headers, body: body, session: session)
    }

    /// PUT of a text secret `{"value": value}` plus `extra` fields.
    func write(_ path: String, text value: String, extra: [String: Any] = [:], token: String? = nil) async throws
        -> HTTPExchange
    {
        try await write("PUT", path, text: value, extra: extra, token: token)
    }

    /// PUT or PATCH of a text secret `{"value": value}` plus `extra` fields.
    func write(
        _ method: String, _ path: String, text value: String, extra: [String: Any] = [:],
        token: String? = nil
    ) async throws -> HTTPExchange {
        let body = try JSONSerialization.data(withJSONObject: extra.merging(["value": value]) { $1 })
        return try await send(method, path, body: body, contentType: "application/json", token: token)
    }

    /// PUT of a binary secret.
    func write(_ path: String, bytes: Data, token: String? = nil) async throws -> HTTPExchange {
        try await write("PUT", path, bytes: bytes, token: token)
    }

    /// PUT or PATCH of a binary secret.
    func write(_ method: String, _ path: String, bytes: Data, token: String? = nil) async throws
        -> HTTPExchange
    {
        try await send(method, path, body: bytes, contentType: "application/octet-stream", token: token)
    }

    /// The raw bytes of the secret at `path`, nil unless 200.
    func rawValue(_ path: String) async throws -> Data? {
        let answer = try await send("GET", path, accept: "application/octet-stream")
        return answer.status == 200 ? answer.body : nil
    }

    /// Sends `GET path` until `until` holds for the answer, at most `limit`, and returns the last
    /// answer: after a write through another instance, this one may serve its cached value for a
    /// moment (until ZooKeeper's watch notification arrives).
    func poll(
        _ path: String, accept: String? = nil, within limit: Duration = .seconds(5),
        until: (HTTPExchange) -> Bool
    ) async throws -> HTTPExchange {
        let deadline = ContinuousClock.now + limit
        var answer = try await send("GET", path, accept: accept)
        while !until(answer), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            answer = try await send("GET", path, accept: accept)
        }
        return answer
    }

    /// The raw bytes of the secret at `path` once they are `expected` (polling as `poll` does),
    /// or whatever they are at the end of `limit` (nil unless 200).
    func rawValue(_ path: String, becoming expected: Data?) async throws -> Data? {
        let answer = try await poll(path, accept: "application/octet-stream") {
            expected == nil ? $0.status == 404 : $0.status == 200 && $0.body == expected
        }
        return answer.status == 200 ? answer.body : nil
    }

    /// The `array` of a listing of `path`, nil unless 200.
    func list(_ path: String, token: String? = nil) async throws -> [String]? {
        let answer = try await send("GET", path + "?list=true", token: token)
        return answer.status == 200 ? answer.json["array"] as? [String] : nil
    }

    /// Calls the identity API at `/acs/api/v1/<path>` as the superuser.
    func identity(_ method: String, _ path: String, json: [String: Any]? = nil) async throws -> HTTPExchange {
        try await HTTPExchange.send(
            method, process.baseURL + "/acs/api/v1/" + path, headers: ["Authorization": "token=\(token)"],
            json: json)
    }
}
