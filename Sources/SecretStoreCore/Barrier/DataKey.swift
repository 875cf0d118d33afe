import Foundation
import SecretStoreCrypto

/// One AES-256 data key of the keyring and its term. Terms count up from 1; the highest is the one
/// new values are sealed with, the others only open what they sealed.
struct DataKey: Sendable {
    /// The key's term, written into every envelope it seals.
    var term: UInt32
    /// The key; wiped from memory when the last reference goes.
    var key: SymmetricKey
    /// When the term was added.
    var installTime: Date
    /// How many encryptions instances have reserved under this key (an upper bound of those made).
    var encryptions: UInt64
}
