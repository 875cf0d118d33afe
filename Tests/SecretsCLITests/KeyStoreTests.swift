import Foundation
import NIOSSL
import Testing

@testable import secrets

/// The PKCS#12 key store of `ca newcert` and where its password comes from.
@Suite struct KeyStoreTests {
    @Test func theKeyStoreOpensWithItsPasswordOnly() throws {
        let bytes = try PKCS12KeyStore.serialize(
            privateKey: CertificateFixture.privateKey,
            certificates: [CertificateFixture.certificate, CertificateFixture.certificate],
            password: Array("changeit-123".utf8))
        let bundle = try NIOSSLPKCS12Bundle(buffer: bytes, passphrase: Array("changeit-123".utf8))
        // The same certificate twice (a root that is also the leaf) is kept once.
        #expect(bundle.certificateChain.count == 1)
        #expect(
            try bundle.certificateChain[0].toDERBytes()
                == NIOSSLCertificate.fromPEMBytes(Array(CertificateFixture.certificate.utf8))[0].toDERBytes())
        #expect(throws: (any Error).self) {
            try NIOSSLPKCS12Bundle(buffer: bytes, passphrase: Array("wrong".utf8))
        }
    }

    @Test func anUnreadableKeyIsNotQuoted() {
        let error = failure {
            try PKCS12KeyStore.serialize(
                privateKey: "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----\n",
                certificates: [CertificateFixture.certificate], password: [1])
        }
        #expect(error == "the private key the CA returned cannot be read")
    }

    @Test func thePasswordComesFromTheFirstLineOfAFile() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.create("pw", "s3cret-pass\nsecond line\n")
        let options = try KeyStorePasswordOptions.parse(["--password-file", folder("pw")])
        #expect(try options.read() == Array("s3cret-pass".utf8))
    }

    @Test func thePasswordComesFromAVariable() throws {
        let options = try KeyStorePasswordOptions.parse(["--password-env", "KS_PASSWORD"])
        #expect(try options.read(environment: ["KS_PASSWORD": "from-env"]) == Array("from-env".utf8))
        #expect(failure { try options.read(environment: [:]) } == "the environment variable KS_PASSWORD is not set")
        #expect(failure { try options.read(environment: ["KS_PASSWORD": ""]) } == "the key store's password is empty")
    }

    @Test func noSourceIsAnError() throws {
        let options = try KeyStorePasswordOptions.parse([])
        #expect(failure { try options.read(environment: [:]) }?.contains("needs a password") == true)
        #expect(
            failure { try KeyStorePasswordOptions.parse(["--password-file", "/nonexistent"]).read() }
                == "cannot read the password file /nonexistent")
    }
}
