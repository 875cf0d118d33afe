import Foundation

/// What a login over HTTPS trusts, decided before it sends the password (`LoginTrustOptions`).
enum LoginTrust {
    /// The system's roots: a plain http URL.
    case system
    /// Only this root; saved beside the configuration once the login succeeds.
    case root(PEMCertificateChain)
    /// No verification (`--insecure`), remembered as such.
    case insecure

    /// The trust of the login's own requests.
    var trust: TLSTrust {
        switch self {
        case .system: .system
        case .root(let root): .certificates(root.pem)
        case .insecure: .insecure
        }
    }

    /// Saves what later commands need (the root, mode 0600, beside the configuration at
    /// `configurationPath`) and returns the trust the configuration records.
    func save(besideConfiguration configurationPath: String) throws -> TLSTrust {
        switch self {
        case .system: return .system
        case .insecure: return .insecure
        case .root(let root):
            let path = ClientConfiguration.caFilePath(forConfiguration: configurationPath)
            try OwnerOnlyFile.write(Data(root.pem.utf8), to: path)
            return .caFile(path)
        }
    }
}
