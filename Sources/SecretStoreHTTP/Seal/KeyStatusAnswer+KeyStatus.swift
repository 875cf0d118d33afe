import Foundation
import SecretStoreCore
import SecretStoreWire

extension KeyStatusAnswer {
    /// `status` as `GET /key-status` answers it, the install time in ISO 8601.
    init(_ status: KeyStatus) {
        self.init(
            term: status.term, installTime: status.installTime.formatted(.iso8601), encryptions: status.encryptions)
    }
}
