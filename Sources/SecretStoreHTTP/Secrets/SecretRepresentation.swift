import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// The format a secret's GET answers with, chosen from the request's `Accept` and the kind the
/// secret was stored as.
package enum SecretRepresentation: Sendable, Hashable {
    /// `{"value", "author", "created", "description", "labels"}`; text secrets only.
    case json
    /// The raw bytes: a binary value, or the UTF-8 bytes of a text value.
    case octetStream

    /// The response's `Content-Type`, exactly as clients compare it.
    package var contentType: String {
        switch self {
        case .json: "application/json"
        case .octetStream: "application/octet-stream"
        }
    }

    /// Negotiates from every `Accept` line of `request` (see `negotiate(accept:stored:)`).
    package init(for request: Request, stored kind: SecretKind) throws(SecretError) {
        let lines = request.headers[values: .accept]
        self = try Self.negotiate(accept: lines.isEmpty ? nil : lines.joined(separator: ","), stored: kind)
    }

    /// The contract's rules: the stored format whenever the client accepts it (no `Accept`, `*/*`,
    /// `application/*`, or a list naming both JSON and octet-stream); otherwise the raw bytes if
    /// `application/octet-stream` is acceptable (a text secret's UTF-8 bytes); otherwise 406
    /// `NOT_ACCEPTABLE` (JSON for a binary secret, or only other types such as `text/html`).
    ///
    /// q-values only matter as far as `q=0` refuses a type (`*/*, application/json;q=0` on a
    /// text secret gives the raw bytes): a list naming both formats gets the stored one whatever
    /// their order or weights, as the contract asks. An `Accept` with no valid range counts as none.
    package static func negotiate(accept: String?, stored kind: SecretKind) throws(SecretError)
        -> SecretRepresentation
    {
        let stored: SecretRepresentation = kind == .text ? .json : .octetStream
        let ranges = MediaRange.parseList(accept ?? "")
        guard !ranges.isEmpty else { return stored }
        if stored.isAcceptable(in: ranges) { return stored }
        if SecretRepresentation.octetStream.isAcceptable(in: ranges) { return .octetStream }
        let message =
            kind == .binary
            ? "a binary secret is only available as application/octet-stream"
            : "a text secret is only available as application/json or application/octet-stream"
        throw SecretError(.notAcceptable, message)
    }

    private func isAcceptable(in ranges: [MediaRange]) -> Bool {
        switch self {
        case .json: MediaRange.quality(of: "application", "json", in: ranges) > 0
        case .octetStream: MediaRange.quality(of: "application", "octet-stream", in: ranges) > 0
        }
    }
}
