import Foundation

/// The active data-key term, as `GET /secrets/v1/key-status/{store}` reports it.
public struct KeyStatus: Sendable, Hashable {
    /// The term new values are sealed with.
    public var term: UInt32
    /// When the term was added.
    public var installTime: Date
    /// Encryptions made under the term: exact for this instance, an upper bound across instances
    /// (the unused parts of other instances' reserved blocks count as used).
    public var encryptions: UInt64
}
