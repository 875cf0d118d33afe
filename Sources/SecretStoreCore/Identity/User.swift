/// A user (logs in with a password) or a service account (logs in with a token signed by its RSA
/// private key). Descriptions and dumps never show the password hash.
public struct User: Sendable, Hashable, Codable {
    /// How the account proves who it is.
    public enum Credential: Sendable, Hashable {
        /// A `$6$` SHA-512 crypt string.
        case passwordHash(String)
        /// A PEM RSA public key (`-----BEGIN PUBLIC KEY-----`).
        case publicKey(String)
    }

    /// The account's id.
    public var uid: String
    /// Free text.
    public var description: String
    /// The password hash or the public key.
    public var credential: Credential
    /// Which account of this uid this is: 128 random bits as 32 hex digits, made when the account is
    /// created and kept for its life (a password change keeps it). Session tokens name it, so that
    /// a token of a deleted account is refused by a later account of the same uid. `nil` for an
    /// account stored before instances existed (or rewritten by such a server): no token matches
    /// it until its next login gives it one (`IdentityDirectory.instance(of:)`).
    public var instance: String?

    /// Creates an account; `IdentityDirectory.createUser` gives it a fresh instance.
    public init(uid: String, description: String, credential: Credential, instance: String? = nil) {
        self.uid = uid
        self.description = description
        self.credential = credential
        self.instance = instance
    }

    /// A new random account instance id: 128 bits from the system's secure generator, as hex.
    public static func newInstance() throws -> String {
        try SecureRandomText.make(byteCount: 16)
    }

    /// Whether this is a service account.
    public var isService: Bool {
        if case .publicKey = credential { return true }
        return false
    }

    /// The service account's public key, if this is one.
    public var publicKey: String? {
        if case .publicKey(let pem) = credential { return pem }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case uid, description, kind, instance
        case passwordHash = "password_hash"
        case publicKey = "public_key"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uid = try container.decode(String.self, forKey: .uid)
        description = try container.decode(String.self, forKey: .description)
        instance = try container.decodeIfPresent(String.self, forKey: .instance)
        switch try container.decode(String.self, forKey: .kind) {
        case "user": credential = .passwordHash(try container.decode(String.self, forKey: .passwordHash))
        case "service": credential = .publicKey(try container.decode(String.self, forKey: .publicKey))
        case let kind:
            throw DecodingError.dataCorruptedError(
                forKey: .kind, in: container, debugDescription: "unknown account kind '\(kind)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uid, forKey: .uid)
        try container.encode(description, forKey: .description)
        try container.encodeIfPresent(instance, forKey: .instance)
        switch credential {
        case .passwordHash(let hash):
            try container.encode("user", forKey: .kind)
            try container.encode(hash, forKey: .passwordHash)
        case .publicKey(let pem):
            try container.encode("service", forKey: .kind)
            try container.encode(pem, forKey: .publicKey)
        }
    }
}

extension User: CustomDebugStringConvertible, CustomReflectable {
    /// Names the account and its kind, never its password hash.
    public var debugDescription: String { "User(\(uid), \(isService ? "service account" : "user"))" }

    public var customMirror: Mirror {
        Mirror(self, children: ["uid": uid, "kind": isService ? "service" : "user"], displayStyle: .struct)
    }
}
