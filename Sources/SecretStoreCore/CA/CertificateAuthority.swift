import Foundation
import Logging
import SecretStoreConcurrency
import SwiftASN1
import X509

/// The store's certificate authority over storage (contract §8). The CA certificate and its chain
/// are public and stored in clear at `ca/certificate` (readable while sealed, for
/// `/ca/dcos-ca.crt`); the CA's private key is stored only as a barrier envelope at `ca/key`, so
/// creating the CA and signing need an unsealed store (`SealError.sealed` otherwise). Every issued
/// certificate is recorded at `ca/issued/<decimal serial>`.
public struct CertificateAuthority: Sendable {
    let storage: any Storage
    let barrier: Barrier
    let logger: Logger
    /// Counts issued certificates.
    let metrics: StoreMetrics

    /// A CA over `storage`, whose key the `barrier` protects; issued certificates are counted in
    /// `metrics`.
    public init(storage: any Storage, barrier: Barrier, logger: Logger, metrics: StoreMetrics = StoreMetrics()) {
        self.metrics = metrics
        self.storage = storage
        self.barrier = barrier
        self.logger = logger
    }

    /// The CA certificate first, then its chain up to the root; `nil` before the CA exists.
    public func certificates() async throws -> [Certificate]? {
        guard let stored = try await storage.read(CALayout.certificate) else { return nil }
        let text = String(decoding: stored.bytes, as: UTF8.self)
        guard let chain = try? PEMDocument.parseMultiple(pemString: text).map({ try Certificate(pemDocument: $0) }),
            !chain.isEmpty
        else {
            throw StorageError(.corrupted, "the CA certificate at \(CALayout.certificate) does not parse")
        }
        return chain
    }

    /// The CA certificate first, then its chain up to the root; 503 `SEALED` before the CA exists
    /// (it is made when the store is first unsealed).
    public func requireCertificates() async throws -> [Certificate] {
        guard let chain = try await certificates() else {
            throw SealError(.sealed, "the store's CA is made when the store is initialised and unsealed")
        }
        return chain
    }

    /// The self-signed root that clients trust (`/ca/dcos-ca.crt`); `nil` before the CA exists.
    public func root() async throws -> Certificate? {
        try await certificates()?.last
    }

    /// The root, made now if the store has no CA yet: a `keySpec` key and a self-signed root named
    /// `commonName`, stored in one atomic batch. If another instance makes one at the same time,
    /// both end up with the one stored first.
    public func ensureRoot(commonName: String, keySpec: CAKeySpec = .default) async throws -> Certificate {
        if let existing = try await root() { return existing }
        let key = try await runOffPoolIfSlow(keySpec) { try keySpec.generate() }
        let issuer = try CertificateIssuer.makeRoot(commonName: commonName, key: key)
        try await adopt(issuer)
        logger.notice(
            "Created the store's CA root", metadata: ["subject": "\(issuer.certificate.subject)", "key": "\(keySpec)"])
        return try await root() ?? issuer.certificate
    }

    /// Stores `issuer` as the store's CA unless there is one already (then nothing changes).
    public func adopt(_ issuer: CertificateIssuer) async throws {
        let sealedKey = try await barrier.encrypt(
            Array(try issuer.privateKey.serializeAsPEM().pemString.utf8), path: CALayout.keyBinding)
        let chain = try ([issuer.certificate] + issuer.chain).pemChain()
        do {
            try await storage.commit([
                .create(CALayout.certificate, Array(chain.utf8)), .create(CALayout.key, sealedKey),
            ])
        } catch let error as StorageError where error.code == .alreadyExists {
            // Another instance was first; its CA stands.
        }
    }

    /// The signing side, with the private key opened by the barrier.
    public func issuer() async throws -> CertificateIssuer {
        let chain = try await requireCertificates()
        // The certificate and the key are stored in one batch (`adopt`): one without the other
        // is a store whose CA is not made yet.
        guard let stored = try await storage.read(CALayout.key) else {
            throw SealError(.sealed, "the store's CA is made when the store is initialised and unsealed")
        }
        let pem = try await barrier.decrypt(stored.bytes, path: CALayout.keyBinding)
        let key: Certificate.PrivateKey
        do {
            key = try Certificate.PrivateKey(pemEncoded: String(decoding: pem, as: UTF8.self))
        } catch {
            throw StorageError(.corrupted, "the CA key at \(CALayout.key) does not parse")
        }
        return CertificateIssuer(certificate: chain[0], privateKey: key, chain: Array(chain.dropFirst()))
    }

