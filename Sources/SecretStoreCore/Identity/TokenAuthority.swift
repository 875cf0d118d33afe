import Foundation
import JWTKit
import Logging
import Synchronization

/// Issues and verifies session tokens (RS256 JWTs with `uid`, `iid`, `exp` and `iat`) with the key ring
/// kept in storage, so that a token issued by one instance is accepted by every other.
public final class TokenAuthority: Sendable {
    /// The ring's keys, ready to sign and verify.
    private struct LoadedRing: Sendable {
        let keys: JWTKeyCollection
        let currentKID: JWKIdentifier
        let publicKeys: JSONWebKeySet
    }

    private let ring: Mutex<LoadedRing>
    private let storage: any Storage
    /// How long an issued token is accepted.
    public let lifetime: Duration
    /// The public halves of the ring's keys, current first: what `GET /auth/jwks` publishes.
    public var publicKeys: JSONWebKeySet { ring.withLock { $0.publicKeys } }
    /// Tokens already verified, with their claims. Verification is an RSA operation behind one
    /// actor; clients send the same token with every request, so most requests skip it. Expiry
    /// is still checked on every use.
    private let verified = Mutex<[String: SessionClaims]>([:])
    /// Past this many remembered tokens the cache starts over.
    private static let verifiedLimit = 10_000

    private init(ring: TokenKeyRing, storage: any Storage, lifetime: Duration) async throws {
        self.ring = Mutex(try await Self.load(ring))
        self.storage = storage
        self.lifetime = lifetime
    }

    private static func load(_ ring: TokenKeyRing) async throws -> LoadedRing {
        let keys = JWTKeyCollection()
        var published: [JSONWebKeySet.Key] = []
        for stored in ring.keys {
            let key = try Insecure.RSA.PrivateKey(pem: stored.privateKey)
            await keys.add(rsa: key, digestAlgorithm: .sha256, kid: JWKIdentifier(string: stored.kid))
            let primitives = try key.publicKey.getKeyPrimitives()
            published.append(
                JSONWebKeySet.Key(
                    kid: stored.kid, n: primitives.modulus.base64URLEncodedString(),
                    e: primitives.publicExponent.base64URLEncodedString()))
        }
        guard let current = ring.keys.first else {
            throw StorageError(.corrupted, "the token key ring at \(IdentityRecordKey.tokenKeys) holds no key")
        }
        return LoadedRing(
            keys: keys, currentKID: JWKIdentifier(string: current.kid), publicKeys: JSONWebKeySet(keys: published))
    }

    /// Reads the key ring from storage again, as after a restore replaced it: tokens signed with
    /// the new ring are accepted from now on, and those of the old one no longer are.
    package func reload() async throws {
        guard let stored = try await storage.read(IdentityRecordKey.tokenKeys) else {
            throw StorageError(.corrupted, "there is no token key ring at \(IdentityRecordKey.tokenKeys)")
        }
        let loaded = try await Self.load(Self.decodeRing(stored.bytes))
        ring.withLock { $0 = loaded }
        verified.withLock { $0.removeAll() }
    }

    /// The authority over the key ring in `storage`, generating and storing the ring if this is the
    /// first instance ever to start (if two start at once, both end up with the one that was stored).
    public static func open(storage: any Storage, lifetime: Duration, logger: Logger) async throws -> TokenAuthority {
        let key = IdentityRecordKey.tokenKeys
        if let stored = try await storage.read(key) {
            return try await TokenAuthority(ring: decodeRing(stored.bytes), storage: storage, lifetime: lifetime)
        }
        let ring = try TokenKeyRing.generate()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        do {
            try await storage.create(key, Array(try encoder.encode(ring)))
            logger.notice("Generated the token signing key", metadata: ["kid": "\(ring.keys[0].kid)"])
            return try await TokenAuthority(ring: ring, storage: storage, lifetime: lifetime)
        } catch let error as StorageError where error.code == .alreadyExists {
            guard let stored = try await storage.read(key) else { throw error }
            return try await TokenAuthority(ring: decodeRing(stored.bytes), storage: storage, lifetime: lifetime)
        }
    }

    private static func decodeRing(_ bytes: [UInt8]) throws -> TokenKeyRing {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(TokenKeyRing.self, from: Data(bytes))
        } catch {
            throw StorageError(.corrupted, "the token key ring at \(IdentityRecordKey.tokenKeys) does not decode")
        }
    }

    /// A token for account `uid` whose instance id is `instance` (`IdentityDirectory.instance(of:)`),
    /// valid for `lifetime` from `now`.
    public func issue(for uid: String, instance: String, now: Date = Date()) async throws -> IssuedToken {
        let expires = now.addingTimeInterval(TimeInterval(lifetime.components.seconds))
        let claims = SessionClaims(
            uid: uid, instance: instance, exp: ExpirationClaim(value: expires), iat: IssuedAtClaim(value: now))
        let (keys, kid) = ring.withLock { ($0.keys, $0.currentKID) }
        return IssuedToken(token: try await keys.sign(claims, kid: kid), expires: expires)
    }

    /// The claims of a token this authority issued and that has not expired. Anything else (a bad
    /// signature, another algorithm than RS256, `alg: none`, an unknown key, garbage) is
    /// `.unauthenticated`. Whether the account still exists as the instance the token names is the
    /// caller's check (`SessionClaims.names(_:)`): accounts change after a token is verified.
    public func verify(_ token: String, now: Date = Date()) async throws(IdentityError) -> SessionClaims {
        if let claims = verified.withLock({ $0[token] }) {
            guard claims.exp.value > now else { throw IdentityError(.unauthenticated, "the token has expired") }
            return claims
        }
        guard JWTHeaderInspection.algorithm(of: token) == "RS256" else {
            throw IdentityError(.unauthenticated, "the token is not an RS256 JWT")
        }
        let claims: SessionClaims
        do {
            let keys = ring.withLock { $0.keys }
            claims = try await keys.verify(token, as: SessionClaims.self)
        } catch {
            throw IdentityError(.unauthenticated, "the token is invalid or expired")
        }
        verified.withLock { cache in
            if cache.count >= Self.verifiedLimit { cache.removeAll(keepingCapacity: true) }
            cache[token] = claims
        }
        return claims
    }
}

/// A token and when it expires.
public struct IssuedToken: Sendable {
    /// The JWT.
    public var token: String
    /// Its `exp`.
    public var expires: Date
}

/// Published public keys, as `GET /auth/jwks` serves them.
public struct JSONWebKeySet: Sendable, Codable, Equatable {
    /// One RSA public key.
    public struct Key: Sendable, Codable, Equatable {
        /// Always `RSA`.
        public var kty = "RSA"
        /// Always `RS256`.
        public var alg = "RS256"
        /// Always `sig`.
        public var use = "sig"
        /// The key id tokens name in their header.
        public var kid: String
        /// Modulus, base64url.
        public var n: String
        /// Public exponent, base64url.
        public var e: String
    }

    /// The keys, current first.
    public var keys: [Key]
}

extension Data {
    fileprivate func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
