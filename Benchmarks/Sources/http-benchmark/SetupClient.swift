import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The HTTP calls around the measurements: waiting for the server, logging in, creating the secrets
/// the GET runs read, filling the store. Never used to measure throughput (wrk does that).
struct SetupClient: Sendable {
    /// `http://127.0.0.1:<port>`.
    var baseURL: String
    /// The login token, once logged in.
    var token: String?
    private let session: URLSession

    init(baseURL: String, connections: Int) {
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = connections
        configuration.httpShouldSetCookies = false
        configuration.timeoutIntervalForRequest = 60
        session = URLSession(configuration: configuration)
    }

    /// Sends one request; the token goes in `Authorization: token=<JWT>` once there is one.
    func send(
        _ method: String, _ path: String, contentType: String? = nil, body: Data? = nil
    ) async throws -> (status: Int, body: Data) {
        guard let url = URL(string: baseURL + path) else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("token=\(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    /// Sends a JSON object.
    func send(_ method: String, _ path: String, json: [String: Any]) async throws -> (status: Int, body: Data) {
        try await send(
            method, path, contentType: "application/json", body: try JSONSerialization.data(withJSONObject: json))
    }

    /// `POST /acs/api/v1/auth/login` with a password; returns the token.
    func login(uid: String, password: String) async throws -> String {
        let (status, body) = try await send("POST", "/acs/api/v1/auth/login", json: ["uid": uid, "password": password])
        guard status == 200,
            let token = (try? JSONSerialization.jsonObject(with: body) as? [String: Any])?["token"] as? String
        else {
            throw BenchmarkFailure("login as \(uid) answered \(status): \(String(decoding: body, as: UTF8.self))")
        }
        return token
    }

    /// Waits, at most `limit`, until `GET /secrets/v1/seal-status/default` no longer says sealed
    /// (the server unseals itself in bootstrap mode). A server without that route counts as unsealed.
    func waitUntilUnsealed(within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while true {
            let (status, body) = try await send("GET", "/secrets/v1/seal-status/default")
            if status == 404 { return }
            let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
            if status == 200, json?["sealed"] as? Bool == false { return }
            guard ContinuousClock.now < deadline else {
                throw BenchmarkFailure("the store is still sealed after \(limit): \(status) \(json ?? [:])")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }

    /// Runs `count` calls of `request(index)`, `concurrency` at a time, and returns how many
    /// answered a status other than `expected`.
    func run(
        count: Int, concurrency: Int, expecting expected: Int,
        _ request: @escaping @Sendable (SetupClient, Int) async throws -> (status: Int, body: Data)
    ) async throws -> Int {
        try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var unexpected = 0
                    for index in stride(from: worker, to: count, by: concurrency) {
                        if try await request(self, index).status != expected { unexpected += 1 }
                    }
                    return unexpected
                }
            }
            return try await group.reduce(0, +)
        }
    }

    /// The number of secrets under `folder` (`""` for all), from a recursive list.
    func secretCount(under folder: String) async throws -> Int {
        let (status, body) = try await send("GET", "/secrets/v1/secret/default/\(folder)?list=true")
        guard status == 200, let json = try JSONSerialization.jsonObject(with: body) as? [String: Any],
            let array = json["array"] as? [Any]
        else { throw BenchmarkFailure("listing '\(folder)' answered \(status)") }
        return array.count
    }
}
