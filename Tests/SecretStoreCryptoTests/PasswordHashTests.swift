import SecretStoreCrypto
import Testing

@Suite("Password hashes")
struct PasswordHashTests {
    /// The SHA-512 test vectors of Ulrich Drepper's "Unix crypt using SHA-256 and SHA-512" specification, as
    /// crypt returns them (salts longer than 16 characters already cut to 16).
    static let knownAnswers: [(password: String, encoded: String, rounds: Int)] = [
        (
            "Hello world!",
            "$6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
            5_000
        ),
        (
            "Hello world!",
            "$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.",
            10_000
        ),
        (
            "This is just a test",
            "$6$rounds=5000$toolongsaltstrin$lQ8jolhgVRVhY4b5pZKaysCLi0QBxGoNeKQzQ3glMhwllF7oGDZxUhx1yxdYcz/e1JSbq3y6JMxxl8audkUEm0",
            5_000
        ),
        (
            "a very much longer text to encrypt.  This one even stretches over morethan one line.",
            "$6$rounds=1400$anotherlongsalts$POfYwTEok97VWcjxIiSOjiykti.o/pQs.wPvMxQ6Fm7I6IoYN3CmLs66x9t0oSwbtEW7o7UmJEiDwGqd8p4ur1",
            1_400
        ),
        (
            "we have a short salt string but not a short password",
            "$6$rounds=77777$short$WuQyW2YR.hBNpjjRhpYD/ifIw05xdfeEyQoMxIXbkvr0gge1a1x3yRULJ5CCaUeOxFmtlcGZelFl5CxtgfiAc0",
            77_777
        ),
    ]

    /// The fields of an encoded `$6$rounds=N$salt$hash`.
    static func fields(_ hash: PasswordHash) -> (rounds: Substring, salt: Substring, hash: Substring)? {
        let parts = hash.encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 5, parts[0].isEmpty, parts[1] == "6" else {
            return nil
        }
        return (parts[2], parts[3], parts[4])
    }

    @Test("The specification's test vectors verify, and their wrong passwords do not", arguments: 0..<5)
    func knownAnswers(index: Int) throws {
        let vector = Self.knownAnswers[index]
        let hash = try PasswordHash(encoded: vector.encoded)
        #expect(hash.encoded == vector.encoded)
        #expect(hash.rounds == vector.rounds)
        #expect(hash.verify(vector.password))
        #expect(!hash.verify(vector.password + " "))
        #expect(!hash.verify(String(vector.password.dropLast())))
        #expect(!hash.verify(""))
    }

    @Test("A new hash verifies its own password and no other")
    func roundTrip() throws {
        for password in ["correct horse battery staple", "", "pässwörd ✓ 密码", String(repeating: "x", count: 511)] {
            let hash = try PasswordHash.make(password: password, rounds: 1_000)
            #expect(hash.verify(password))
            #expect(!hash.verify(password + "x"))
            #expect(!hash.verify("wrong"))
            #expect(try PasswordHash(encoded: hash.encoded) == hash)
        }
    }

    @Test("Two hashes of one password have different salts")
    func saltsDiffer() throws {
        let first = try PasswordHash.make(password: "same password", rounds: 1_000)
        let second = try PasswordHash.make(password: "same password", rounds: 1_000)
        #expect(first != second)
        #expect(Self.fields(first)?.salt != Self.fields(second)?.salt)
        #expect(Self.fields(first)?.hash != Self.fields(second)?.hash)
        #expect(first.verify("same password") && second.verify("same password"))
    }

    @Test("A new hash has a 16-character salt and an 86-character hash in crypt's alphabet")
    func newHashFormat() throws {
        let alphabet = Set("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        for _ in 0..<20 {
            let fields = try #require(Self.fields(try PasswordHash.make(password: "p", rounds: 1_000)))
            #expect(fields.salt.count == PasswordHash.saltCharacterCount)
            #expect(fields.salt.count == 16)
            #expect(fields.salt.allSatisfy(alphabet.contains))
            #expect(fields.hash.count == 86)
            #expect(fields.hash.allSatisfy(alphabet.contains))
        }
    }

