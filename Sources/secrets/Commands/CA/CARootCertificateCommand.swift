import ArgumentParser

/// `secrets ca cacert`: the store's root certificate, PEM, from `/ca/dcos-ca.crt`.
struct CARootCertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cacert", abstract: "Print or save the store's root CA certificate (PEM).",
        discussion: "Needs no login: the saved login's server and trust are used when there is one.")

    @Option(name: .shortAndLong, help: "Write the certificate to this file instead of standard output.")
    var output: String?

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let root = try await server.anonymousClient().rootCertificate()
        if let output {
            try PublicFile.write(root.pem, to: output)
        } else {
            print(root.pem, terminator: root.pem.hasSuffix("\n") ? "" : "\n")
        }
    }
}
