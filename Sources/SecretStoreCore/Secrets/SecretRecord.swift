import Foundation

/// What the store keeps for one secret, before the barrier encrypts it: the value and its metadata.
///
/// Printing a record (`print`, interpolation, `String(reflecting:)`, `dump`) never shows the
/// value, so a record logged or dumped by accident does not leak it.
public struct SecretRecord: Sendable, Hashable {
    /// Text (created from JSON) or binary (created from `application/octet-stream`).
    public var kind: SecretKind
    /// The value: raw bytes, or the UTF-8 bytes of a text value.
    public var value: [UInt8]
    /// The uid of the account that created the secret.
    public var author: String
    /// When the secret was created, to the millisecond (a finer date is rounded when set).
    public var created: Date {
        get { Date(millisecondsSince1970: createdMilliseconds) }
        set { createdMilliseconds = newValue.millisecondsSince1970 }
    }
    /// `created` as whole milliseconds since 1970: the stored form, so that a record equals itself
    /// after a round trip through `encoded()`.
    var createdMilliseconds: Int64
    /// A free-text description, if the creator gave one.
    public var description: String?
    /// Free-form labels, in the order given.
    public var labels: [String]

    /// Creates a record. `created` is rounded to the nearest millisecond.
    public init(
        kind: SecretKind, value: [UInt8], author: String, created: Date, description: String? = nil,
        labels: [String] = []
    ) {
        self.init(
            kind: kind, value: value, author: author, createdMilliseconds: created.millisecondsSince1970,
            description: description, labels: labels)
    }

    /// Creates a record with the creation time in its stored form.
    init(
        kind: SecretKind, value: [UInt8], author: String, createdMilliseconds: Int64, description: String?,
        labels: [String]
    ) {
        self.kind = kind
        self.value = value
        self.author = author
        self.createdMilliseconds = createdMilliseconds
        self.description = description
        self.labels = labels
    }
}

// `description` is the secret's own field, so the record is not CustomStringConvertible:
// `print`, `"\(record)"` and `String(describing:)` fall back to `debugDescription`, and `dump` to
// the mirror, both of which leave the value out.
extension SecretRecord: CustomDebugStringConvertible, CustomReflectable {
    public var debugDescription: String {
        "SecretRecord(kind: \(kind), value: <redacted>, author: \(author), created: \(created), "
            + "labels: \(labels.count))"
    }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "kind": kind, "value": "<redacted>", "author": author, "created": created,
                "description": description as Any, "labels": labels,
            ],
            displayStyle: .struct)
    }
}

extension Date {
    /// Milliseconds since 1970, to the nearest; clamped to what a `Double` holds exactly.
    var millisecondsSince1970: Int64 {
        // Rounded, not truncated: `Date` counts from 2001, so a whole millisecond before or after
        // 1970 comes back a hair off (-0.001 s as -0.00100005 s), which truncation would turn
        // into the wrong millisecond.
        let milliseconds = (timeIntervalSince1970 * 1000).rounded()
        // Never trap on an out-of-range or NaN date: clamp to ±2^53 ms (about ±285,000 years).
        let bound = 9_007_199_254_740_992.0
        guard milliseconds.isFinite else { return 0 }
        return Int64(min(max(milliseconds, -bound), bound))
    }

    /// The date `milliseconds` after 1970.
    init(millisecondsSince1970 milliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
