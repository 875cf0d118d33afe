import Foundation
import SecretStoreCore
import Testing

@Suite("Secret records")
struct SecretRecordTests {
    static let created = Date(timeIntervalSince1970: 1_795_601_730.123)

    static let records: [SecretRecord] = [
        SecretRecord(kind: .text, value: Array("s3cr3t".utf8), author: "alice", created: created),
        SecretRecord(kind: .binary, value: [0, 255, 10, 13, 0], author: "svc", created: created, description: "bin"),
        SecretRecord(kind: .text, value: [], author: "", created: created, description: "", labels: [""]),
        SecretRecord(kind: .binary, value: [], author: "bob", created: .distantPast),
        SecretRecord(
            kind: .text, value: Array("pässwörd 🔑\n\"\\".utf8), author: "zoë", created: .distantFuture,
            description: "Prod DB — 数据库 🔐", labels: ["prod", "ünïcode", "🏷️", "a,b"]),
        SecretRecord(kind: .text, value: Array("x".utf8), author: "a", created: Date(timeIntervalSince1970: -1.5)),
    ]

    @Test(arguments: records)
    func roundTrips(_ record: SecretRecord) throws {
        let decoded = try SecretRecord(decoding: record.encoded())
        #expect(decoded == record)
        #expect(decoded.value == record.value)
        #expect(decoded.created == record.created)
    }

    @Test func aMebibyteValueRoundTrips() throws {
        var generator = SeededGenerator(seed: 1)
        let value = (0..<1_048_576).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let record = SecretRecord(kind: .binary, value: value, author: "alice", created: .now, labels: ["big"])
        let encoded = record.encoded()
        #expect(encoded.count == value.count + 35)
        #expect(encoded.suffix(value.count).elementsEqual(value))
        #expect(try SecretRecord(decoding: encoded) == record)
    }

    @Test(arguments: [
        (1_000.123_4, 1_000.123), (1_000.123_6, 1_000.124), (2_000.999_9, 2_001), (-0.001, -0.001),
        (1_795_601_730.123, 1_795_601_730.123), (-1.000_4, -1),
    ])
    func creationTimesKeepWholeMilliseconds(_ given: Double, _ kept: Double) throws {
        var record = SecretRecord(kind: .text, value: [], author: "a", created: Date(timeIntervalSince1970: given))
        #expect(record.created == Date(timeIntervalSince1970: kept))
        #expect(try SecretRecord(decoding: record.encoded()).created == Date(timeIntervalSince1970: kept))
        record.created = Date(timeIntervalSince1970: given + 1)
        #expect(record.created == Date(timeIntervalSince1970: kept + 1))
    }

    @Test(arguments: records)
    func everyTruncationIsCorrupted(_ record: SecretRecord) {
        let encoded = record.encoded()
        for length in 0..<encoded.count {
            let error = #expect(throws: StorageError.self) { try SecretRecord(decoding: Array(encoded.prefix(length))) }
            #expect(error?.code == .corrupted)
        }
        #expect(throws: StorageError.self) { try SecretRecord(decoding: encoded + [0]) }
    }

    /// The format is canonical: whatever decodes re-encodes to the same bytes, so a changed byte
    /// that still decodes always gives a different record.
    @Test(arguments: records)
    func everyChangedByteIsCorruptedOrADifferentRecord(_ record: SecretRecord) {
        let encoded = record.encoded()
        var generator = SeededGenerator(seed: UInt64(encoded.count))
        for index in encoded.indices {
            for change in [0x01, 0x80, 0xFF, UInt8.random(in: 1 ... .max, using: &generator)] {
                var changed = encoded
                changed[index] ^= change
                guard let decoded = try? SecretRecord(decoding: changed) else { continue }
                #expect(decoded != record)
                #expect(decoded.encoded() == changed)
            }
        }
    }

    @Test func randomInputsNeverCrash() {
        var generator = SeededGenerator(seed: 42)
        let valid = Self.records[4].encoded()
        for round in 0..<5_000 {
            var input: [UInt8]
            if round.isMultiple(of: 2) {
                input = (0..<Int.random(in: 0...64, using: &generator)).map { _ in
                    UInt8.random(in: .min ... .max, using: &generator)
                }
            } else {
                // A valid start, so that the fuzz reaches the later fields.
                input = Array(valid.prefix(Int.random(in: 0...valid.count, using: &generator)))
                for _ in 0..<Int.random(in: 1...4, using: &generator) where !input.isEmpty {
                    input[Int.random(in: input.indices, using: &generator)] = UInt8.random(
                        in: .min ... .max, using: &generator)
                }
            }
            if let decoded = try? SecretRecord(decoding: input) {
                #expect(decoded.encoded() == input)
            }
        }
    }

    @Test(arguments: [
        (UInt8(2), "unknown format"), (UInt8(1), "unknown kind"),
    ])
    func unknownFormatsAndKindsAreCorrupted(_ format: UInt8, _ reason: String) {
        var encoded = Self.records[0].encoded()
        encoded[0] = format
        encoded[1] = format == 1 ? 2 : encoded[1]
        let error = #expect(throws: StorageError.self) { try SecretRecord(decoding: encoded) }
        #expect(error?.message.contains(reason) == true)
    }

    @Test func aTextValueMustBeUTF8() {
        let binary = SecretRecord(kind: .binary, value: [0xC3, 0x28], author: "a", created: Self.created)
        #expect(throws: Never.self) { try SecretRecord(decoding: binary.encoded()) }
        var text = binary.encoded()
        text[1] = SecretKind.text.rawValue
        #expect(throws: StorageError.self) { try SecretRecord(decoding: text) }
    }

    @Test func printingNeverShowsTheValue() {
        let record = SecretRecord(
            kind: .text, value: Array("hunter2-TOPSECRET".utf8), author: "alice", created: Self.created,
            description: "db password", labels: ["prod"])
        var dumped = ""
        dump(record, to: &dumped)
        for text in ["\(record)", String(describing: record), String(reflecting: record), dumped] {
            #expect(!text.contains("TOPSECRET"), "\(text)")
            #expect(text.contains("redacted"))
        }
    }
}

/// A small deterministic generator (SplitMix64), so that a failing fuzz case reproduces.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
