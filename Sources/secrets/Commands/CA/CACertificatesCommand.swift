import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets ca certificates`: the certificates the store's CA issued.
struct CACertificatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificates", abstract: "List the certificates the store's CA issued.",
        discussion: "One line each: serial (decimal), subject and end of validity. Needs dcos:adminrouter:ops:ca:ro.")

    @Option(help: "Only the certificate with this decimal serial.")
    var serial: String?

    @Flag(help: "Also the certificates past their end of validity.")
    var expired = false

    @Flag(name: [.short, .long], help: "Print the certificates as JSON.")
    var json = false

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func validate() throws {
        if let serial, serial.isEmpty || !serial.allSatisfy(\.isASCII) || !serial.allSatisfy(\.isNumber) {
            throw ValidationError("--serial must be a decimal serial number")
        }
    }

    func run() async throws {
        let body = CACertificatesBody(serial: serial, expiredOK: expired ? true : nil)
        let certificates = try await server.client().cfssl(
            CAAPIPath.certificates, json: body, as: CACertificatesAnswer.self
        ).certificates
        if json {
            print(JSONValue.prettyText(try JSONEncoder().encode(certificates)))
        } else if !certificates.isEmpty {
            var table = TextTable(header: ["SERIAL", "SUBJECT", "NOT AFTER"])
            for certificate in certificates {
                table.append([certificate.serial, certificate.subject, certificate.notAfter])
            }
            print(table.rendered)
        }
    }
}
