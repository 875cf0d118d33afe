import Foundation
import SecretStoreCore

/// The bodies of `POST /secrets/v1/resolve/{store}`.
enum ResolvePayloads {
    /// `{"space": "/group/app", "secrets": ["group/secret", ...]}`; unknown fields are ignored.
    struct Request: Decodable {
        var space: String
        var secrets: [String]
    }

    /// `{"secrets": [{"path", "value", "encoding"}]}`.
    struct Answer: Encodable {
        var secrets: [Entry]

        init(_ resolved: [ResolvedSecret]) {
            secrets = resolved.map(Entry.init)
        }
    }

    /// One secret: a text secret's value as it is (`utf-8`), a binary one's bytes in base64.
    struct Entry: Encodable {
        var path: String
        var value: String
        var encoding: String

        init(_ secret: ResolvedSecret) {
            path = secret.path.path
            switch secret.record.kind {
            case .text:
                value = String(decoding: secret.record.value, as: UTF8.self)
                encoding = "utf-8"
            case .binary:
                value = Data(secret.record.value).base64EncodedString()
                encoding = "base64"
            }
        }
    }
}
