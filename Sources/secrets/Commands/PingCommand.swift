import ArgumentParser
import Foundation
import SecretStoreWire

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `secrets ping`: checks that a server answers.
struct PingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping", abstract: "Check that the secret store answers on \(SecretsAPIPath.ping).")

    @Option(help: "The server's base URL.")
    var url = ProcessInfo.processInfo.environment["SECRETS_URL"] ?? "http://127.0.0.1:1337"

    func run() async throws {
        guard let endpoint = URL(string: url)?.appendingPathComponent(String(SecretsAPIPath.ping.dropFirst())) else {
            throw ValidationError("not a URL: \(url)")
        }
        let body: Data
        let response: URLResponse
        do {
            (body, response) = try await URLSession.shared.data(from: endpoint)
        } catch {
            throw CLIError("cannot reach \(endpoint): \(error.localizedDescription)")
        }
        guard let status = (response as? HTTPURLResponse)?.statusCode, status == 200 else {
            throw CLIError("\(endpoint) did not answer 200")
        }
        print(String(decoding: body, as: UTF8.self))
    }
}
