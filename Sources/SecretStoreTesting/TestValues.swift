import Foundation

/// Values that unit and end-to-end tests both build and check.
public enum TestValues {
    /// `count` deterministic pseudo-random bytes, starting with `FF 00` so that even a short one is
    /// not UTF-8 text.
    public static func binary(count: Int, seed: UInt32 = 1) -> [UInt8] {
        var state = seed
        return (0..<count).map { index in
            if index < 2 { return index == 0 ? 0xFF : 0x00 }
            // A linear congruential generator: cheap, deterministic, every byte value occurs.
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    /// Parses an RFC 3339 timestamp with or without fractional seconds.
    public static func date(rfc3339 text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
