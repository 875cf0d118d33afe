import Foundation
import JWTKit

/// A new 2048-bit RSA key pair for a service account, in PEM. The private key comes from
/// `openssl genpkey`: JWTKit cannot generate RSA keys without swift-crypto's CryptoExtras, which
/// this target does not link. JWTKit then checks it and derives the public key.
struct RSAKeyPair {
    /// The private key, PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    var privateKeyPEM: String
    /// The public key, SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), as `PUT /users/{uid}` takes it.
    var publicKeyPEM: String

    /// Generates a key pair by running `openssl genpkey` from the PATH.
    static func generate() throws -> RSAKeyPair {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"]
        // The key goes through a pipe to us, never to a file openssl would create with the umask's mode.
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        // Only progress dots go to standard error; unread, they could fill a pipe and stall openssl.
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CLIError("cannot run openssl: \(error.localizedDescription)")
        }
        let pem = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            // /usr/bin/env exits 127 when it finds no openssl.
            let reason = process.terminationStatus == 127 ? "openssl is not on the PATH" : "openssl failed"
            throw CLIError("cannot generate a key pair: \(reason) (exit status \(process.terminationStatus))")
        }
        guard let key = try? Insecure.RSA.PrivateKey(pem: pem) else {
            throw CLIError("cannot generate a key pair: openssl wrote no usable RSA private key")
        }
        return RSAKeyPair(privateKeyPEM: pem, publicKeyPEM: key.publicKey.pemRepresentation + "\n")
    }
}
