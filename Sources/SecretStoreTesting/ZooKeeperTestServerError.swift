/// Why a ``ZooKeeperTestServer`` could not start or answer, with the tail of its log if it has one.
public struct ZooKeeperTestServerError: Error, CustomStringConvertible {
    /// What went wrong, stable across messages.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public let rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The port was taken, by another process or by a server that had not yet released it.
        public static let addressInUse = Code(rawValue: "addressInUse")
        /// The server process exited while starting.
        public static let exited = Code(rawValue: "exited")
        /// The server did not answer `imok` in time.
        public static let timedOut = Code(rawValue: "timedOut")
        /// Java or the data directory could not be set up.
        public static let launchFailed = Code(rawValue: "launchFailed")
        /// ``ZooKeeperTestServer/restart()`` after ``ZooKeeperTestServer/shutdown()``.
        public static let shutDown = Code(rawValue: "shutDown")
        /// A four-letter word got no reply.
        public static let noReply = Code(rawValue: "noReply")
    }

    /// What went wrong.
    public let code: Code
    /// A sentence for the test log.
    public let message: String
    /// The last lines of the server's log, or an empty string.
    public let log: String

    init(_ code: Code, _ message: String, log: String = "") {
        self.code = code
        self.message = message
        self.log = log
    }

    /// The message, followed by the log's tail when there is one.
    public var description: String {
        log.isEmpty ? "\(code): \(message)" : "\(code): \(message); server log ends:\n\(log)"
    }
}