    @Test("The round count is written into the stored string", arguments: [1_000, 4_321, 5_000])
    func roundsAreStored(rounds: Int) throws {
        let hash = try PasswordHash.make(password: "secret", rounds: rounds)
        #expect(hash.rounds == rounds)
        #expect(hash.encoded.hasPrefix("$6$rounds=\(rounds)$"))
        #expect(try PasswordHash(encoded: hash.encoded).rounds == rounds)
        #expect(hash.verify("secret"))
    }

    @Test("A stored hash without a rounds field means 5,000 rounds")
    func implicitRounds() throws {
        let hash = try PasswordHash(encoded: Self.knownAnswers[0].encoded)
        #expect(hash.rounds == PasswordHash.implicitRounds)
        #expect(PasswordHash.implicitRounds == 5_000)
    }

    @Test(
        "Round counts outside libxcrypt's range are refused",
        arguments: [Int.min, -1, 0, 1, 999, 1_000_000_000, Int.max]
    )
    func roundBounds(rounds: Int) throws {
        let error = #expect(throws: CryptoError.self) {
            try PasswordHash.make(password: "secret", rounds: rounds)
        }
        #expect(error?.code == .invalidInput)
        #expect(PasswordHash.minimumRounds == 1_000)
        #expect(PasswordHash.maximumRounds == 999_999_999)
    }

    @Test("The default round count is in range, used by make, and verifies")
    func defaultRounds() throws {
        #expect((PasswordHash.minimumRounds...PasswordHash.maximumRounds).contains(PasswordHash.defaultRounds))
        #expect(PasswordHash.defaultRounds >= 100_000)
        let hash = try PasswordHash.make(password: "the default")
        #expect(hash.rounds == PasswordHash.defaultRounds)
        #expect(hash.encoded.hasPrefix("$6$rounds=\(PasswordHash.defaultRounds)$"))
        #expect(hash.verify("the default"))
    }

    /// Other schemes' hashes (libxcrypt would verify several of them) and strings that are no hash at all.
    static let otherSchemes = [
        "$1$abc$.FiamM1s4pFo0QKAk4pqS.",
        "$2b$05$abcdefghijklmnopqrstuu7nFISH/8YdwlXD3lw69A4iBUf6fvWAW",
        "$5$saltstring$5B8vYYiY.CVt1RlTTf8KbXBH3hsxY/GNooZF2r2ky.W",
        "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7",
        "$md5,rounds=5000$GUBv0xjJ$$mSwgIswdjlTY0YxV7HBVm0",
        "$7$", "$6",
        "6$saltstring$svn8UoSVapNtMuq1ukKS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1",
        "", "*0", "!", "Hello world!",
    ]

    @Test("Hashes of other schemes are refused", arguments: otherSchemes)
    func otherSchemesAreRefused(encoded: String) {
        let error = #expect(throws: CryptoError.self) { try PasswordHash(encoded: encoded) }
        #expect(error?.code == .invalidPasswordHash)
    }

    /// Malformed variants of the 10,000-round test vector, each wrong in one place.
    static let malformed: [String] = {
        let salt = "saltstringsaltst"
        let hash = "OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v."
        return [
            "$6$rounds=10000$\(salt)", "$6$rounds=10000$\(salt)$", "$6$rounds=10000$", "$6$\(salt)",
            "$6$rounds=10000$\(salt)$\(hash)$", "$6$rounds=10000$\(salt)$\(hash)\n", " $6$rounds=10000$\(salt)$\(hash)",
            "$6$rounds=10000$\(salt)$\(hash.dropLast())", "$6$rounds=10000$\(salt)$\(hash)x",
            "$6$rounds=10000$\(salt)$\(hash.dropLast())2", "$6$rounds=10000$\(salt)$\(hash.dropFirst())$",
            "$6$rounds=10000$\(salt)$_\(hash.dropFirst())",
            "$6$rounds=10000$\(salt)x$\(hash)", "$6$rounds=10000$$\(hash)", "$6$rounds=10000$salt:str$\(hash)",
            "$6$rounds=010000$\(salt)$\(hash)", "$6$rounds=999$\(salt)$\(hash)", "$6$rounds=0$\(salt)$\(hash)",
            "$6$rounds=1000000000$\(salt)$\(hash)", "$6$rounds=99999999999999999999$\(salt)$\(hash)",
            "$6$rounds=-1000$\(salt)$\(hash)", "$6$rounds=+1000$\(salt)$\(hash)", "$6$rounds=$\(salt)$\(hash)",
            "$6$rounds=1e4$\(salt)$\(hash)", "$6$ROUNDS=10000$\(salt)$\(hash)", "$6$rounds=10000$\(salt)\0$\(hash)",
        ]
    }()

    @Test("Malformed SHA-512 crypt strings are refused, and the error does not quote them", arguments: malformed)
    func malformedIsRefused(encoded: String) {
        let error = #expect(throws: CryptoError.self) { try PasswordHash(encoded: encoded) }
        #expect(error?.code == .invalidPasswordHash)
        #expect(error.map { !String(describing: $0).contains("OW1/O6BYHV6B") } == true)
        #expect(error.map { !String(describing: $0).contains("saltstring") } == true)
    }

    @Test("A password with a NUL byte is refused by make and never verifies")
    func nulIsRefused() throws {
        for password in ["\0", "secret\0", "secret\0more"] {
            let error = #expect(throws: CryptoError.self) {
                try PasswordHash.make(password: password, rounds: 1_000)
            }
            #expect(error?.code == .invalidPassword)
        }
        // As a C string "Hello world!\0anything" is "Hello world!", which this vector was made from.
        let hash = try PasswordHash(encoded: Self.knownAnswers[0].encoded)
        #expect(!hash.verify("Hello world!\0anything"))
        #expect(!hash.verify("Hello world!\0"))
    }

    @Test("A password longer than libxcrypt takes is refused by make and never verifies")
    func overlongIsRefused() throws {
        #expect(PasswordHash.maximumPasswordByteCount == 511)
        let overlong = String(repeating: "x", count: 512)
        let error = #expect(throws: CryptoError.self) {
            try PasswordHash.make(password: overlong, rounds: 1_000)
        }
        #expect(error?.code == .invalidPassword)
        // 256 two-byte characters: 512 UTF-8 bytes, so the limit is in bytes, not characters.
        #expect(throws: CryptoError.self) {
            try PasswordHash.make(password: String(repeating: "é", count: 256), rounds: 1_000)
        }
        let hash = try PasswordHash.make(password: String(repeating: "x", count: 511), rounds: 1_000)
        #expect(!hash.verify(overlong))
    }

    @Test("Descriptions, interpolation and dump show neither the salt nor the hash")
    func isRedacted() throws {
        let hash = try PasswordHash.make(password: "secret", rounds: 1_000)
        let fields = try #require(Self.fields(hash))
        var dumped = ""
        dump(hash, to: &dumped)
        let texts = [hash.description, hash.debugDescription, "\(hash)", String(reflecting: hash), dumped]
        for text in texts {
            #expect(!text.contains(fields.salt), "\(text)")
            #expect(!text.contains(fields.hash), "\(text)")
            #expect(!text.contains(hash.encoded), "\(text)")
            #expect(text.contains("rounds: 1000") || text.contains("rounds: 1_000"), "\(text)")
        }
        #expect(hash.description == "PasswordHash($6$, rounds: 1000, <redacted>)")
        #expect(Mirror(reflecting: hash).children.map(\.label) == ["rounds"])
        let optional: PasswordHash? = hash
        var dumpedOptional = ""
        dump(optional, to: &dumpedOptional)
        #expect(!dumpedOptional.contains(fields.salt) && !dumpedOptional.contains(fields.hash))
    }
}
