import Logging
import SecretStoreConcurrency
import ServiceLifecycle

/// Keeps the store's CA ready (contract §8): whenever the barrier opens it makes the root (or takes
/// the operator's CA) if the store has none yet, so a bootstrap store has its CA as soon as it is
/// initialised and a custom store at its first unseal. Then, and every `renewalInterval` while
/// unsealed, it hands the signing side to `whileUnsealed` (the server certificate's renewal).
public struct CertificateAuthorityService: Service {
    /// Called with the CA's signing side after every unseal and every `renewalInterval` while unsealed.
    public typealias Consumer = @Sendable (CertificateIssuer) async -> Void

    let authority: CertificateAuthority
    let barrier: Barrier
    let installation: Installation
    let operatorCA: CertificateIssuer?
    let keySpec: CAKeySpec
    let renewalInterval: Duration
    let whileUnsealed: Consumer?
    let logger: Logger

    /// A service for `authority`, whose key `barrier` protects. `operatorCA` (from `--ca-cert` and
    /// `--ca-key`) is taken instead of a new root when the store has no CA yet.
    public init(
        authority: CertificateAuthority, barrier: Barrier, installation: Installation,
        operatorCA: CertificateIssuer? = nil, keySpec: CAKeySpec = .default, renewalInterval: Duration = .seconds(3600),
        logger: Logger, whileUnsealed: Consumer? = nil
    ) {
        self.authority = authority
        self.barrier = barrier
        self.installation = installation
        self.operatorCA = operatorCA
        self.keySpec = keySpec
        self.renewalInterval = renewalInterval
        self.whileUnsealed = whileUnsealed
        self.logger = logger
    }

    /// What wakes the service: a change of the seal state, or the renewal timer.
    enum Event: Sendable {
        case sealed(Bool)
        case renewalDue
    }

    /// Follows the seal state until shutdown: prepares the CA at every unseal, and again every
    /// `renewalInterval` while unsealed.
    public func run() async throws {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    for await sealed in barrier.sealStates() { continuation.yield(.sealed(sealed)) }
                }
                group.addTask {
                    while (try? await Task.sleep(for: renewalInterval)) != nil { continuation.yield(.renewalDue) }
                }
                var announced = false
                for await event in events {
                    switch event {
                    case .sealed(true): continue
                    case .sealed(false), .renewalDue:
                        guard !barrier.isSealed, let issuer = await prepareAndHandOver() else { continue }
                        if !announced {
                            // Once per process: what clients compare the fingerprint they are shown with.
                            announced = true
                            logger.notice(
                                "The store's CA",
                                metadata: [
                                    "root": "\(issuer.root.subject)",
                                    "root-sha256": "\((try? issuer.root.sha256Fingerprint) ?? "unknown")",
                                ])
                        }
                    }
                }
            }
        }
    }

    /// Prepares the CA (retrying while storage is out, until sealed again) and hands its signing
    /// side to `whileUnsealed`; the signing side, or `nil` if sealed or cancelled first.
    private func prepareAndHandOver() async -> CertificateIssuer? {
        var backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(10))
        while !Task.isCancelled, !barrier.isSealed {
            do {
                let issuer = try await prepare()
                if let whileUnsealed { await whileUnsealed(issuer) }
                return issuer
            } catch {
                logger.warning("Cannot prepare the CA yet; retrying", metadata: ["error": "\(error)"])
                await backoff.sleep()
            }
        }
        return nil
    }

    /// The CA's signing side, made (or taken from the operator) first if the store has no CA.
    public func prepare() async throws -> CertificateIssuer {
        if try await authority.certificates() == nil {
            if let operatorCA {
                try await authority.adopt(operatorCA)
                logger.notice(
                    "Took the operator's CA", metadata: ["subject": "\(operatorCA.certificate.subject)"])
            } else {
                let clusterID = try await installation.clusterID()
                _ = try await authority.ensureRoot(commonName: "SecretStore Root CA \(clusterID)", keySpec: keySpec)
            }
        }
        let issuer = try await authority.issuer()
        if let operatorCA, issuer.certificate != operatorCA.certificate {
            logger.warning(
                "The store already has a CA; --ca-cert and --ca-key are ignored",
                metadata: ["stored": "\(issuer.certificate.subject)", "given": "\(operatorCA.certificate.subject)"])
        }
        return issuer
    }
}