    /// Signs a checked request (see `CertificateIssuer.sign`) and records the certificate.
    public func sign(
        _ request: SigningRequest, hosts: [String]? = nil, subject: CertificateNames? = nil, now: Date = Date()
    ) async throws -> Certificate {
        try await sign(request, hosts: hosts, subject: subject, with: try await issuer(), now: now)
    }

    /// Signs a checked request with `issuer` (this CA's signing side) and records the certificate.
    func sign(
        _ request: SigningRequest, hosts: [String]? = nil, subject: CertificateNames? = nil,
        with issuer: CertificateIssuer, now: Date = Date()
    ) async throws -> Certificate {
        let certificate = try issuer.sign(request, hosts: hosts, subject: subject, now: now)
        try await record(certificate)
        return certificate
    }

    /// A certificate for this server's own TLS key, for `hosts` (DNS names or IP addresses), followed
    /// by the intermediates above it (not the root, which clients hold); recorded like every other.
    public func issueServerCertificate(
        publicKey: Certificate.PublicKey, hosts: [String], now: Date = Date()
    ) async throws -> [Certificate] {
        let issuer = try await issuer()
        let certificate = try issuer.issue(
            publicKey: publicKey,
            subject: try CertificateNames(commonName: hosts.first ?? "localhost").distinguishedName(),
            alternativeNames: try HostName.alternativeNames(hosts), now: now)
        try await record(certificate)
        return issuer.chain.isEmpty ? [certificate] : [certificate, issuer.certificate] + issuer.chain.dropLast()
    }

    /// Records an issued certificate at `ca/issued/<serial>`.
    private func record(_ certificate: Certificate) async throws {
        let record = IssuedCertificate(certificate)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        try await storage.create(try CALayout.issued(record.serial), Array(try encoder.encode(record)))
        metrics.certificateIssued()
        logger.info("Issued a certificate", metadata: ["serial": "\(record.serial)", "subject": "\(record.subject)"])
    }

    /// The recorded certificates, optionally only one serial or one issuing key, and without those
    /// that expired before `now` unless `includeExpired`.
    public func issued(
        serial: String? = nil, authorityKeyID: String? = nil, includeExpired: Bool = false, now: Date = Date()
    ) async throws -> [IssuedCertificate] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var records: [IssuedCertificate] = []
        // One serial is one read; only a listing walks the folder.
        let names: [String]
        if let serial {
            // A serial is decimal digits; anything else names no certificate (and no storage key).
            let isDecimal =
                !serial.isEmpty && serial.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            names = isDecimal ? [serial] : []
        } else {
            names = try await storage.children(of: CALayout.issuedFolder).sorted()
        }
        // Read with up to 64 in flight: one at a time, thousands of records took longer than a
        // request's storage deadline.
        let stored = try await withThrowingTaskGroup(of: (Int, VersionedValue?).self) { group in
            var values = [VersionedValue?](repeating: nil, count: names.count)
            var next = 0
            func submit() throws {
                let (index, key) = (next, try CALayout.issued(names[next]))
                group.addTask { (index, try await storage.read(key)) }
                next += 1
            }
            while next < min(names.count, 64) { try submit() }
            while let (index, value) = try await group.next() {
                values[index] = value
                if next < names.count { try submit() }
            }
            return values
        }
        for (name, value) in zip(names, stored) {
            guard let value else { continue }
            guard let record = try? decoder.decode(IssuedCertificate.self, from: Data(value.bytes)) else {
                throw StorageError(.corrupted, "the certificate record \(name) does not decode")
            }
            if let authorityKeyID, record.authorityKeyID != authorityKeyID.lowercased() { continue }
            if !includeExpired, record.notAfter < now { continue }
            records.append(record)
        }
        return records
    }

    /// Runs RSA key generation (up to many seconds) off the cooperative pool; EC keys inline.
    private func runOffPoolIfSlow<T: Sendable>(
        _ spec: CAKeySpec, _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        spec.algorithm == .rsa ? try await runOffPool(work) : try work()
    }
}

/// Where the CA keeps its records (docs/zookeeper-layout.md).
enum CALayout {
    /// The CA certificate and its chain, PEM, in clear.
    static let certificate = StorageKey(validated: ["ca", "certificate"])
    /// The CA's private key, PEM, as a barrier envelope.
    static let key = StorageKey(validated: ["ca", "key"])
    /// The path the key's envelope is bound to (never a secret path: those have no `@`).
    static let keyBinding = "@ca-key"
    /// The folder of issued-certificate records.
    static let issuedFolder = StorageKey(validated: ["ca", "issued"])

    /// The record of the certificate with decimal `serial`.
    static func issued(_ serial: String) throws -> StorageKey {
        try issuedFolder.appending(serial)
    }
}
