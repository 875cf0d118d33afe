import ArgumentParser
import Foundation
import SecretStoreWire

/// Where `create` and `update` take a secret's value from, as `dcos security secrets` names the
/// options: exactly one of `-v` (text), `-t` (a UTF-8 text file) and `-f` (a file's raw bytes,
/// stored as a binary secret); plus the description and labels a text secret carries.
struct SecretValueOptions: ParsableArguments {
    @Option(
        name: [.short, .long],
        help: "The value, as text. Visible to other users in the process list: prefer -t or -f.")
    var value: String?

    @Option(
        name: [.short, .customLong("text-file"), .customLong("value-file")],
        help: "Use this file's contents as a text value (UTF-8, kept exactly, trailing newline included).")
    var textFile: String?

    @Option(
        name: [.short, .customLong("file")],
        help: "Use this file's raw bytes as a binary value (sent as application/octet-stream).")
    var file: String?

    @Option(help: "A description of the secret (text values only).")
    var description: String?

    @Option(name: .customLong("label"), help: "A label of the secret (text values only; repeatable).")
    var labels: [String] = []

    func validate() throws {
        let given = [value != nil, textFile != nil, file != nil].filter { $0 }.count
        guard given == 1 else {
            throw ValidationError("give exactly one of -v/--value, -t/--text-file and -f/--file")
        }
        if file != nil, description != nil || !labels.isEmpty {
            throw ValidationError("a binary secret (-f) carries no --description or --label: use -t for text")
        }
    }

    /// The value the options name, read from its file if it has one.
    func read() throws -> SecretValue {
        if let value { return .text(value) }
        if let textFile {
            guard let text = String(data: try Self.contents(of: textFile), encoding: .utf8) else {
                throw CLIError("\(textFile) is not UTF-8 text: use -f to store its bytes as a binary secret")
            }
            return .text(text)
        }
        return .binary(try Self.contents(of: file ?? ""))
    }

    /// The request body that stores the value: JSON for text, the raw bytes for a binary value.
    func payload() throws -> Payload {
        switch try read() {
        case .text(let text):
            return try Payload.json(
                TextSecretBody(value: text, description: description, labels: labels.isEmpty ? nil : labels))
        case .binary(let bytes):
            return Payload.octetStream(bytes)
        }
    }

    private static func contents(of path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("cannot read \(path): \(error.localizedDescription)")
        }
    }
}
