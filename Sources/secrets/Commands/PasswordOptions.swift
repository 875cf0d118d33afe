import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a password comes from: the first line of a file, one line of standard input, or a prompt
/// without echo when standard input is a terminal. Never an argument: those show in `ps`.
struct PasswordOptions: ParsableArguments {
    @Option(name: .customLong("password-file"), help: "Read the password from the first line of this file.")
    var passwordFile: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from one line of standard input.")
    var passwordStdin = false

    /// Whether `--password-file` or `--password-stdin` was given.
    var isGiven: Bool { passwordFile != nil || passwordStdin }

    func validate() throws {
        if passwordFile != nil, passwordStdin {
            throw ValidationError("give --password-file or --password-stdin, not both")
        }
    }

    /// The password; on a terminal, asks with `prompt` (twice when `confirm` is set).
    func read(prompt: String, confirm: Bool = false) throws -> String {
        let password: String
        if let passwordFile {
            guard let data = FileManager.default.contents(atPath: passwordFile) else {
                throw CLIError("cannot read the password file \(passwordFile)")
            }
            password = Self.firstLine(of: String(decoding: data, as: UTF8.self))
        } else if passwordStdin {
            guard let line = readLine(strippingNewline: true) else {
                throw CLIError("no password on standard input")
            }
            password = Self.firstLine(of: line)
        } else {
            guard isatty(STDIN_FILENO) == 1 else {
                throw CLIError("no password: give --password-file FILE or --password-stdin")
            }
            password = try Self.ask(prompt)
            if confirm, try Self.ask("Repeat the password: ") != password {
                throw CLIError("the passwords do not match")
            }
        }
        guard !password.isEmpty else { throw CLIError("the password is empty") }
        return password
    }

    private static func firstLine(of text: String) -> String {
        String(text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
    }

    /// Asks on the terminal with echo off (getpass restores the terminal's settings afterwards).
    private static func ask(_ prompt: String) throws -> String {
        guard let buffer = getpass(prompt) else { throw CLIError("cannot read a password from the terminal") }
        let password = String(cString: buffer)
        // getpass keeps the line in its own buffer, which outlives this call: wipe it.
        memset(buffer, 0, strlen(buffer))
        return password
    }
}
