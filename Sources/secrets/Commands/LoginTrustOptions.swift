import ArgumentParser
import Foundation

/// How `secrets login` comes to trust an https store, as `dcos cluster setup` does: the store's
/// root certificate from `/ca/dcos-ca.crt`, accepted by its SHA-256 fingerprint (asked on standard
/// input, or given with `--ca-fingerprint`), or a CA file given with `--ca-cert`; or no
/// verification with `--insecure`. Plain http URLs need none of this.
struct LoginTrustOptions: ParsableArguments {
    @Option(name: .customLong("ca-cert"), help: "Trust only this PEM CA certificate file (copied beside the config).")
    var caCertificate: String?

    @Option(
        name: .customLong("ca-fingerprint"),
        help: "Trust the store's root certificate only if its SHA-256 fingerprint is this (no question asked).")
    var caFingerprint: String?

    @Flag(help: "Do not verify the server's certificate at all, now or later (remembered). Unsafe.")
    var insecure = false

    func validate() throws {
        if [caCertificate != nil, caFingerprint != nil, insecure].filter({ $0 }).count > 1 {
            throw ValidationError("give one of --ca-cert, --ca-fingerprint and --insecure")
        }
        if let caFingerprint, PEMCertificateChain.normalizedFingerprint(caFingerprint) == nil {
            throw ValidationError("--ca-fingerprint must be a SHA-256 fingerprint: 32 bytes in hex, `:` allowed")
        }
    }

    /// Whether any of the options was given.
    var isGiven: Bool { caCertificate != nil || caFingerprint != nil || insecure }

    /// The trust for logging in to `url` (`LoginTrust`): for https, the `--ca-cert` file, the
    /// root the store serves once accepted, or none with `--insecure`; a new login to the URL of
    /// `saved` keeps the root saved then, unless an option says otherwise.
    func establish(url: String, saved: ClientConfiguration?) async throws -> LoginTrust {
        guard SecretsClient.isHTTPS(url) else {
            if isGiven { throw ValidationError("--ca-cert, --ca-fingerprint and --insecure are for https URLs") }
            return .system
        }
        if insecure {
            StandardError.print(
                "warning: --insecure: the server's certificate is not verified, now or by later commands; "
                    + "anyone between here and \(url) can read the password and the token")
            return .insecure
        }
        if let caCertificate {
            return .root(try PEMCertificateChain(file: caCertificate))
        }
        if caFingerprint == nil, let saved, try SecretsClient.baseURL(saved.url) == url,
            case .caFile(let path) = saved.trust, let root = try? PEMCertificateChain(file: path)
        {
            return .root(root)
        }
        let root = try await SecretsClient(url: url, token: nil, trust: .insecure).rootCertificate()
        try accept(root, of: url)
        return .root(root)
    }

    /// Returns if `root` is accepted: its fingerprint is `--ca-fingerprint`, or the answer on
    /// standard input to the question showing it is `yes`.
    private func accept(_ root: PEMCertificateChain, of url: String) throws {
        let fingerprint = try root.fingerprint
        if let caFingerprint {
            guard PEMCertificateChain.normalizedFingerprint(caFingerprint) == fingerprint else {
                throw CLIError(
                    "the root certificate of \(url) has the SHA-256 fingerprint \(fingerprint), not "
                        + "\(caFingerprint): not trusted, not logged in")
            }
            return
        }
        FileHandle.standardError.write(Data(RootCertificateQuestion(url: url, root: root).text(fingerprint).utf8))
        guard let answer = readLine(strippingNewline: true) else {
            throw CLIError(
                "no answer on standard input: give --ca-fingerprint SHA256 or --ca-cert FILE to log in without one")
        }
        guard RootCertificateQuestion.isYes(answer) else {
            throw CLIError("the root certificate of \(url) was not trusted: not logged in")
        }
    }
}
