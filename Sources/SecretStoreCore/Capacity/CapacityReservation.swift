/// Room reserved for one write before it reaches storage. Finish it exactly once, saying whether
/// the write may have been applied: a write with an unknown outcome counts as applied, which can
/// only make the count higher than the truth (the safe direction).
public struct CapacityReservation: Sendable {
    let accountant: CapacityAccountant?
    /// What was reserved: the write's growth.
    public let amount: CapacityAmount

    /// Ends the reservation.
    public func finish(applied: Bool) {
        accountant?.finish(amount, applied: applied)
    }

    /// Ends the reservation after the write threw `error`: not applied when storage refused it
    /// (the write certainly changed nothing), applied when the outcome is unknown.
    public func finish(after error: any Error) {
        let refused: Set<StorageError.Code> = [
            .alreadyExists, .notFound, .versionConflict, .tooLarge, .invalidKey, .accessDenied,
        ]
        finish(applied: !((error as? StorageError).map { refused.contains($0.code) } ?? false))
    }
}
