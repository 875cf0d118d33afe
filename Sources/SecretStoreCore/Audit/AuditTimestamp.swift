import Foundation
import SecretStoreWire

/// A wall-clock time to the millisecond, written as RFC 3339 in UTC (`2026-12-03T12:00:56.123Z`),
/// as the secrets API writes its timestamps (`RFC3339Timestamp`).
public struct AuditTimestamp: Sendable, Hashable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var millisecondsSince1970: Int64

    /// The time `millisecondsSince1970` after the epoch.
    public init(millisecondsSince1970: Int64) {
        self.millisecondsSince1970 = millisecondsSince1970
    }

    /// Now.
    public static var now: AuditTimestamp {
        AuditTimestamp(millisecondsSince1970: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// `YYYY-MM-DDThh:mm:ss.mmmZ`.
    public var description: String {
        var bytes: [UInt8] = []
        append(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `description`'s text to `bytes`, without making a `String`.
    public func append(to bytes: inout [UInt8]) {
        RFC3339Timestamp.append(millisecondsSince1970: millisecondsSince1970, to: &bytes)
    }
}
