import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// What the backup tests do through a `SealClient`: raw secrets, identity calls, initialisation
/// with the operator's fixture key, and the backup and restore calls themselves.
extension SealClient {
    /// `method /acs/api/v1<path>` with this session's token.
    @discardableResult
    func identity(_ method: String, _ path: String, json: [String: Any]? = nil) async throws -> HTTPExchange {
        try await HTTPExchange.send(
            method, server.baseURL + "/acs/api/v1" + path, headers: ["Authorization": "token=\(token)"], json: json)
    }

    /// Stores `value` as a binary secret (201 or 204 expected).
    func putBinary(_ path: String, _ value: [UInt8], create: Bool = true) async throws -> Int {
        try await HTTPExchange.send(
            create ? "PUT" : "PATCH", server.baseURL + "/secrets/v1/secret/default/\(path)",
            headers: ["Authorization": "token=\(token)", "Content-Type": "application/octet-stream"],
            body: Data(value)
        ).status
    }

    /// The raw value of a secret (binary or text), or `nil` with the failure recorded.
    func rawValue(_ path: String, token: String? = nil) async throws -> [UInt8]? {
        let answer = try await HTTPExchange.send(
            "GET", server.baseURL + "/secrets/v1/secret/default/\(path)",
            headers: ["Authorization": "token=\(token ?? self.token)", "Accept": "application/octet-stream"])
        #expect(answer.status == 200, "read \(path): \(answer.status) \(answer.text)")
        return answer.status == 200 ? Array(answer.body) : nil
    }

    /// `GET /backup/default`, expected to be 200 `application/octet-stream`.
    func backup() async throws -> [UInt8] {
        let answer = try await send("GET", "/backup/default")
        #expect(answer.status == 200, "backup: \(answer.status) \(answer.text.prefix(200))")
        #expect(answer.headers["content-type"] == "application/octet-stream")
        return Array(answer.body)
    }

    /// `PUT /restore/default` with `file`.
    func restore(_ file: [UInt8], token: String? = nil) async throws -> HTTPExchange {
        try await HTTPExchange.send(
            "PUT", server.baseURL + "/secrets/v1/restore/default",
            headers: ["Authorization": "token=\(token ?? self.token)", "Content-Type": "application/octet-stream"],
            body: Data(file))
    }

    /// Initialises a custom-mode store with two shares (threshold 2), both for the operator's
    /// fixture key, unseals it and returns the decrypted shares.
    func initialiseWithOperatorShares(_ context: GPGContext) async throws -> [String] {
        let pgpKeys = [
            try GPGFixtures.text("operator.pub.b64").trimmingCharacters(in: .whitespacesAndNewlines),
            try GPGFixtures.text("operator.pub.asc"),
        ]
        let initialized = try await send(
            "PUT", "/init/default", json: ["shares": 2, "threshold": 2, "pgp_keys": pgpKeys])
        #expect(initialized.status == 200, "\(initialized.text)")
        _ = try context.importKey(Array(try GPGFixtures.text("operator.sec.asc").utf8))
        let keys = try #require(initialized.json["keys"] as? [String])
        var shares: [String] = []
        for key in keys {
            let message = try #require(HexText.decode(key))
            shares.append(String(decoding: try context.decrypt(message), as: UTF8.self))
        }
        try await unseal(with: shares)
        return shares
    }

    /// Enters `shares` and expects the store unsealed after the last.
    func unseal(with shares: [String]) async throws {
        var last: HTTPExchange?
        for share in shares { last = try await send("PUT", "/unseal/default", json: ["key": share]) }
        #expect(last?.json["sealed"] as? Bool == false, "\(last?.text ?? "")")
    }

    /// Polls `GET /ca/dcos-ca.crt` until the CA exists (it is made after the first unseal).
    func caRoot() async throws -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let answer = try await HTTPExchange.send("GET", server.baseURL + "/ca/dcos-ca.crt")
            if answer.status == 200 { return answer.text }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServerProcessError("no CA within 60 s")
    }

    /// The installation's cluster id (`GET /metadata`).
    func clusterID() async throws -> String? {
        try await HTTPExchange.send(
            "GET", server.baseURL + "/metadata", headers: ["Authorization": "token=\(token)"]
        ).json["CLUSTER_ID"] as? String
    }
}
