import ArgumentParser
import Foundation
import Logging
import SecretStoreCore
import SecretStoreHTTP

extension SecurityMode: ExpressibleByArgument {}
extension TLSMinimumVersion: ExpressibleByArgument {}

/// How clients reach the store (contract §7) and which CA it has (contract §8).
struct TransportOptions: ParsableArguments {
    @Option(
        name: .customLong("security-mode"),
        help: """
            disabled: plain HTTP only; permissive: HTTPS, and plain HTTP redirects only /; \
            strict: HTTPS with HSTS, and plain HTTP redirects everything.
            """)
    var securityMode: SecurityMode = .permissive

    @Option(name: .customLong("https-port"), help: "The TCP port of the HTTPS listener (ignored when disabled).")
    var httpsPort = TransportConfiguration.defaultHTTPSPort

    @Option(
        name: .customLong("tls-cert"),
        help: "The server's PEM certificate chain, leaf first (with --tls-key); reloaded on SIGHUP.")
    var certificateFile: String?

    @Option(name: .customLong("tls-key"), help: "The server's PEM private key (with --tls-cert); reloaded on SIGHUP.")
    var keyFile: String?

    @Option(
        name: .customLong("tls-hostname"),
        help: "A name clients reach this server by, for the certificate the store's CA issues (repeatable).")
    var hostnames: [String] = []

    @Option(name: .customLong("tls-min-version"), help: "The oldest TLS version accepted: 1.0, 1.1, 1.2 or 1.3.")
    var minimumTLSVersion: TLSMinimumVersion = .tls12

    @Option(
        name: .customLong("tls-dir"),
        help: "Where this machine keeps the key and certificate the store's CA issues it (mode 0700).")
    var directory = "secret-store-tls"

    @Option(
        name: .customLong("ca-cert"),
        help: "An operator's CA: the signing CA's PEM certificate, then its chain up to a self-signed root.")
    var caCertificateFile: String?

    @Option(name: .customLong("ca-key"), help: "The operator's CA private key, PEM (with --ca-cert).")
    var caKeyFile: String?

    func validate() throws {
        guard (certificateFile == nil) == (keyFile == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        guard (caCertificateFile == nil) == (caKeyFile == nil) else {
            throw ValidationError("--ca-cert and --ca-key go together")
        }
        for host in hostnames {
            do {
                _ = try HostName.generalName(host)
            } catch {
                throw ValidationError("--tls-hostname \(host): \(error.message)")
            }
        }
    }

    /// The listeners' configuration.
    var configuration: TransportConfiguration {
        TransportConfiguration(
            mode: securityMode, httpsPort: httpsPort, minimumTLSVersion: minimumTLSVersion, hostnames: hostnames)
    }

    /// Where the server certificate comes from: the operator's files, or the store's CA for the
    /// configured names plus `localhost` and `127.0.0.1`.
    var certificateSource: ServerCertificateSource {
        if let certificateFile, let keyFile { return .files(certificate: certificateFile, key: keyFile) }
        var hosts = hostnames
        for name in ["localhost", "127.0.0.1"] where !hosts.contains(name) { hosts.append(name) }
        return .issued(directory: directory, hosts: hosts)
    }

    /// The operator's CA, checked now: the server refuses to start with a chain that does not end at
    /// a self-signed root, or a key that is not the signing CA's.
    func operatorCA() async throws -> CertificateIssuer? {
        guard let caCertificateFile, let caKeyFile else { return nil }
        let chain: String
        let key: String
        do {
            chain = try String(contentsOfFile: caCertificateFile, encoding: .utf8)
            key = try String(contentsOfFile: caKeyFile, encoding: .utf8)
        } catch {
            throw StartupError("cannot read --ca-cert or --ca-key (\(error.localizedDescription))")
        }
        do {
            return try await CertificateIssuer.operatorCA(chainPEM: chain, keyPEM: key)
        } catch {
            throw StartupError("--ca-cert/--ca-key: \(error.message)")
        }
    }
}
