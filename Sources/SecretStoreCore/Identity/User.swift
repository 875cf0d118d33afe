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

    /// Creates an account.
    public init(uid: String, description: String, credential: Credential) {
        self.uid = uid
        self.description = description
        self.credential = credential
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
        case uid, description, kind
        case passwordHash = "password_hash"
        case publicKey = "public_key"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uid = try container.decode(String.self, forKey: .uid)
        description = try container.decode(String.self, forKey: .description)
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
