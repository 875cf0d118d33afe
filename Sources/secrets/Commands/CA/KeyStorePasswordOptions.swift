import ArgumentParser
import Foundation

/// Where the password of a key store comes from: the first line of a file, or an environment
/// variable. Never an argument (those show in `ps`), and never printed.
struct KeyStorePasswordOptions: ParsableArguments {
    @Option(
        name: .customLong("password-file"), help: "Read the key store's password from the first line of this file.")
    var passwordFile: String?

    @Option(
        name: .customLong("password-env"), help: "Read the key store's password from this environment variable.")
    var passwordVariable: String?

    /// Whether a source was given.
    var isGiven: Bool { passwordFile != nil || passwordVariable != nil }

    func validate() throws {
        if passwordFile != nil, passwordVariable != nil {
            throw ValidationError("give --password-file or --password-env, not both")
        }
    }

    /// The password, as bytes (`environment` for `--password-env`).
    func read(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> [UInt8] {
        let password: String
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw CLIError("cannot read the password file \(passwordFile)")
            }
            password = String(String(decoding: data, as: UTF8.self).prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
        } else if let passwordVariable {
            guard let value = environment[passwordVariable] else {
                throw CLIError("the environment variable \(passwordVariable) is not set")
            }
            password = value
        } else {
            throw CLIError("a key store needs a password: give --password-file FILE or --password-env VAR")
        }
        guard !password.isEmpty else { throw CLIError("the key store's password is empty") }
        return Array(password.utf8)
    }
}
