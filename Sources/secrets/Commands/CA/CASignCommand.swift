import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets ca sign CSR_FILE`: the store's CA signs a certificate signing request.
struct CASignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sign", abstract: "Have the store's CA sign a certificate signing request (PEM).",
        discussion: """
            The certificate is valid for the CSR's names, or for the --host names instead when given. \
            Needs dcos:adminrouter:ops:ca:rw (full).
            """)

    @Argument(help: "The PEM certificate signing request file.")
    var csrFile: String

    @Option(name: .customLong("host"), help: "A host name or IP address the certificate is for (repeatable).")
    var hosts: [String] = []

    @Option(name: .customLong("cert-out"), help: "Where to write the signed certificate (PEM).")
    var certificateOut: String

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        guard let data = FileManager.default.contents(atPath: csrFile) else {
            throw CLIError("cannot read the CSR file \(csrFile)")
        }
        let csr = String(decoding: data, as: UTF8.self)
        guard csr.contains("-----BEGIN CERTIFICATE REQUEST-----") else {
            throw CLIError("\(csrFile) holds no PEM certificate request")
        }
        let body = CASignBody(certificateRequest: csr, hosts: hosts.isEmpty ? nil : hosts)
        let answer = try await server.client().cfssl(CAAPIPath.sign, json: body, as: CASignAnswer.self)
        try PublicFile.write(answer.certificate, to: certificateOut)
        print("Signed certificate written to \(certificateOut)")
    }
}
