/// When the barrier adds a data-key term by itself, and how it accounts for encryptions.
public struct BarrierLimits: Sendable, Hashable {
    /// A term is retired before it seals this many values: 90% of 2^32, the bound below which
    /// random 96-bit GCM nonces keep the collision probability under 2^-32 (NIST SP 800-38D §8.3).
    public var rotationThreshold: UInt64
    /// How many encryptions an instance reserves in the keyring at once. Reserving is a storage
    /// write, so it is done per block; a crash loses at most the unused part of one block, which only
    /// makes the count higher than the truth (the safe direction).
    public var reservationBlock: UInt64

    /// The production limits.
    public static let standard = BarrierLimits(rotationThreshold: 3_865_470_566, reservationBlock: 65_536)

    /// Creates limits; both must be at least 1 and the block no larger than the threshold allows.
    public init(rotationThreshold: UInt64, reservationBlock: UInt64) {
        precondition(rotationThreshold >= 2 && reservationBlock >= 1, "barrier limits must be positive")
        self.rotationThreshold = rotationThreshold
        self.reservationBlock = reservationBlock
    }

    /// The most encryptions one term may make: one fewer than the threshold.
    var encryptionsPerTerm: UInt64 { rotationThreshold - 1 }
}
