import SecretStoreCore
import Testing

/// A number of shares and a threshold, 1 ≤ threshold ≤ shares.
struct SplitShape: Sendable, CustomTestStringConvertible {
    let shares: Int
    let threshold: Int

    var testDescription: String { "\(threshold) of \(shares)" }

    /// Every shape the product allows: 1 to 10 shares, any threshold up to the share count.
    static let all: [SplitShape] = (1...10).flatMap { shares in
        (1...shares).map { SplitShape(shares: shares, threshold: $0) }
    }
}

/// A split whose coefficients are fixed, with its shares worked out by an independent implementation.
struct FixedSplit: Sendable, CustomTestStringConvertible {
    let name: String
    let secret: [UInt8]
    let threshold: Int
    /// For each secret byte in turn, the coefficients of x^1 … x^(threshold-1).
    let coefficients: [UInt8]
    /// The y of share x = 1, 2, … as lowercase hex.
    let expectedY: [String]

    var testDescription: String { name }
}

// Worked out with a separate Python GF(2^8) (carry-less multiply, then reduce by 0x11B), checked against FIPS-197's
// {57}·{83} = {c1}. The first is small enough to follow by hand: f(x) = 42 + 53·x and 07 + ca·x, where 2·53 = a6,
// 2·ca = 94 ^ 1b = 8f, and 3·c = 2·c ^ c.
let fixedSplits: [FixedSplit] = [
    FixedSplit(
        name: "2 of 3, two bytes",
        secret: [0x42, 0x07],
        threshold: 2,
        coefficients: [0x53, 0xCA],
        expectedY: ["11cd", "e488", "b742"]
    ),
    FixedSplit(
        name: "3 of 5, four bytes",
        secret: [0x53, 0x53, 0x53, 0x21],
        threshold: 3,
        coefficients: [0x01, 0x02, 0xFF, 0x80, 0x1B, 0x00, 0xC6, 0x63],
        expectedY: ["502c4884", "59806521", "5aff7e84", "775a3f7e", "742524db"]
    ),
]

@Suite("Shamir secret sharing")
struct ShamirSecretSharingTests {
    @Test("Every subset of threshold shares, in any order, recombines to the secret", arguments: SplitShape.all)
    func thresholdSubsetsRecombine(_ shape: SplitShape) throws {
        let secret = randomSecret()
        let shares = try ShamirSecretSharing.split(secret, shares: shape.shares, threshold: shape.threshold)
        #expect(shares.map(\.x) == (1...shape.shares).map { UInt8($0) })
        #expect(shares.allSatisfy { $0.y.count == secret.count })
        for (number, subset) in subsets(of: shares, size: shape.threshold).enumerated() {
            // Alternate the order, since interpolation must not depend on it.
            let ordered = number.isMultiple(of: 2) ? subset : subset.reversed()
            #expect(try ShamirSecretSharing.combine(ordered) == secret, "x = \(ordered.map(\.x))")
        }
        #expect(try ShamirSecretSharing.combine(shares.reversed()) == secret, "all shares")
    }

    @Test("No subset of threshold - 1 shares gives the secret", arguments: SplitShape.all.filter { $0.threshold >= 2 })
    func tooFewSharesDoNotRecombine(_ shape: SplitShape) throws {
        // A wrong split (coefficients left zero, or the secret in the wrong term) would leak it to fewer shares.
        // With 32 random bytes a chance match has probability 2^-256.
        let secret = randomSecret()
        let shares = try ShamirSecretSharing.split(secret, shares: shape.shares, threshold: shape.threshold)
        for subset in subsets(of: shares, size: shape.threshold - 1) {
            #expect(try ShamirSecretSharing.combine(subset) != secret, "x = \(subset.map(\.x))")
        }
    }

    @Test("Splitting the same secret twice gives different shares when the threshold is above 1")
    func splitsAreRandom() throws {
        let secret = randomSecret()
        let first = try ShamirSecretSharing.split(secret, shares: 3, threshold: 2)
        let second = try ShamirSecretSharing.split(secret, shares: 3, threshold: 2)
        for (one, other) in zip(first, second) {
            #expect(one.y != other.y)
            #expect(one.y != secret)
        }
    }

    @Test("With a threshold of 1 every share is the secret itself")
    func thresholdOneCopiesTheSecret() throws {
        let secret = randomSecret()
        for share in try ShamirSecretSharing.split(secret, shares: 4, threshold: 1) {
            #expect(share.y == secret)
        }
    }

