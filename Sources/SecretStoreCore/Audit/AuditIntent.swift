/// The line written before a request that may change the store acts (`"type":"audit_intent"`):
/// when the trail cannot take it, the request is refused with no effect. Its `request_id` joins it
/// to the request's `audit` line, written once the request is answered; a request whose intent is
/// in the trail without its `audit` line was acted on while the trail broke.
public struct AuditIntent: Sendable {
    /// When the request arrived.
    public var time: AuditTimestamp
    /// The server's id of the request.
    public var requestID: String
    /// The client's address.
    public var sourceIP: String?
    /// The client's port.
    public var sourcePort: Int?
    /// The HTTP method.
    public var method: String
    /// The path and the kept query, with secret paths hidden.
    public var requestURI: String

    /// An intent with every field given.
    public init(
        time: AuditTimestamp, requestID: String, sourceIP: String?, sourcePort: Int?, method: String,
        requestURI: String
    ) {
        self.time = time
        self.requestID = requestID
        self.sourceIP = sourceIP
        self.sourcePort = sourcePort
        self.method = method
        self.requestURI = requestURI
    }

    /// The line as one JSON object and a newline.
    public var jsonLine: [UInt8] {
        var json = JSONObjectWriter()
        json.field("time", timestamp: time)
        json.field("type", literal: #""audit_intent""#)
        json.field("authorizer", literal: #""secretstore""#)
        json.field("request_id", string: requestID)
        json.field("srcip", string: sourceIP)
        json.field("srcport", integer: sourcePort)
        json.field("method", string: method)
        json.field("request_uri", string: requestURI)
        return json.finished()
    }
}
