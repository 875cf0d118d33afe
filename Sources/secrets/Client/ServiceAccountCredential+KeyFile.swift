import Foundation
import JWTKit
import SecretStoreWire

extension ServiceAccountCredential {
    /// The credential of `uid` with the private key in `keyFile`, which must be a PEM RSA private
    /// key JWTKit accepts (2048 bits or more), so that the account can really log in with it.
    init(uid: String, keyFile: String, loginEndpoint: String) throws {
        guard let data = FileManager.default.contents(atPath: keyFile) else {
            throw CLIError("cannot read the private key file \(keyFile)")
        }
        let pem = String(decoding: data, as: UTF8.self)
        guard (try? Insecure.RSA.PrivateKey(pem: pem)) != nil else {
            throw CLIError("\(keyFile) is not a PEM RSA private key of at least 2048 bits")
        }
        self.init(loginEndpoint: loginEndpoint, privateKey: pem, uid: uid)
    }
}
