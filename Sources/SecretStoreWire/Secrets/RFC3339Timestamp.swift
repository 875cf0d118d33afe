import Foundation

/// Timestamps as the secrets API writes them: RFC 3339 in UTC, always with three fractional
/// digits, e.g. `2026-11-24T10:15:30.123Z`.
public enum RFC3339Timestamp {
    /// `date` to the nearest millisecond. Computed with integers from whole milliseconds, since
    /// Foundation's formatters truncate the binary fraction (`.123` can come out as `.122`). Years
    /// outside 0000...9999, which RFC 3339 cannot write, are clamped into them.
    public static func string(from date: Date) -> String {
        let scaled = (date.timeIntervalSince1970 * 1000).rounded()
        let milliseconds = scaled.isFinite ? Int64(min(max(scaled, Double(earliest)), Double(latest))) : 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        append(millisecondsSince1970: milliseconds, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the timestamp `milliseconds` after 1970-01-01T00:00:00Z to `bytes`, clamped into the
    /// years 0000...9999. Writes the digits directly: audit lines call this once per request.
    public static func append(millisecondsSince1970 milliseconds: Int64, to bytes: inout [UInt8]) {
        let milliseconds = min(max(milliseconds, earliest), latest)
        let (days, millisecondOfDay) = floorDivision(milliseconds, 86_400_000)
        let (year, month, day) = civilDate(daysSince1970: days)
        let (hour, rest) = millisecondOfDay.quotientAndRemainder(dividingBy: 3_600_000)
        let (minute, rest2) = rest.quotientAndRemainder(dividingBy: 60_000)
        let (second, millisecond) = rest2.quotientAndRemainder(dividingBy: 1000)
        appendDigits(year, width: 4, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(month, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "-"))
        appendDigits(day, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "T"))
        appendDigits(hour, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(minute, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        appendDigits(second, width: 2, to: &bytes)
        bytes.append(UInt8(ascii: "."))
        appendDigits(millisecond, width: 3, to: &bytes)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// 0000-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z, in milliseconds since 1970.
    private static let earliest: Int64 = -62_167_219_200_000
    private static let latest: Int64 = 253_402_300_799_999

    /// The `width` (2, 3 or 4) lowest decimal digits of a non-negative `value`, with leading zeros.
    /// Two digits at a time from a table: a division per digit was most of a timestamp's cost.
    private static func appendDigits(_ value: Int64, width: Int, to bytes: inout [UInt8]) {
        let value = Int(truncatingIfNeeded: value)
        switch width {
        case 4:
            appendPair(value / 100 % 100, to: &bytes)
            appendPair(value % 100, to: &bytes)
        case 3:
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: value / 100 % 10))
            appendPair(value % 100, to: &bytes)
        default:
            appendPair(value % 100, to: &bytes)
        }
    }

    /// `pair` (0...99) as two digits.
    private static func appendPair(_ pair: Int, to bytes: inout [UInt8]) {
        bytes.append(digitPairs[2 * pair])
        bytes.append(digitPairs[2 * pair + 1])
    }

    /// "00" to "99", one after the other.
    private static let digitPairs: [UInt8] = (0..<100).flatMap { pair in
        [UInt8(ascii: "0") + UInt8(pair / 10), UInt8(ascii: "0") + UInt8(pair % 10)]
    }

    /// Quotient rounded towards minus infinity, and the non-negative remainder.
    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    /// The proleptic Gregorian date of a day count (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSince1970 days: Int64) -> (Int64, Int64, Int64) {
        let shifted = days + 719_468
        let (era, dayOfEra) = floorDivision(shifted, 146_097)
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
