import Foundation
import SecretStoreWire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A client of one server's identity and secrets APIs (`IdentityAPIPath`, `SecretsAPIPath`): JSON or a
/// binary secret's raw bytes in and out, the token as `Authorization: token=<JWT>`, and error
/// answers turned into a `CLIError` carrying the server's code, message and `Retry-After`. Cookies
/// are neither stored nor sent: the token is the only credential.
struct SecretsClient {
    /// The server's base URL, without a trailing `/`.
    let baseURL: String
    /// The token sent with every request, if any.
    private let token: String?
    private let session: URLSession

    /// A client of the server at `url` that authenticates with `token`.
    init(url: String, token: String?) throws {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        guard let parsed = URL(string: base), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", parsed.host != nil
        else { throw CLIError("not an http or https URL: \(url)") }
        baseURL = base
        self.token = token
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpCookieStorage = nil
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration)
    }

    /// Sends `method path` (path from the server's root, segments already encoded) with `body` as
    /// JSON; returns the body of a 2xx answer, and throws a `CLIError` for any other.
    @discardableResult
    func send(_ method: String, _ path: String, json body: (any Encodable)? = nil) async throws -> Data {
        try await exchange(method, path, body: body.map { try Payload.json($0) }).bytes
    }

    /// Sends `method path` with `body` as it is (JSON or raw bytes) and `accept` as the `Accept`
    /// header; returns the body of a 2xx answer with its `Content-Type`, and throws a `CLIError`
    /// carrying the server's code and message for any other status.
    @discardableResult
    func exchange(
        _ method: String, _ path: String, body: Payload? = nil, accept: String = Payload.jsonType
    ) async throws -> Payload {
        guard let url = URL(string: baseURL + path) else { throw CLIError("not a valid URL: \(baseURL + path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.setValue(accept, forHTTPHeaderField: "Accept")
        if let token { request.setValue("token=\(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body.bytes
            request.setValue(body.contentType ?? Payload.jsonType, forHTTPHeaderField: "Content-Type")
        }
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch {
            throw CLIError("cannot reach \(baseURL): \(error.localizedDescription)")
        }
        guard let http = response as? HTTPURLResponse else { throw CLIError("\(baseURL) did not answer HTTP") }
        guard (200..<300).contains(http.statusCode) else { throw refusal(http, body: data) }
        return Payload(bytes: data, contentType: http.value(forHTTPHeaderField: "Content-Type"))
    }

    /// Sends `method path` and decodes the JSON answer as `Answer`.
    func send<Answer: Decodable>(
        _ method: String, _ path: String, json body: (any Encodable)? = nil, as answer: Answer.Type
    ) async throws -> Answer {
        let data = try await send(method, path, json: body)
        do {
            return try JSONDecoder().decode(Answer.self, from: data)
        } catch {
            throw CLIError("unexpected answer from \(baseURL) to \(method) \(path)")
        }
    }

    private func refusal(_ response: HTTPURLResponse, body: Data) -> CLIError {
        let error = try? JSONDecoder().decode(ErrorAnswer.self, from: body)
        let retryAfter = response.value(forHTTPHeaderField: "Retry-After").flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        var message = error?.message
        if response.statusCode == 401, token != nil {
            message = (message.map { $0 + "; " } ?? "") + "log in again with `secrets login`"
        }
        return CLIError(
            status: response.statusCode, code: error?.code, message: message, retryAfter: retryAfter,
            paths: error?.paths ?? [])
    }
}
