/// The record at `identity/revision`: a counter that every identity write bumps in the same atomic
/// batch as its records, and the keys the last writes changed. Instances use it to notice changes
/// (one watch), to write against a known state (its version is checked), and to catch up by
/// reading only the changed records.
struct IdentityJournal: Codable, Sendable {
    /// One write: its counter and the record keys it changed (`nil`: too many to list).
    struct Entry: Codable, Sendable {
        var counter: UInt64
        var keys: [String]?
    }

    /// How many recent writes are kept; an instance further behind reloads everything.
    static let retainedEntries = 64
    /// A write that changes more keys than this is journalled as "reload everything".
    static let maximumListedKeys = 256

    /// The counter of the latest write.
    var counter: UInt64
    /// The latest writes, oldest first.
    var entries: [Entry]

    /// The journal after one more write that changed `keys`.
    func appending(_ keys: [StorageKey]) -> IdentityJournal {
        let next = counter + 1
        let entry = Entry(counter: next, keys: keys.count <= Self.maximumListedKeys ? keys.map(\.path) : nil)
        return IdentityJournal(counter: next, entries: Array((entries + [entry]).suffix(Self.retainedEntries)))
    }

    /// The keys changed since `counter`, or `nil` when the journal no longer reaches back that far
    /// (or a write did not list its keys): then only a full reload is correct.
    func keysChanged(since counter: UInt64) -> Set<String>? {
        guard counter < self.counter, let oldest = entries.first?.counter, oldest <= counter + 1 else { return nil }
        var keys = Set<String>()
        for entry in entries where entry.counter > counter {
            guard let changed = entry.keys else { return nil }
            keys.formUnion(changed)
        }
        return keys
    }
}
