import Foundation
import SecretStoreCore
import SecretStoreWire

extension DeliveredSecret {
    /// One secret: a text secret's value as it is (`utf-8`), a binary one's bytes in base64.
    init(_ secret: ResolvedSecret) {
        switch secret.record.kind {
        case .text:
            self.init(
                path: secret.path.path, value: String(decoding: secret.record.value, as: UTF8.self),
                encoding: Self.utf8Encoding)
        case .binary:
            self.init(
                path: secret.path.path, value: Data(secret.record.value).base64EncodedString(),
                encoding: Self.base64Encoding)
        }
    }
}
