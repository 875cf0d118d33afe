import Foundation

/// How a store was initialised, stored in the clear at `keys/seal-configuration`: nothing in it
/// opens the store without the OpenPGP private keys of the share holders.
struct SealConfiguration: Codable, Sendable, Hashable {
    /// Who holds the shares.
    enum Mode: String, Codable, Sendable {
        /// One share, encrypted to a key pair the server generated and keeps in storage.
        case bootstrap
        /// Shares encrypted to operators' OpenPGP keys; the server never sees their private keys.
        case custom
    }

    /// Who holds the shares.
    var mode: Mode
    /// How many shares there are.
    var shares: Int
    /// How many shares open the store.
    var threshold: Int
    /// The fingerprint of the OpenPGP key each share is encrypted to, in share order.
    var pgpFingerprints: [String]
    /// Lowercase hex of each OpenPGP message holding a share (its plaintext is the share's hex).
    var keys: [String]
    /// Lowercase hex SHA-256 of each share's hex form, in share order: tells a wrong share from a
    /// right one as soon as it is entered. A share is 256 random bits, so its digest gives nothing away.
    var shareDigests: [String]
    /// When the store was initialised.
    var initialized: Date
    /// When the unseal key was last replaced by a rekey; absent if it never was.
    var rekeyed: Date?

    private enum CodingKeys: String, CodingKey {
        case mode, shares, threshold, keys, initialized, rekeyed
        case pgpFingerprints = "pgp_fingerprints"
        case shareDigests = "share_digests"
    }

    /// The encoded record.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    /// Decodes the record; `StorageError.corrupted` if it does not decode or is inconsistent.
    init(decoding bytes: [UInt8]) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let decoded = try? decoder.decode(SealConfiguration.self, from: Data(bytes)),
            (1...SealConfiguration.maximumShares).contains(decoded.shares),
            (1...decoded.shares).contains(decoded.threshold),
            decoded.keys.count == decoded.shares, decoded.shareDigests.count == decoded.shares,
            decoded.pgpFingerprints.count == decoded.shares
        else { throw StorageError(.corrupted, "the seal configuration does not decode") }
        self = decoded
    }

    init(
        mode: Mode, shares: Int, threshold: Int, pgpFingerprints: [String], keys: [String], shareDigests: [String],
        initialized: Date
    ) {
        self.mode = mode
        self.shares = shares
        self.threshold = threshold
        self.pgpFingerprints = pgpFingerprints
        self.keys = keys
        self.shareDigests = shareDigests
        self.initialized = initialized
    }

    /// The most shares a store may be split into.
    static let maximumShares = 10
}
