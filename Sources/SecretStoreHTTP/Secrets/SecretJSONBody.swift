import NIOCore
import SecretStoreCore
import SecretStoreWire

/// The JSON body of a text secret's GET, as a buffer: the wire module's `TextSecretAnswer` bytes
/// of a record, written without `JSONEncoder` and without copying the value into a `String`.
package enum SecretJSONBody {
    /// The body of `record`: `{"author","created","description","labels","value"}`, keys sorted.
    package static func make(_ record: SecretRecord) -> ByteBuffer {
        ByteBuffer(
            bytes: TextSecretAnswer.encodedJSON(
                author: record.author, created: record.created, description: record.description,
                labels: record.labels, value: record.value))
    }
}
