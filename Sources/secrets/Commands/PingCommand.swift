import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets ping`: checks that a server answers.
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping", abstract: "Check that the secret store answers on \(SecretsAPIPath.ping).")

    @Option(help: "The server's base URL.")
    var url = ProcessInfo.processInfo.environment["SECRETS_URL"] ?? "http://127.0.0.1:1337"

    @Option(name: .customLong("ca-cert"), help: "Over HTTPS, trust only this PEM CA certificate file.")
    var caCertificate: String?

    @Flag(help: "Over HTTPS, do not verify the server's certificate.")
    var insecure = false

    func validate() throws {
        if caCertificate != nil, insecure { throw ValidationError("give --ca-cert or --insecure, not both") }
    }

    func run() async throws {
        let trust: TLSTrust = insecure ? .insecure : caCertificate.map { .caFile($0) } ?? .system
        let client = try SecretsClient(url: url, token: nil, trust: trust)
        let answer = try await client.exchange("GET", SecretsAPIPath.ping, accept: "*/*")
        print(String(decoding: answer.bytes, as: UTF8.self))
    }
}
