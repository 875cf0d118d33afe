import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP request over a real socket and what came back: for end-to-end tests. Cookies are never
/// stored or sent implicitly, so every test states the credentials it uses.
public struct HTTPExchange: Sendable {
    /// The status code.
    public var status: Int
    /// Response headers, by lower-cased name.
    public var headers: [String: String]
    /// The body.
    public var body: Data

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// The body parsed as a JSON object (empty if it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    /// A session that opens up to `connections` connections to one server at once (the shared one
    /// opens at most six, as URLSession does by default), for tests whose requests must really run
    /// concurrently.
    public static func session(connections: Int) -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.timeoutIntervalForRequest = 60
        configuration.httpMaximumConnectionsPerHost = connections
        return URLSession(configuration: configuration)
    }

    /// Sends `method url` with `headers` and `body`; a JSON object body is encoded with
    /// `Content-Type: application/json` unless `headers` names another type.
    public static func send(
        _ method: String, _ url: String, headers: [String: String] = [:], json: [String: Any]? = nil,
        body: Data? = nil, session: URLSession? = nil
    ) async throws -> HTTPExchange {
        let session = session ?? Self.session
        guard let target = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: target)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            if headers.keys.allSatisfy({ $0.lowercased() != "content-type" }) {
                request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            }
        } else if let body {
            request.httpBody = body
        }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return HTTPExchange(status: http.statusCode, headers: fields, body: data)
    }
}
