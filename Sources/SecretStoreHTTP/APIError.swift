import Hummingbird
import NIOCore
import NIOHTTP1
import SecretStoreCore
import SecretStoreWire

/// An error as the API answers it: a status and the contract's body `{"code","message"}`.
/// `init(_:)` is the one mapping from domain errors to HTTP statuses.
public struct APIError: Error, Sendable, Equatable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The stable code, e.g. `NOT_FOUND`.
    public var code: String
    /// A human sentence.
    public var message: String
    /// Extra headers (`WWW-Authenticate`, `Retry-After`).
    public var headers: HTTPFields = [:]
    /// The paths the error is about, when it names several (resolve's refusals); sent as `paths`.
    public var paths: [String] = []

    /// Creates an error answer.
    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    /// The answer to any error a handler throws.
    public init(_ error: any Error) {
        switch error {
        case let error as APIError:
            self = error
        case let error as IdentityError:
            self.init(identity: error)
        case let error as StorageError:
            self.init(storage: error)
        case let error as SealError:
            self.init(seal: error)
        case let error as SecretError:
            self.init(secret: error)
        case let error as RequestError:
            self.init(request: error)
        case let error as BackupError:
            // A damaged file is the caller's to fix; a root that is not empty, or a store that
            // changed under the backup, conflicts with the store's state.
            self.init(
                error.code == .damaged ? .badRequest : .conflict, code: error.code.rawValue, message: error.message)
        case let error as CAError:
            // A bad key size, host, subject, CSR or certificate: the caller's to fix.
            self.init(.badRequest, code: error.code.rawValue, message: error.message)
        case let error as HTTPError:
            self.init(http: error)
        case let error as HTTPParserError:
            // The body turned out malformed while a route read it (a bad chunk size or trailer, a
            // body cut short): the client's fault.
            self.init(.badRequest, code: "BAD_REQUEST", message: "malformed HTTP request: \(error)")
        case is NIOTooManyBytesError:
            // A body collected with a limit ran past it: refused while reading, never buffered whole.
            self.init(.contentTooLarge, code: "TOO_LARGE", message: "the request body is too large")
        default:
            self.init(.internalServerError, code: "INTERNAL", message: "internal error")
        }
    }

    private init(identity error: IdentityError) {
        switch error.code {
        case .badRequest: self.init(.badRequest, code: error.code.rawValue, message: error.message)
        case .notFound: self.init(.notFound, code: error.code.rawValue, message: error.message)
        case .alreadyExists, .conflict: self.init(.conflict, code: error.code.rawValue, message: error.message)
        case .unauthenticated: self = .unauthenticated(error.message)
        case .forbidden: self.init(.forbidden, code: error.code.rawValue, message: error.message)
        case .tooManyRequests:
            var headers = HTTPFields()
            headers[.retryAfter] = String(error.retryAfterSeconds ?? 1)
            self.init(.tooManyRequests, code: error.code.rawValue, message: error.message, headers: headers)
        default: self.init(.internalServerError, code: error.code.rawValue, message: error.message)
        }
    }

    private init(storage error: StorageError) {
        switch error.code {
        case .notFound: self.init(.notFound, code: "NOT_FOUND", message: error.message)
        case .alreadyExists: self.init(.conflict, code: "ALREADY_EXISTS", message: error.message)
        case .versionConflict: self.init(.conflict, code: "CONFLICT", message: error.message)
        case .tooLarge: self.init(.contentTooLarge, code: "TOO_LARGE", message: error.message)
        case .unavailable: self.init(.serviceUnavailable, code: "STORAGE_UNAVAILABLE", message: error.message)
        case .invalidKey: self.init(.badRequest, code: "INVALID_PATH", message: error.message)
        default:
            // Corrupted data, or ZooKeeper refusing our identity: the operator's problem, not the client's.
            self.init(.internalServerError, code: error.code.rawValue, message: "storage failure: \(error.message)")
        }
    }

    private init(secret error: SecretError) {
        let status: HTTPResponse.Status
        switch error.code {
        case .invalidPath, .badRequest: status = .badRequest
        case .spaceDenied, .forbidden: status = .forbidden
        case .notFound: status = .notFound
        case .alreadyExists, .conflict: status = .conflict
        case .tooLarge: status = .contentTooLarge
        case .notAcceptable: status = .notAcceptable
        case .unsupportedMediaType: status = .unsupportedMediaType
        case .insufficientStorage: status = HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage")
        default: status = .internalServerError
        }
        self.init(status, code: error.code.rawValue, message: error.message)
        paths = error.paths
    }

    private init(seal error: SealError) {
        switch error.code {
        case .badRequest, .invalidUnsealKey: self.init(.badRequest, code: error.code.rawValue, message: error.message)
        case .alreadyInitialized, .conflict: self.init(.conflict, code: error.code.rawValue, message: error.message)
        case .sealed: self.init(.serviceUnavailable, code: error.code.rawValue, message: error.message)
        default: self.init(.internalServerError, code: error.code.rawValue, message: error.message)
        }
    }

    private init(request error: RequestError) {
        switch error.reason {
        case .malformed: self.init(.badRequest, code: "BAD_REQUEST", message: error.message)
        case .unsupportedMediaType:
            self.init(.unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE", message: error.message)
        case .unknownStore: self.init(.notFound, code: "NOT_FOUND", message: error.message)
        case .busy(let seconds):
            var headers = HTTPFields()
            headers[.retryAfter] = String(seconds)
            self.init(.tooManyRequests, code: "TOO_MANY_REQUESTS", message: error.message, headers: headers)
        case .timedOut: self.init(.requestTimeout, code: "REQUEST_TIMEOUT", message: error.message)
        }
    }

    private init(http error: HTTPError) {
        switch error.status {
        case .notFound: self.init(.notFound, code: "NOT_FOUND", message: error.body ?? "no such endpoint")
        case .contentTooLarge:
            self.init(.contentTooLarge, code: "TOO_LARGE", message: "the request body is too large")
        case .unsupportedMediaType:
            self.init(
                .unsupportedMediaType, code: "UNSUPPORTED_MEDIA_TYPE", message: error.body ?? "unsupported media type")
        case .notAcceptable: self.init(.notAcceptable, code: "NOT_ACCEPTABLE", message: error.body ?? "not acceptable")
        case .methodNotAllowed:
            self.init(.methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "method not allowed")
        case let status where status.code < 500:
            self.init(.badRequest, code: "BAD_REQUEST", message: error.body ?? "bad request")
        default: self.init(.internalServerError, code: "INTERNAL", message: "internal error")
        }
    }

    /// 401 with `WWW-Authenticate: acsjwt`.
    public static func unauthenticated(_ message: String) -> APIError {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "acsjwt"
        return APIError(.unauthorized, code: "UNAUTHENTICATED", message: message, headers: headers)
    }

    /// 405 `METHOD_NOT_ALLOWED`: the path is a route's, with other methods, which `Allow` lists.
    static func methodNotAllowed(allowed methods: [String]) -> APIError {
        let allowed = methods.joined(separator: ", ")
        return APIError(
            .methodNotAllowed, code: "METHOD_NOT_ALLOWED", message: "this path allows only \(allowed)",
            headers: [.allow: allowed])
    }

    /// 503 `AUDIT_UNAVAILABLE`: the request's audit line cannot be written (contract §9).
    public static func auditUnavailable(_ message: String) -> APIError {
        APIError(.serviceUnavailable, code: "AUDIT_UNAVAILABLE", message: message)
    }

    /// The response: the JSON body, exactly `application/json`, and the extra headers.
    public func response() -> Response {
        var response = JSONResponse.make(status, body)
        response.headers.append(contentsOf: headers)
        return response
    }

    /// The body alone, for an answer written below Hummingbird (`ConnectionGuard`).
    func encodedBody() -> ByteBuffer {
        ByteBuffer(bytes: JSONResponse.encode(body))
    }

    /// The contract's error body; `paths` only when there are some.
    private var body: ErrorAnswer {
        ErrorAnswer(code: code, message: message, paths: paths.isEmpty ? nil : paths)
    }
}
