/// One line of the audit trail (contract §9): what one request asked, who asked, what was checked
/// and what it came to. Paths in it are already hidden (`AuditPathHasher`); it holds no value,
/// token, password or key, because nothing that makes one ever puts those in.
public struct AuditLine: Sendable {
    /// The authorisation decision.
    public enum Result: String, Sendable {
        /// Allowed (any status but 401 and 403).
        case allow
        /// Refused: 401 or 403.
        case deny
    }

    /// When the request arrived.
    public var time: AuditTimestamp
    /// The server's id of the request.
    public var requestID: String
    /// The caller's uid, once known (for a login, the uid logged in on success).
    public var uid: String?
    /// The client's address.
    public var sourceIP: String?
    /// The client's port.
    public var sourcePort: Int?
    /// The HTTP method.
    public var method: String
    /// The path and the kept query, with secret paths hidden.
    public var requestURI: String
    /// The resource id checked, with its path hidden; `nil` where nothing was checked.
    public var object: String?
    /// The action checked; `nil` where nothing was checked.
    public var action: String?
    /// `deny` for 401 and 403, else `allow`.
    public var result: Result
    /// The answer's error code, or `ok`.
    public var reason: String
    /// The status answered.
    public var status: Int
    /// How long the request took until its line was made.
    public var durationMilliseconds: Double
    /// For resolve calls: the space, paths and decision.
    public var resolve: ResolveAuditFacts?

    /// A line with every field given.
    public init(
        time: AuditTimestamp, requestID: String, uid: String?, sourceIP: String?, sourcePort: Int?, method: String,
        requestURI: String, object: String?, action: String?, status: Int, reason: String,
        durationMilliseconds: Double, resolve: ResolveAuditFacts? = nil
    ) {
        self.time = time
        self.requestID = requestID
        self.uid = uid
        self.sourceIP = sourceIP
        self.sourcePort = sourcePort
        self.method = method
        self.requestURI = requestURI
        self.object = object
        self.action = action
        self.result = status == 401 || status == 403 ? .deny : .allow
        self.reason = reason
        self.status = status
        self.durationMilliseconds = durationMilliseconds
        self.resolve = resolve
    }
}
