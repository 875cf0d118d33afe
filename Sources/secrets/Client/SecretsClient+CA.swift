import Foundation
import SecretStoreWire

extension SecretsClient {
    /// The store's root certificate from `/ca/dcos-ca.crt`, parsed.
    func rootCertificate() async throws -> PEMCertificateChain {
        let answer = try await exchange("GET", CAAPIPath.rootCertificate, accept: "application/x-pem-file, */*")
        return try PEMCertificateChain(
            pem: String(decoding: answer.bytes, as: UTF8.self), source: "\(baseURL)\(CAAPIPath.rootCertificate)")
    }

    /// Calls the cfssl API at `path` with `body` and returns the `result` of its envelope; a failure
    /// envelope becomes the CLI's usual `CLIError` (status, code and message of `errors[0]`).
    func cfssl<Result: Codable & Sendable>(_ path: String, json body: some Encodable, as _: Result.Type) async throws
        -> Result
    {
        let data = try await send("POST", path, json: body)
        if let refusal = CFSSLRefusal(body: data) { throw refusal.error }
        guard let envelope = try? JSONDecoder().decode(CFSSLEnvelope<Result>.self, from: data), envelope.success,
            let result = envelope.result
        else { throw CLIError("unexpected answer from \(baseURL) to POST \(path)") }
        return result
    }
}
