import Foundation
import Hummingbird
import SecretStoreCore
import SecretStoreHTTP

/// A tiny application whose routes call the secret body reader and negotiator and echo what they
/// got, with errors answered through the one mapping (`APIError`).
enum SecretBodyTestApp {
    /// `PUT /upload` reads a `SecretUpload` with `limit` and answers
    /// `{"kind","size","checksum","description","labels"}`; `GET /negotiate/{kind}` answers the negotiated
    /// representation's content type as text.
    static func make(limit: Int, metadataLimit: Int = SecretUpload.defaultMetadataLimit) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: ErrorAnswer())
        router.put("/upload") { request, _ -> Response in
            let upload = try await SecretUpload.read(from: request, limit: limit, metadataLimit: metadataLimit)
            var echo: [String: Any] = [
                "kind": upload.kind == .text ? "text" : "binary", "size": upload.value.count,
                "checksum": checksum(upload.value),
            ]
            echo["description"] = upload.description
            echo["labels"] = upload.labels
            let data = try JSONSerialization.data(withJSONObject: echo)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/negotiate/{kind}") { request, context -> String in
            let kind: SecretKind = context.parameters.get("kind") == "binary" ? .binary : .text
            return try SecretRepresentation(for: request, stored: kind).contentType
        }
        return Application(router: router)
    }

    /// FNV-1a of `bytes`, as the upload route reports it, to check values arrive byte-identical.
    static func checksum(_ bytes: some Sequence<UInt8>) -> String {
        bytes.reduce(UInt64(14_695_981_039_346_656_037)) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }.description
    }

    private struct ErrorAnswer: RouterMiddleware {
        typealias Context = BasicRequestContext
        func handle(
            _ request: Request, context: Context, next: (Request, Context) async throws -> Response
        ) async throws -> Response {
            do { return try await next(request, context) } catch { return APIError(error).response() }
        }
    }
}
