import SecretStoreCore
import Testing

@Suite("Unseal key shares")
struct UnsealKeyShareTests {
    @Test("The encoded form is x then y, and hex is its lowercase hex")
    func encodedFormAndHex() throws {
        let share = try UnsealKeyShare(x: 0x1F, y: [0xAB, 0x0F, 0x00, 0x9C])
        #expect(share.encoded == [0x1F, 0xAB, 0x0F, 0x00, 0x9C])
        #expect(share.hex == "1fab0f009c")
    }

    @Test("Every byte value encodes to its two lowercase digits and parses back")
    func everyByteRoundTrips() throws {
        let share = try UnsealKeyShare(x: 0xFF, y: (0...255).map { UInt8($0) })
        let expected = share.encoded.map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
        #expect(share.hex == expected)
        let parsed = try UnsealKeyShare(hex: share.hex)
        #expect(parsed.x == share.x && parsed.y == share.y)
        let upper = try UnsealKeyShare(hex: share.hex.uppercased())
        #expect(upper.x == share.x && upper.y == share.y)
    }

    @Test("Random shares survive hex and encoded round trips")
    func randomSharesRoundTrip() throws {
        for share in try ShamirSecretSharing.split(Array(0..<32), shares: 5, threshold: 3) {
            let fromHex = try UnsealKeyShare(hex: share.hex)
            let fromEncoded = try UnsealKeyShare(encoded: share.encoded)
            #expect(fromHex.x == share.x && fromHex.y == share.y)
            #expect(fromEncoded.x == share.x && fromEncoded.y == share.y)
        }
    }

    @Test(
        "What an operator pastes is accepted",
        arguments: [
            "01ab0f", "01AB0F", "01Ab0f", "  01ab0f", "01ab0f\n", "\t01AB0F\r\n", "\n\n 01ab0f \n",
            "\u{00A0}01ab0f\u{2028}",
        ])
    func pastedFormsAreAccepted(_ text: String) throws {
        let share = try UnsealKeyShare(hex: text)
        #expect(share.x == 1)
        #expect(share.y == [0xAB, 0x0F])
    }

    @Test("Each ASCII character is a digit exactly when it is 0-9, a-f or A-F, with the right value")
    func everyASCIICharacterIsClassified() throws {
        for scalar in (0...127).compactMap(Unicode.Scalar.init) {
            let character = Character(scalar)
            let value = character.hexDigitValue.map { UInt8($0) }
            // The character as the high digit of y's byte, then as the low one; whitespace is trimmed only at the
            // ends, so inside a share, and as a trailing odd digit, it is rejected like any other non-digit.
            let high = try? UnsealKeyShare(hex: "01\(character)0")
            let low = try? UnsealKeyShare(hex: "010\(character)")
            #expect(high?.y == value.map { [$0 << 4] }, "character \(scalar.value) as the high digit")
            #expect(low?.y == value.map { [$0] }, "character \(scalar.value) as the low digit")
        }
    }

    @Test(
        "Malformed input is rejected without being echoed",
        arguments: [
            "",
            "   \n",
            "1",
            "01",
            "00deadbeef",
            "01deadbeef0",
            "01deadbeefzz",
            "0xdeadbeef",
            "01dead beef",
            "01deadbeef\u{0}0",
            "01dead\u{FF10}\u{FF11}beef",
            "01deadbééf",
        ])
    func malformedInputIsRejected(_ text: String) {
        let error = #expect(throws: SealError.self) { try UnsealKeyShare(hex: text) }
        #expect(error?.code == .invalidUnsealKey)
        let shown = error.map { "\($0) \($0.message)" } ?? ""
        #expect(!shown.contains("dead") && !shown.contains("beef"), "\(shown)")
    }

    @Test("Shares with x = 0 or no key bytes cannot be made")
    func invalidCoordinatesAreRejected() {
        let attempts: [() throws -> UnsealKeyShare] = [
            { try UnsealKeyShare(x: 0, y: [1]) },
            { try UnsealKeyShare(x: 1, y: []) },
            { try UnsealKeyShare(encoded: []) },
            { try UnsealKeyShare(encoded: [1]) },
            { try UnsealKeyShare(encoded: [0, 1]) },
        ]
        for attempt in attempts {
            let error = #expect(throws: SealError.self) { try attempt() }
            #expect(error?.code == .invalidUnsealKey)
        }
    }

    @Test("Descriptions, mirrors and dumps do not show the key bytes")
    func descriptionsAreRedacted() throws {
        let share = try UnsealKeyShare(x: 7, y: [0xDE, 0xAD, 0xBE, 0xEF])
        var dumped = ""
        dump(share, to: &dumped)
        #expect(share.description == "UnsealKeyShare(x: 7, 4 bytes, redacted)")
        for text in [share.description, share.debugDescription, String(reflecting: share), "\(share)", dumped] {
            #expect(text.contains("x: 7"), "\(text)")
            // The bytes as hex in either case, and as the decimals a default mirror would print.
            for forbidden in ["dead", "beef", "DEAD", "BEEF", "222", "173", "190", "239"] {
                #expect(!text.contains(forbidden), "\(text.debugDescription) shows \(forbidden)")
            }
        }
        #expect(Mirror(reflecting: share).children.map(\.label) == ["x"])
    }

    @Test("wipe() leaves a share with no key bytes")
    func wipeEmptiesTheShare() throws {
        var share = try UnsealKeyShare(x: 3, y: [1, 2, 3])
        share.wipe()
        #expect(share.x == 3)
        #expect(share.y.isEmpty)
    }
}
