/// A request the HTTP layer refuses by itself, before any domain code has a say: a body that is not
/// the JSON asked for, a store that does not exist, an upload the server has no room for now, a
/// request that is too slow or is not HTTP at all. `APIError` maps each reason to its status and code.
struct RequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why the request was refused.
    enum Reason: Sendable, Equatable {
        /// Malformed JSON, a missing field, an id that does not decode, bytes that are not HTTP (400).
        case malformed
        /// A body whose Content-Type the route does not take (415).
        case unsupportedMediaType
        /// A `{store}` other than `default` (404).
        case unknownStore
        /// No room for the request now; a retry after `retryAfterSeconds` may succeed (429).
        case busy(retryAfterSeconds: Int)
        /// The request was not read within its deadline (408).
        case timedOut
    }

    /// Why the request was refused.
    var reason: Reason
    /// A human sentence, never holding a value the client sent as a secret.
    var message: String

    /// A refusal for `reason`.
    init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    var description: String { "\(reason): \(message)" }
}
