import Foundation
import Logging
import SecretStoreCore
import ServiceLifecycle
import UnixSignals
import X509

/// Keeps the HTTPS listener's certificate current: an operator's files are read again on SIGHUP (a
/// file that does not load keeps the old pair and logs one line); a store-issued certificate is
/// renewed by the store's CA (`renew(with:)`) when it is missing, for other names, from another CA
/// or in the last third of its life.
public struct ServerCertificateService: Service {
    /// What the listener presents.
    public let certificate: ServerCertificate
    let source: ServerCertificateSource
    let authority: CertificateAuthority
    /// The key of a store-issued certificate (kept in its directory).
    let issuedKey: Certificate.PrivateKey?
    let logger: Logger

    /// Loads the first pair. Without a store-issued certificate yet (a store not initialised, or
    /// sealed since before this machine got one), the pair comes from a bootstrap issuer made in
    /// memory now, whose fingerprint the log shows, until the CA issues one.
    public init(source: ServerCertificateSource, authority: CertificateAuthority, logger: Logger) throws {
        self.source = source
        self.authority = authority
        self.logger = logger
        switch source {
        case .files(let certificatePath, let keyPath):
            issuedKey = nil
            certificate = try ServerCertificate(
                chainPEM: try Self.readFile(certificatePath), keyPEM: try Self.readFile(keyPath))
        case .issued(let directory, let hosts):
            let files = IssuedCertificateFiles(directory: directory)
            let key = try files.loadOrMakeKey()
            issuedKey = key
            let keyPEM = try key.serializeAsPEM().pemString
            if let chainPEM = files.chainPEM(), let loaded = try? ServerCertificate(chainPEM: chainPEM, keyPEM: keyPEM)
            {
                certificate = loaded
            } else {
                let bootstrap = try CertificateIssuer.makeRoot(
                    commonName: "SecretStore bootstrap issuer \(UUID().uuidString.lowercased())",
                    key: try CAKeySpec.default.generate())
                let leaf = try bootstrap.issue(
                    publicKey: key.publicKey, subject: try CertificateNames(commonName: hosts[0]).distinguishedName(),
                    alternativeNames: try HostName.alternativeNames(hosts), validity: 30 * 86_400)
                certificate = try ServerCertificate(
                    chainPEM: try [leaf, bootstrap.certificate].pemChain(),
                    keyPEM: keyPEM)
                let fingerprint = try bootstrap.certificate.sha256Fingerprint
                logger.notice(
                    "Serving HTTPS with a bootstrap issuer's certificate until the store's CA issues one",
                    metadata: ["bootstrap-issuer-sha256": "\(fingerprint)"])
            }
        }
    }

    /// Reloads an operator's files on every SIGHUP until shutdown.
    public func run() async throws {
        guard case .files = source else {
            try await gracefulShutdown()
            return
        }
        let hangUps = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in hangUps { reload() }
        }
    }

    /// Reads the operator's files again; a pair that does not load leaves the current one in place.
    func reload() {
        guard case .files(let certificatePath, let keyPath) = source else { return }
        do {
            try certificate.replace(
                chainPEM: try Self.readFile(certificatePath), keyPEM: try Self.readFile(keyPath))
            logger.notice(
                "Reloaded the TLS certificate", metadata: ["subject": "\(certificate.chain[0].subject)"])
        } catch {
            logger.error("Cannot reload the TLS certificate; keeping the current one", metadata: ["error": "\(error)"])
        }
    }

    /// Has `issuer`'s CA issue this server a new certificate if the current one is not its, names
    /// other hosts, or is in the last third of its life. Failures are logged; the next call retries.
    public func renew(with issuer: CertificateIssuer, now: Date = Date()) async {
        guard case .issued(let directory, let hosts) = source, let issuedKey else { return }
        do {
            guard try needsRenewal(issuer: issuer, hosts: hosts, now: now) else { return }
            let chain = try await authority.issueServerCertificate(
                publicKey: issuedKey.publicKey, hosts: hosts, now: now)
            let chainPEM = try chain.pemChain()
            try IssuedCertificateFiles(directory: directory).store(chainPEM: chainPEM)
            try certificate.replace(chainPEM: chainPEM, keyPEM: try issuedKey.serializeAsPEM().pemString)
            logger.notice(
                "The store's CA issued this server's TLS certificate",
                metadata: ["hosts": "\(hosts.joined(separator: ","))", "not-after": "\(chain[0].notValidAfter)"])
        } catch {
            logger.error("Cannot renew the TLS certificate", metadata: ["error": "\(error)"])
        }
    }

    private func needsRenewal(issuer: CertificateIssuer, hosts: [String], now: Date) throws -> Bool {
        let leaf = certificate.chain[0]
        guard leaf.issuer == issuer.certificate.subject,
            issuer.certificate.publicKey.isValidSignature(leaf.signature, for: leaf)
        else { return true }
        let names = try leaf.extensions.subjectAlternativeNames.map { Set($0) } ?? []
        guard names == Set(try HostName.alternativeNames(hosts)) else { return true }
        let lifetime = leaf.notValidAfter.timeIntervalSince(leaf.notValidBefore)
        return now > leaf.notValidAfter - lifetime / 3
    }

    private static func readFile(_ path: String) throws -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ServerCertificateError("cannot read \(path)")
        }
    }
}
