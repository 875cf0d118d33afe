/// Where the HTTPS listener's certificate comes from (contract §7).
public enum ServerCertificateSource: Sendable {
    /// An operator's PEM chain (leaf first) and key, read again on SIGHUP.
    case files(certificate: String, key: String)
    /// Issued by the store's CA for `hosts` and renewed before it expires; the key is made once and
    /// kept with the certificate in `directory` on this machine (never in ZooKeeper).
    case issued(directory: String, hosts: [String])
}
