import Hummingbird
import NIOCore
import SecretStoreCore

/// The context of every request: who sent it (socket address), and, once the authentication
/// middleware has run, which account it is and the identity snapshot its permissions are checked
/// against (one snapshot per request, so that every check of a request sees the same grants).
public struct SecretStoreRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's socket address.
    public let remoteAddress: SocketAddress?
    /// The authenticated account, if the authentication middleware ran.
    public var account: AuthenticatedAccount?
    /// Where the parts of the request note what its audit line names (set by the audit middleware).
    var auditRecord: RequestAuditRecord?

    /// Bodies that the identity API decodes are small: larger ones are refused while being read.
    public var maxUploadSize: Int { 64 * 1024 }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address, for rate limits and logs (the socket's peer: forwarded-for headers
    /// are not trusted).
    public var clientAddress: String? { remoteAddress?.ipAddress }
}

/// An account whose token was verified, with the identity snapshot of its request.
public struct AuthenticatedAccount: Sendable {
    /// The account's uid.
    public var uid: String
    /// The identity data the request is checked against.
    public var identity: IdentitySnapshot
}
