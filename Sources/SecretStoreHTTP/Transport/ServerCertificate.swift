import Foundation
import NIOCore
import NIOSSL
import SwiftASN1
import Synchronization
import X509

/// The certificate chain and key the HTTPS listener presents, swappable while it runs: every new
/// connection gets the pair current at its handshake, and open connections keep theirs (SIGHUP
/// reload, renewal by the store's CA).
public final class ServerCertificate: Sendable {
    /// One chain and its key, parsed for both swift-certificates and swift-nio-ssl.
    struct Pair: Sendable {
        /// The leaf first, then its intermediates.
        let chain: [Certificate]
        let tlsChain: [NIOSSLCertificate]
        let tlsKey: NIOSSLPrivateKey
    }

    private let current: Mutex<Pair>

    /// The pair in `chainPEM` (leaf first) and `keyPEM`; `ServerCertificateError` unless both parse
    /// and the key is the leaf's.
    public init(chainPEM: String, keyPEM: String) throws(ServerCertificateError) {
        current = Mutex(try Self.parse(chainPEM: chainPEM, keyPEM: keyPEM))
    }

    /// Replaces the pair; on error the current one stays.
    public func replace(chainPEM: String, keyPEM: String) throws(ServerCertificateError) {
        let pair = try Self.parse(chainPEM: chainPEM, keyPEM: keyPEM)
        current.withLock { $0 = pair }
    }

    /// The chain presented now, leaf first.
    public var chain: [Certificate] { current.withLock { $0.chain } }

    /// The listener's TLS configuration: the oldest version `minimum`, and the pair current at each
    /// handshake (looked up in memory on the event loop; never any I/O there).
    func tlsConfiguration(minimum: TLSMinimumVersion) -> TLSConfiguration {
        let pair = current.withLock { $0 }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: pair.tlsChain.map { .certificate($0) }, privateKey: .privateKey(pair.tlsKey))
        // `makeServerConfiguration` defaults to TLS 1.0: the contract's default is 1.2.
        configuration.minimumTLSVersion = minimum.version
        configuration.cipherSuites = minimum.cipherSuites
        configuration.sslContextCallback = { [weak self] _, promise in
            guard let self else { return promise.succeed(.noChanges) }
            let pair = self.current.withLock { $0 }
            var override = NIOSSLContextConfigurationOverride()
            override.certificateChain = pair.tlsChain.map { .certificate($0) }
            override.privateKey = .privateKey(pair.tlsKey)
            promise.succeed(override)
        }
        return configuration
    }

    private static func parse(chainPEM: String, keyPEM: String) throws(ServerCertificateError) -> Pair {
        let chain: [Certificate]
        let key: Certificate.PrivateKey
        do {
            chain = try PEMDocument.parseMultiple(pemString: chainPEM).map { try Certificate(pemDocument: $0) }
        } catch {
            throw ServerCertificateError("the certificate file does not parse as PEM certificates")
        }
        guard let leaf = chain.first else { throw ServerCertificateError("the certificate file holds no certificate") }
        do {
            key = try Certificate.PrivateKey(pemEncoded: keyPEM)
        } catch {
            throw ServerCertificateError("the key file does not parse as a PEM private key")
        }
        guard key.publicKey == leaf.publicKey else {
            throw ServerCertificateError("the key is not the key of the first certificate (\(leaf.subject))")
        }
        do {
            return Pair(
                chain: chain, tlsChain: try NIOSSLCertificate.fromPEMBytes(Array(chainPEM.utf8)),
                tlsKey: try NIOSSLPrivateKey(bytes: Array(keyPEM.utf8), format: .pem))
        } catch {
            throw ServerCertificateError("TLS cannot use the certificate or key: \(error)")
        }
    }
}

/// Why a certificate or key cannot be used; says which file and why, never any key material.
public struct ServerCertificateError: Error, CustomStringConvertible {
    /// What is wrong.
    public var description: String

    init(_ description: String) { self.description = description }
}
