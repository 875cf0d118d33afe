import SecretStoreCore
import Testing

/// A slow, table-driven GF(2^8) built independently of `GF256`: powers of the generator 3 give log and antilog
/// tables, so a product is an addition of logarithms.
private struct ReferenceField {
    /// `antilog[i]` is 3^i for i in 0..<255.
    let antilog: [UInt8]
    /// `log[a]` is i with 3^i = a, for a ≠ 0; `log[0]` is unused.
    let log: [Int]

    init() {
        var antilog: [UInt8] = []
        var log = [Int](repeating: -1, count: 256)
        var power: UInt8 = 1
        for exponent in 0..<255 {
            antilog.append(power)
            log[Int(power)] = exponent
            // power · 3 = power · 2 + power, and power · 2 is a shift with a conditional reduction by 0x11B.
            let doubled = power & 0x80 == 0 ? power << 1 : (power << 1) ^ 0x1B
            power = doubled ^ power
        }
        self.antilog = antilog
        self.log = log
    }

    func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
        guard a != 0, b != 0 else {
            return 0
        }
        return antilog[(log[Int(a)] + log[Int(b)]) % 255]
    }

    func inverse(_ a: UInt8) -> UInt8 {
        antilog[(255 - log[Int(a)]) % 255]
    }
}

/// A product from FIPS-197 section 4.2, a source that shares no code with either implementation.
struct PublishedProduct: Sendable, CustomTestStringConvertible {
    let a: UInt8
    let b: UInt8
    let product: UInt8

    var testDescription: String { "{\(String(a, radix: 16))}·{\(String(b, radix: 16))}" }
}

@Suite("GF(2^8) arithmetic")
struct GF256Tests {
    private let reference = ReferenceField()

    @Test("The reference table is sound: 3 generates every non-zero element exactly once")
    func referenceGeneratorIsPrimitive() {
        #expect(Set(reference.antilog).count == 255)
        #expect(!reference.antilog.contains(0))
    }

    @Test(
        "FIPS-197 worked products",
        arguments: [
            PublishedProduct(a: 0x57, b: 0x83, product: 0xC1),
            PublishedProduct(a: 0x57, b: 0x13, product: 0xFE),
            PublishedProduct(a: 0x57, b: 0x02, product: 0xAE),
            PublishedProduct(a: 0x57, b: 0x04, product: 0x47),
            PublishedProduct(a: 0x57, b: 0x08, product: 0x8E),
            PublishedProduct(a: 0x57, b: 0x10, product: 0x07),
        ])
    func publishedProduct(_ case: PublishedProduct) {
        #expect(GF256.multiply(`case`.a, `case`.b) == `case`.product)
        #expect(GF256.multiply(`case`.b, `case`.a) == `case`.product)
    }

    @Test("All 65,536 products match the log/antilog reference")
    func everyProductMatchesReference() {
        var mismatches: [String] = []
        for a in 0...255 {
            for b in 0...255 {
                let got = GF256.multiply(UInt8(a), UInt8(b))
                let expected = reference.multiply(UInt8(a), UInt8(b))
                if got != expected {
                    mismatches.append("\(a)·\(b) = \(got), expected \(expected)")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) wrong, first: \(mismatches.prefix(5))")
    }

    @Test("All 255 inverses match the reference, and a · a⁻¹ = 1")
    func everyInverseMatchesReference() {
        for a in 1...255 {
            let inverse = GF256.inverse(UInt8(a))
            #expect(inverse == reference.inverse(UInt8(a)), "inverse of \(a)")
            #expect(GF256.multiply(UInt8(a), inverse) == 1, "\(a) · its inverse")
        }
    }

    @Test("0 has no inverse and maps to 0, as a^254 does")
    func inverseOfZeroIsZero() {
        #expect(GF256.inverse(0) == 0)
    }
}
