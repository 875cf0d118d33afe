import ArgumentParser
import Foundation
import SecretStoreCore
import SecretStoreCrypto

/// Options of the identity service: the bootstrap superuser, token lifetime, password cost.
struct IdentityOptions: ParsableArguments {
    @Option(name: .customLong("bootstrap-uid"), help: "The superuser to create on first start.")
    var bootstrapUID = "bootstrapuser"

    @Option(
        name: .customLong("bootstrap-password-file"),
        help: "A file holding the bootstrap superuser's password (or set SECRET_STORE_BOOTSTRAP_PASSWORD).")
    var bootstrapPasswordFile: String?

    @Option(
        name: .customLong("bootstrap-public-key-file"),
        help: "A PEM RSA public key: makes the bootstrap superuser a service account instead.")
    var bootstrapPublicKeyFile: String?

    @Option(name: .customLong("token-lifetime"), help: "Seconds an issued login token is accepted.")
    var tokenLifetime = 5 * 24 * 3600

    @Option(name: .customLong("password-rounds"), help: "SHA-512 crypt rounds for new password hashes.")
    var passwordRounds = PasswordHash.defaultRounds

    func validate() throws {
        guard tokenLifetime > 0 else { throw ValidationError("--token-lifetime must be positive") }
        guard (PasswordHash.minimumRounds...PasswordHash.maximumRounds).contains(passwordRounds) else {
            throw ValidationError(
                "--password-rounds must be between \(PasswordHash.minimumRounds) and \(PasswordHash.maximumRounds)")
        }
        if bootstrapPasswordFile != nil, bootstrapPublicKeyFile != nil {
            throw ValidationError("give --bootstrap-password-file or --bootstrap-public-key-file, not both")
        }
    }

    /// The identity configuration; passwords come from a file or the environment, never argv.
    /// `SECRET_STORE_BOOTSTRAP_PASSWORD` is wiped from the environment either way.
    func configuration() throws -> IdentityService.Configuration {
        let environmentPassword = EnvironmentSecret.take("SECRET_STORE_BOOTSTRAP_PASSWORD")
        var superuser: BootstrapSuperuser?
        if let file = bootstrapPublicKeyFile {
            superuser = BootstrapSuperuser(uid: bootstrapUID, credential: .publicKey(try read(file)))
        } else if let file = bootstrapPasswordFile {
            superuser = BootstrapSuperuser(uid: bootstrapUID, credential: .password(try read(file)))
        } else if let password = environmentPassword {
            superuser = BootstrapSuperuser(uid: bootstrapUID, credential: .password(password))
        }
        return IdentityService.Configuration(
            tokenLifetime: .seconds(tokenLifetime), passwordRounds: passwordRounds, bootstrapSuperuser: superuser)
    }

    private func read(_ file: String) throws -> String {
        do {
            return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw ValidationError("cannot read \(file)")
        }
    }
}
