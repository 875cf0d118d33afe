import NIOSSL

/// A PKCS#12 key store holding one private key, its certificate and the CA chain, protected by a
/// password: what `secrets ca newcert --pkcs12` writes. Java 9 and later load PKCS#12 key stores
/// directly (`-Djavax.net.ssl.keyStoreType=PKCS12`, the default type since Java 9); a JKS copy is
/// `keytool -importkeystore -srcstoretype PKCS12 -deststoretype JKS` away.
enum PKCS12KeyStore {
    /// The key store of `privateKey` (PEM) and `certificates` (PEM: the certificate first, then its
    /// chain), protected with `password` (both the store's and the key's password, as Java expects).
    static func serialize(privateKey: String, certificates: [String], password: [UInt8]) throws -> [UInt8] {
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(bytes: Array(privateKey.utf8), format: .pem)
        } catch {
            // Never the key's text: it is secret.
            throw CLIError("the private key the CA returned cannot be read")
        }
        var chain: [NIOSSLCertificate] = []
        for pem in certificates {
            for certificate in try PEMCertificateChain(pem: pem, source: "a certificate").certificates
            where !chain.contains(certificate) {
                chain.append(certificate)
            }
        }
        guard !chain.isEmpty else { throw CLIError("no certificate for the key store") }
        do {
            return try NIOSSLPKCS12Bundle(certificateChain: chain, privateKey: key).serialize(passphrase: password)
        } catch {
            throw CLIError("cannot make the PKCS#12 key store: \(error)")
        }
    }
}
