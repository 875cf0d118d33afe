import Foundation
import SecretStoreCore
import X509

/// The files of a store-issued server certificate in its directory (mode 0700): `server-key.pem`
/// (mode 0600, made once, never leaves the machine) and `server-cert.pem` (the chain, leaf first).
struct IssuedCertificateFiles {
    let directory: String

    var keyPath: String { directory + "/server-key.pem" }
    var chainPath: String { directory + "/server-cert.pem" }

    /// The key, made now (ECDSA P-256) if the directory has none.
    func loadOrMakeKey() throws -> Certificate.PrivateKey {
        let files = FileManager.default
        try files.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if let data = files.contents(atPath: keyPath) {
            do {
                return try Certificate.PrivateKey(pemEncoded: String(decoding: data, as: UTF8.self))
            } catch {
                throw ServerCertificateError("\(keyPath) does not parse as a PEM private key")
            }
        }
        let key = try CAKeySpec.default.generate()
        try write(Array(try key.serializeAsPEM().pemString.utf8), to: keyPath)
        return key
    }

    /// The stored chain, if any.
    func chainPEM() -> String? {
        FileManager.default.contents(atPath: chainPath).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Stores a new chain.
    func store(chainPEM: String) throws {
        try write(Array(chainPEM.utf8), to: chainPath)
    }

    /// Writes `bytes` to a temporary file of mode 0600 and renames it over `path`, so a crash leaves
    /// the old file or the new one, never half of one.
    private func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = path + ".new"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else { throw ServerCertificateError("cannot write \(temporary)") }
        guard rename(temporary, path) == 0 else {
            throw ServerCertificateError("cannot rename \(temporary) to \(path)")
        }
    }
}
