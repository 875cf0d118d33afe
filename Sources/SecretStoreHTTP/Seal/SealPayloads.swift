import Foundation
import SecretStoreCore

/// Request and answer bodies of the seal, unseal, init and store routes (contract §3).
enum SealPayloads {
    /// `PUT /unseal/{store}`.
    struct UnsealBody: Decodable {
        var key: String?
        var reset: Bool?
    }

    /// `PUT /init/{store}`.
    struct InitBody: Decodable {
        var shares: Int
        var threshold: Int
        var pgpKeys: [String]

        private enum CodingKeys: String, CodingKey {
            case shares, threshold
            case pgpKeys = "pgp_keys"
        }
    }

    /// `GET` and `PUT /init/{store}`.
    struct InitAnswer: Encodable {
        var initialized: Bool
        var keys: [String]
        var keysBase64: [String]
        var pgpFingerprints: [String]
        var shares: Int
        var threshold: Int

        init(_ initialization: SealInitialization) {
            initialized = initialization.initialized
            keys = initialization.keys
            keysBase64 = initialization.keysBase64
            pgpFingerprints = initialization.pgpFingerprints
            shares = initialization.shares
            threshold = initialization.threshold
        }

        private enum CodingKeys: String, CodingKey {
            case initialized, keys, shares, threshold
            case keysBase64 = "keys_base64"
            case pgpFingerprints = "pgp_fingerprints"
        }
    }

    /// A storage backend, as `GET /store` lists it.
    struct Backend: Encodable {
        var name: String
        var description: String
        var driver: String
        var addr: String
        var initialized: Bool
        var sealed: Bool
        /// Usage against the capacity budget (an addition of ours: clients ignore unknown fields).
        var capacity: Capacity?
    }

    /// The capacity budget in `Backend`.
    struct Capacity: Encodable {
        var storeBytes: Int
        var storeBytesBudget: Int
        var secrets: Int
        var secretsBudget: Int
        var allocatedBytes: Int
        var allocatedSecrets: Int

        init(_ status: CapacityStatus) {
            storeBytes = status.used.bytes
            storeBytesBudget = status.maximum.bytes
            secrets = status.used.secrets
            secretsBudget = status.maximum.secrets
            allocatedBytes = status.allocated.bytes
            allocatedSecrets = status.allocated.secrets
        }

        private enum CodingKeys: String, CodingKey {
            case storeBytes = "store_bytes"
            case storeBytesBudget = "store_bytes_budget"
            case secrets
            case secretsBudget = "secrets_budget"
            case allocatedBytes = "allocated_bytes"
            case allocatedSecrets = "allocated_secrets"
        }
    }

    /// `GET /store`.
    struct BackendList: Encodable {
        var array: [Backend]
    }

    /// `GET /key-status/{store}`.
    struct KeyStatusAnswer: Encodable {
        var term: UInt32
        var installTime: String
        var encryptions: UInt64

        init(_ status: KeyStatus) {
            term = status.term
            installTime = status.installTime.formatted(.iso8601)
            encryptions = status.encryptions
        }

        private enum CodingKeys: String, CodingKey {
            case term, encryptions
            case installTime = "install_time"
        }
    }
}