    @Test("Fixed coefficients give the independently computed shares", arguments: fixedSplits)
    func fixedCoefficientsGiveKnownShares(_ vector: FixedSplit) throws {
        var requested: [Int] = []
        let shares = try ShamirSecretSharing.split(
            vector.secret, shares: vector.expectedY.count, threshold: vector.threshold
        ) { count in
            requested.append(count)
            return vector.coefficients
        }
        #expect(requested == [vector.coefficients.count])
        #expect(shares.map(\.x) == (1...vector.expectedY.count).map { UInt8($0) })
        #expect(shares.map { String($0.hex.dropFirst(2)) } == vector.expectedY)
    }

    @Test("Hand-built shares recombine to their secret", arguments: fixedSplits)
    func handBuiltSharesRecombine(_ vector: FixedSplit) throws {
        // Built from the expected values, not from split(), so this checks combine() on its own.
        let shares = try vector.expectedY.enumerated().map { index, hex in
            try UnsealKeyShare(hex: "0\(index + 1)" + hex)
        }
        for subset in subsets(of: shares, size: vector.threshold) {
            #expect(try ShamirSecretSharing.combine(subset) == vector.secret, "x = \(subset.map(\.x))")
        }
    }

    @Test("All 255 x coordinates can be used, and 256 shares are refused")
    func largestSplit() throws {
        let secret: [UInt8] = [0xC0, 0xFF, 0xEE]
        let shares = try ShamirSecretSharing.split(secret, shares: 255, threshold: 3)
        #expect(shares.last?.x == 255)
        #expect(try ShamirSecretSharing.combine([shares[254], shares[127], shares[0]]) == secret)
        #expect(try ShamirSecretSharing.combine(Array(shares[200...])) == secret)
        let error = #expect(throws: SealError.self) {
            try ShamirSecretSharing.split(secret, shares: 256, threshold: 3)
        }
        #expect(error?.code == .badRequest)
    }

    @Test(
        "Bad split parameters are refused",
        arguments: [
            // (secret bytes, shares, threshold)
            (0, 3, 2), (32, 3, 0), (32, 3, -1), (32, 0, 0), (32, 2, 3), (32, 256, 2), (32, Int.max, 2),
        ])
    func badSplitParameters(secretCount: Int, shares: Int, threshold: Int) {
        let error = #expect(throws: SealError.self) {
            try ShamirSecretSharing.split(
                [UInt8](repeating: 7, count: secretCount), shares: shares, threshold: threshold)
        }
        #expect(error?.code == .badRequest)
    }

    @Test("Combining nothing is a bad request")
    func combiningNothing() {
        let error = #expect(throws: SealError.self) { try ShamirSecretSharing.combine([]) }
        #expect(error?.code == .badRequest)
    }

    @Test("Shares that do not fit together are invalid unseal keys, and the message shows no key bytes")
    func mismatchedShares() throws {
        let secret: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        let shares = try ShamirSecretSharing.split(secret, shares: 3, threshold: 2)
        var wiped = shares[1]
        wiped.wipe()
        let shorter = try UnsealKeyShare(x: 9, y: Array(shares[2].y.dropLast()))
        let cases: [(String, [UnsealKeyShare])] = [
            ("duplicate x", [shares[0], shares[1], shares[0]]),
            ("different lengths", [shares[0], shorter]),
            ("one wiped share", [shares[0], wiped]),
            ("only wiped shares", [wiped, wiped]),
        ]
        for (name, attempt) in cases {
            let error = #expect(throws: SealError.self, "\(name)") { try ShamirSecretSharing.combine(attempt) }
            #expect(error?.code == .invalidUnsealKey, "\(name)")
            let shown = error.map { "\($0)" } ?? ""
            for share in shares {
                #expect(!shown.contains(String(share.hex.dropFirst(2).prefix(6))), "\(name): \(shown)")
            }
        }
    }

    /// A 32-byte secret, like the unseal key; different every run, since each property must hold for any secret.
    private func randomSecret() -> [UInt8] {
        (0..<32).map { _ in UInt8.random(in: .min ... .max) }
    }
}

/// Every subset of `items` with `size` elements, in lexicographic order of positions.
private func subsets<Element>(of items: [Element], size: Int) -> [[Element]] {
    guard size > 0 else {
        return [[]]
    }
    guard size <= items.count else {
        return []
    }
    var result: [[Element]] = []
    for (index, first) in items.enumerated() {
        for rest in subsets(of: Array(items[(index + 1)...]), size: size - 1) {
            result.append([first] + rest)
        }
    }
    return result
}
