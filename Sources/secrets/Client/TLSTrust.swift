import NIOSSL

/// Which certificates an HTTPS connection to the store accepts. Every request of the CLI goes
/// through `SecretsClient`, which applies this in one place (`tlsConfiguration`). Host names are
/// verified in every case but `insecure`.
enum TLSTrust: Hashable, Sendable, CustomStringConvertible {
    /// The system's trusted roots (and any URL over plain HTTP).
    case system
    /// Only the PEM certificates in this file, such as the store's root saved by `secrets login`.
    case caFile(String)
    /// Only these PEM certificates, held in memory: a root accepted at login, not saved yet.
    case certificates(String)
    /// No verification at all: `--insecure`, for tests and emergencies only.
    case insecure

    var description: String {
        switch self {
        case .system: "the system's trusted roots"
        case .caFile(let path): "the CA certificate \(path)"
        case .certificates: "the accepted CA certificate"
        case .insecure: "no verification (--insecure)"
        }
    }

    /// The TLS client configuration of this trust: TLS 1.2 or later, full verification (chain and
    /// host name) against the chosen roots, or none for `insecure`.
    var tlsConfiguration: TLSConfiguration {
        get throws {
            var configuration = TLSConfiguration.makeClientConfiguration()
            switch self {
            case .system:
                break
            case .caFile(let path):
                configuration.trustRoots = .certificates(try PEMCertificateChain(file: path).certificates)
            case .certificates(let pem):
                configuration.trustRoots = .certificates(
                    try PEMCertificateChain(pem: pem, source: "the accepted certificate").certificates)
            case .insecure:
                configuration.certificateVerification = .none
            }
            return configuration
        }
    }
}
