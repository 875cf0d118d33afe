import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets ca newcert`: the store's CA makes a private key and issues a certificate for it; with
/// `--pkcs12` (or `--keystore`) also a PKCS#12 key store a Java service loads.
struct CANewCertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "newcert", abstract: "Make a private key and a certificate from the store's CA.",
        discussion: """
            Writes the certificate (PEM) to --cert-out and the private key (PEM, mode 0600) to --key-out; \
            the key is never printed. With --pkcs12 FILE (or --keystore FILE, the same PKCS#12 key store) \
            also writes the key, the certificate and the CA chain protected by the password from \
            --password-file or --password-env (mode 0600). Java 9 and later load PKCS#12 key stores; for \
            JKS run `keytool -importkeystore -srckeystore FILE -srcstoretype PKCS12 -destkeystore \
            FILE.jks -deststoretype JKS`. Needs dcos:adminrouter:ops:ca:rw (full).
            """)

    /// The key algorithms and their sizes, as cfssl takes them.
    static let keySizes = ["rsa": [2048, 4096, 8192], "ecdsa": [256, 384, 521]]
    /// The size used when `--key-size` is not given.
    static let defaultKeySizes = ["rsa": 2048, "ecdsa": 256]

    @Option(name: .customLong("cn"), help: "The certificate's common name.")
    var commonName: String

    @Option(name: .customLong("host"), help: "A host name or IP address the certificate is for (repeatable).")
    var hosts: [String] = []

    @Option(name: .customLong("key-algo"), help: "rsa or ecdsa.")
    var keyAlgorithm = "rsa"

    @Option(name: .customLong("key-size"), help: "RSA 2048, 4096 or 8192; ECDSA 256, 384 or 521 (default 2048/256).")
    var keySize: Int?

    @Option(name: .customLong("cert-out"), help: "Where to write the certificate (PEM).")
    var certificateOut: String

    @Option(name: .customLong("key-out"), help: "Where to write the private key (PEM, mode 0600).")
    var keyOut: String

    @Option(help: "Also write a PKCS#12 key store with the key, the certificate and the CA chain here.")
    var pkcs12: String?

    @Option(help: "The same as --pkcs12 (a PKCS#12 key store, as Java 9 and later load).")
    var keystore: String?

    @OptionGroup(title: "Key store password")
    var password: KeyStorePasswordOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    /// The key store's path, from `--pkcs12` or `--keystore`.
    var keyStorePath: String? { pkcs12 ?? keystore }

    func validate() throws {
        guard let sizes = Self.keySizes[keyAlgorithm] else {
            throw ValidationError("--key-algo must be rsa or ecdsa")
        }
        if let keySize, !sizes.contains(keySize) {
            throw ValidationError(
                "--key-size for \(keyAlgorithm) must be one of \(sizes.map(String.init).joined(separator: ", "))")
        }
        if pkcs12 != nil, keystore != nil { throw ValidationError("give --pkcs12 or --keystore, not both") }
        if keyStorePath != nil, !password.isGiven {
            throw ValidationError("a key store needs --password-file FILE or --password-env VAR")
        }
        if keyStorePath == nil, password.isGiven {
            throw ValidationError("--password-file and --password-env are for --pkcs12 or --keystore")
        }
        let outputs = [certificateOut, keyOut] + (keyStorePath.map { [$0] } ?? [])
        if Set(outputs).count != outputs.count { throw ValidationError("the output files must differ") }
    }

    /// The cfssl request of the options.
    var request: CANewCertBody {
        let size = keySize ?? Self.defaultKeySizes[keyAlgorithm]
        return CANewCertBody(
            request: CertificateNameRequest(
                commonName: commonName, hosts: hosts,
                key: CertificateNameRequest.Key(algo: keyAlgorithm, size: size)))
    }

    func run() async throws {
        // Read before anything is issued: a missing password should not cost a certificate.
        var keyStorePassword = keyStorePath == nil ? nil : try password.read()
        defer { keyStorePassword?.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        let client = try server.client()
        let issued = try await client.cfssl(CAAPIPath.newCertificate, json: request, as: CANewKeyAnswer.self)
        guard let certificate = issued.certificate else {
            throw CLIError("the CA answered newcert without a certificate")
        }
        try OwnerOnlyFile.write(Data(issued.privateKey.utf8), to: keyOut)
        try PublicFile.write(certificate, to: certificateOut)
        print("Certificate written to \(certificateOut), private key to \(keyOut)")
        if let keyStorePath, let keyStorePassword {
            let chain = try await client.cfssl(
                CAAPIPath.bundle, json: CABundleBody(certificate: certificate), as: CABundleAnswer.self)
            let store = try PKCS12KeyStore.serialize(
                privateKey: issued.privateKey, certificates: [certificate, chain.bundle, chain.root],
                password: keyStorePassword)
            try OwnerOnlyFile.write(Data(store), to: keyStorePath)
            print("PKCS#12 key store written to \(keyStorePath)")
        }
    }
}
