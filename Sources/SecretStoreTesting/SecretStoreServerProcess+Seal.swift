import Foundation

extension SecretStoreServerProcess {
    /// Logs in with a password and returns the token.
    public func login(uid: String, password: String) async throws -> String {
        let answer = try await HTTPExchange.send(
            "POST", baseURL + "/acs/api/v1/auth/login", json: ["uid": uid, "password": password])
        guard answer.status == 200, let token = answer.json["token"] as? String else {
            throw ServerProcessError("login of \(uid) answered \(answer.status)")
        }
        return token
    }

    /// Polls `GET /secrets/v1/seal-status/default` until `sealed` is as wanted (bootstrap mode
    /// generates a 4096-bit key pair at first start, which takes seconds); throws after `limit`.
    @discardableResult
    public func waitForSealStatus(
        sealed: Bool, token: String, within limit: Duration = .seconds(60)
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + limit
        var last: [String: Any] = [:]
        while ContinuousClock.now < deadline {
            let answer = try await HTTPExchange.send(
                "GET", baseURL + "/secrets/v1/seal-status/default", headers: ["Authorization": "token=\(token)"])
            last = answer.json
            if answer.status == 200, last["sealed"] as? Bool == sealed { return last }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ServerProcessError("seal status did not become sealed=\(sealed) within \(limit); last: \(last)")
    }
}

/// A test server that did not behave as a test needed.
public struct ServerProcessError: Error, CustomStringConvertible {
    public var description: String
    /// Creates an error.
    public init(_ description: String) { self.description = description }
}
