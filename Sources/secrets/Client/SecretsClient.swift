import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import SecretStoreWire

/// A client of one server's identity, secrets and CA APIs (`IdentityAPIPath`, `SecretsAPIPath`,
/// `CAAPIPath`): JSON or a binary secret's raw bytes in and out, the token as
/// `Authorization: token=<JWT>`, and error answers turned into a `CLIError` carrying the server's
/// code, message and `Retry-After`. Cookies are neither stored nor sent: the token is the only
/// credential. HTTPS connections accept only what `trust` allows; redirects are never followed
/// (the token must not travel to another address).
struct SecretsClient {
    /// The server's base URL, without a trailing `/`.
    let baseURL: String
    /// Which certificates HTTPS connections to the server accept.
    let trust: TLSTrust
    /// The token sent with every request, if any.
    let token: String?
    let tlsConfiguration: TLSConfiguration?

    /// The largest answer read: a resolve of several secrets of up to 3 MiB each, with room to spare.
    static let maximumAnswerSize = 64 * 1024 * 1024
    /// How long one request may take, connection and answer included.
    static let requestTimeout = TimeAmount.seconds(30)

    /// One HTTP client for the process, never shut down (as `HTTPClient.shared`): the CLI lives for
    /// one command, and `secrets exec` replaces the process with `execve`. Each request carries
    /// the TLS configuration of its trust.
    static let transport: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        // A refused connection or certificate is the answer: the pool would otherwise retry it
        // until the connect timeout and only then report it.
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A client of the server at `url` that authenticates with `token` and, over HTTPS, accepts the
    /// certificates `trust` allows.
    init(url: String, token: String?, trust: TLSTrust) throws {
        baseURL = try Self.baseURL(url)
        self.token = token
        self.trust = trust
        tlsConfiguration = baseURL.lowercased().hasPrefix("https:") ? try trust.tlsConfiguration : nil
    }

    /// `url` without trailing `/`, if it is an http or https URL with a host.
    static func baseURL(_ url: String) throws -> String {
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        guard let parsed = URL(string: base), let scheme = parsed.scheme?.lowercased(),
            scheme == "http" || scheme == "https", parsed.host != nil
        else { throw CLIError("not an http or https URL: \(url)") }
        return base
    }

    /// Whether `url` is an https URL.
    static func isHTTPS(_ url: String) -> Bool {
        URL(string: url)?.scheme?.lowercased() == "https"
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
        let (status, headers, data) = try await perform(method, path, body: body, accept: accept)
        guard (200..<300).contains(status) else { throw refusal(status: status, headers: headers, body: data) }
        return Payload(bytes: data, contentType: headers.first(name: "Content-Type"))
    }

    /// Sends the request and reads the whole answer, whatever its status.
    func perform(
        _ method: String, _ path: String, body: Payload? = nil, accept: String = Payload.jsonType
    ) async throws -> (status: Int, headers: HTTPHeaders, body: Data) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        request.tlsConfiguration = tlsConfiguration
        request.headers.add(name: "Accept", value: accept)
        if let token { request.headers.add(name: "Authorization", value: "token=\(token)") }
        if let body {
            request.body = .bytes(ByteBuffer(bytes: body.bytes))
            request.headers.add(name: "Content-Type", value: body.contentType ?? Payload.jsonType)
        }
        do {
            let response = try await Self.transport.execute(request, timeout: Self.requestTimeout)
            let buffer = try await response.body.collect(upTo: Self.maximumAnswerSize)
            let status = Int(response.status.code)
            if (300..<400).contains(status) {
                let location = response.headers.first(name: "Location") ?? "another address"
                throw CLIError(
                    "\(baseURL) redirects \(method) \(path) to \(location): give the store's https URL instead")
            }
            return (status, response.headers, Data(buffer.readableBytesView))
        } catch let error as CLIError {
            throw error
        } catch {
            throw unreachable(error)
        }
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

    /// The `CLIError` of a non-2xx answer: the contract's `{"code","message"}` body, or cfssl's
    /// envelope for the CA's API (`CFSSLRefusal`).
    func refusal(status: Int, headers: HTTPHeaders, body: Data) -> CLIError {
        let retryAfter = headers.first(name: "Retry-After").flatMap {
            Int($0.trimmingCharacters(in: .whitespaces))
        }
        // cfssl's envelope first: every field of ErrorAnswer is optional, so it decodes from anything.
        let cfssl = CFSSLRefusal(body: body)
        let error = cfssl == nil ? try? JSONDecoder().decode(ErrorAnswer.self, from: body) : nil
        let code = cfssl?.code ?? error?.code
        var message = cfssl?.message ?? error?.message
        if status == 401, token != nil {
            message = (message.map { $0 + "; " } ?? "") + "log in again with `secrets login`"
        }
        return CLIError(
            status: status, code: code, message: message, retryAfter: retryAfter, paths: error?.paths ?? [])
    }

    /// A request that got no answer; a TLS failure says why in a few words, and names the trust it
    /// was checked against.
    func unreachable(_ error: any Error) -> CLIError {
        let reason: String
        switch error {
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            reason = "TLS: the server's certificate is not for this host name"
        case let error as NIOSSLError where "\(error)".contains("CERTIFICATE_VERIFY_FAILED"):
            reason = "TLS: the server's certificate is not signed by a trusted CA"
        case is NIOSSLError, is NIOSSLExtraError:
            reason = "TLS: \(error)"
        default:
            return CLIError("cannot reach \(baseURL): \(error)")
        }
        return CLIError("cannot reach \(baseURL): \(reason) (trusting \(trust))")
    }
}
