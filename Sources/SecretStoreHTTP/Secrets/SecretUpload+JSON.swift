import Foundation
import Hummingbird
import SecretStoreCore
import SecretStoreWire

extension SecretUpload {
    /// Decodes a collected JSON body (`TextSecretBody`; other fields, such as the UI's `path` and
    /// `store_id`, are ignored) and checks the decoded sizes.
    static func decodeJSON(_ buffer: ByteBuffer, limit: Int, metadataLimit: Int) throws(SecretError) -> SecretUpload {
        let body: TextSecretBody
        do {
            // `.automatic` hands a large buffer to Data without copying it.
            body = try JSONDecoder().decode(TextSecretBody.self, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            // The summary names the field, never its content (the body holds the secret).
            throw SecretError(.badRequest, "invalid JSON body: \(error.summary)")
        } catch {
            throw SecretError(.badRequest, "invalid JSON body")
        }
        let value = Array(body.value.utf8)
        guard value.count <= limit else {
            throw SecretError(.tooLarge, "the secret value is larger than \(limit) bytes")
        }
        // Counted as stored, length prefixes included: empty labels are not free.
        let metadataSize = SecretRecord.encodedMetadataSize(description: body.description, labels: body.labels ?? [])
        guard metadataSize <= metadataLimit else {
            throw SecretError(.tooLarge, "the description and labels are larger than \(metadataLimit) bytes")
        }
        return SecretUpload(kind: .text, value: value, description: body.description, labels: body.labels)
    }
}
