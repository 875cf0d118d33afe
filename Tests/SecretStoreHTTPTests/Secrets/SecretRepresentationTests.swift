import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import Testing

@Suite("Secret content negotiation")
struct SecretRepresentationTests {
    /// Accept header, then what a text secret and a binary secret answer (nil: 406).
    static let matrix: [(String?, SecretRepresentation?, SecretRepresentation?)] = [
        (nil, .json, .octetStream),
        ("", .json, .octetStream),
        ("*/*", .json, .octetStream),
        ("application/json", .json, nil),
        ("Application/JSON; charset=utf-8", .json, nil),
        ("application/octet-stream", .octetStream, .octetStream),
        ("application/*", .json, .octetStream),
        ("application/json, application/octet-stream", .json, .octetStream),
        ("application/octet-stream, application/json", .json, .octetStream),
        ("application/octet-stream;q=1, application/json;q=0.1", .json, .octetStream),
        ("application/json, text/plain;q=0.5, */*;q=0.1", .json, .octetStream),
        ("application/json, */*", .json, .octetStream),
        ("text/html", nil, nil),
        ("text/plain", nil, nil),
        ("text/*", nil, nil),
        ("text/html, application/xhtml+xml, image/webp", nil, nil),
        ("*/*;q=0", nil, nil),
        ("application/json;q=0", nil, nil),
        ("*/*, application/json;q=0", .octetStream, .octetStream),
        ("application/*, application/octet-stream;q=0", .json, nil),
        ("application/json, application/octet-stream;q=0", .json, nil),
        ("application/json;q=0.0, */*;q=0.5", .octetStream, .octetStream),
        ("garbage", .json, .octetStream),
        ("*/json, application/json;q=2", .json, .octetStream),
        (" , ,", .json, .octetStream),
    ]

    @Test(arguments: matrix)
    func acceptHeaders(_ accept: String?, _ text: SecretRepresentation?, _ binary: SecretRepresentation?) throws {
        for (kind, expected) in [(SecretKind.text, text), (.binary, binary)] {
            if let expected {
                #expect(try SecretRepresentation.negotiate(accept: accept, stored: kind) == expected, "\(kind)")
            } else {
                let error = #expect(throws: SecretError.self, "\(kind)") {
                    try SecretRepresentation.negotiate(accept: accept, stored: kind)
                }
                #expect(error?.code == .notAcceptable)
            }
        }
    }

    @Test func severalAcceptLinesCountAsOneList() async throws {
        try await SecretBodyTestApp.make(limit: 10).test(.router) { client in
            var headers = HTTPFields()
            headers[values: .accept] = ["text/html", "application/octet-stream"]
            #expect(headers[fields: .accept].count == 2)
            let both = try await client.execute(uri: "/negotiate/text", method: .get, headers: headers)
            #expect(String(buffer: both.body) == "application/octet-stream")

            let none = try await client.execute(uri: "/negotiate/binary", method: .get)
            #expect(String(buffer: none.body) == "application/octet-stream")

            let refused = try await client.execute(
                uri: "/negotiate/binary", method: .get, headers: [.accept: "application/json"])
            #expect(refused.status == .notAcceptable)
            #expect(refused.errorCode == "NOT_ACCEPTABLE")
            #expect(refused.headers[.contentType] == "application/json")
        }
    }
}
