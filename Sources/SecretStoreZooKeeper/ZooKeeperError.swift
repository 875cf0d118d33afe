import CZooKeeper

/// A failed ZooKeeper operation: the C client's return code, kept raw, and the operation's name.
///
/// Never carries data values or credentials, so it is safe to log.
public struct ZooKeeperError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A ZooKeeper return code (`ZOK`, `ZNONODE`, …), or one of this wrapper's own codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The C client's `ZOO_ERRORS` value; this wrapper's own codes are below -9000.
        public var rawValue: Int32

        /// Creates a code from its raw value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// The node does not exist (`ZNONODE`).
        public static let noNode = Code(rawValue: ZNONODE.rawValue)
        /// The node already exists (`ZNODEEXISTS`).
        public static let nodeExists = Code(rawValue: ZNODEEXISTS.rawValue)
        /// The expected version did not match (`ZBADVERSION`).
        public static let badVersion = Code(rawValue: ZBADVERSION.rawValue)
        /// The node has children (`ZNOTEMPTY`).
        public static let notEmpty = Code(rawValue: ZNOTEMPTY.rawValue)
        /// The ACL denies this identity (`ZNOAUTH`).
        public static let noAuth = Code(rawValue: ZNOAUTH.rawValue)
        /// Authentication was rejected (`ZAUTHFAILED`).
        public static let authFailed = Code(rawValue: ZAUTHFAILED.rawValue)
        /// The connection was lost; a write may or may not have been applied (`ZCONNECTIONLOSS`).
        public static let connectionLoss = Code(rawValue: ZCONNECTIONLOSS.rawValue)
        /// The session expired; the handle is dead (`ZSESSIONEXPIRED`).
        public static let sessionExpired = Code(rawValue: ZSESSIONEXPIRED.rawValue)
        /// The handle is not in a usable state (`ZINVALIDSTATE`), e.g. after expiry.
        public static let invalidState = Code(rawValue: ZINVALIDSTATE.rawValue)
        /// The handle is closing (`ZCLOSING`).
        public static let closing = Code(rawValue: ZCLOSING.rawValue)
        /// The C client's own operation timeout (`ZOPERATIONTIMEOUT`).
        public static let operationTimeout = Code(rawValue: ZOPERATIONTIMEOUT.rawValue)
        /// Bad arguments to the C client (`ZBADARGUMENTS`).
        public static let badArguments = Code(rawValue: ZBADARGUMENTS.rawValue)
        /// Marshalling failed, e.g. out of memory (`ZMARSHALLINGERROR`).
        public static let marshallingError = Code(rawValue: ZMARSHALLINGERROR.rawValue)
        /// Invalid ACL (`ZINVALIDACL`).
        public static let invalidACL = Code(rawValue: ZINVALIDACL.rawValue)
        /// A system error in the C client (`ZSYSTEMERROR`).
        public static let systemError = Code(rawValue: ZSYSTEMERROR.rawValue)

        /// This wrapper's code: the caller's deadline passed before ZooKeeper answered.
        public static let deadlineExceeded = Code(rawValue: -9001)
        /// This wrapper's code: the request would exceed `jute.maxbuffer`, so it was not sent.
        public static let requestTooLarge = Code(rawValue: -9002)
        /// This wrapper's code: the client was closed.
        public static let clientClosed = Code(rawValue: -9003)
        /// This wrapper's code: the handle could not be created.
        public static let initFailed = Code(rawValue: -9004)

        /// Whether the outcome of a write that failed with this code is unknown: it may have been applied.
        public var isAmbiguous: Bool {
            self == .connectionLoss || self == .deadlineExceeded || self == .operationTimeout
                || self == .sessionExpired || self == .closing
        }

        /// Whether the code means ZooKeeper could not be reached or the session is not usable right now.
        public var isUnavailable: Bool {
            isAmbiguous || self == .invalidState || self == .clientClosed || self == .initFailed
        }

        public var description: String {
            switch self {
            case .deadlineExceeded: return "deadline exceeded"
            case .requestTooLarge: return "request too large for ZooKeeper"
            case .clientClosed: return "client closed"
            case .initFailed: return "could not create a ZooKeeper handle"
            default:
                // zerror returns a static string owned by the library.
                return String(cString: zerror(rawValue))
            }
        }
    }

    /// What went wrong.
    public var code: Code
    /// The operation that failed, e.g. `zoo_acreate`.
    public var operation: String
    /// The znode path the operation was about, if any. Paths are not secret.
    public var path: String?

    /// Creates an error.
    public init(_ code: Code, operation: String, path: String? = nil) {
        self.code = code
        self.operation = operation
        self.path = path
    }

    public var description: String {
        if let path { return "\(operation) \(path): \(code) (\(code.rawValue))" }
        return "\(operation): \(code) (\(code.rawValue))"
    }
}
