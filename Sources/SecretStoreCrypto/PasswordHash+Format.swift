internal import CCrypt

extension PasswordHash {
    /// What a well-formed encoded hash says besides its salt and hash, which stay in `encoded` only.
    struct Fields {
        /// The round count, explicit or implied.
        let rounds: Int

        /// How many characters the salt has.
        let saltCount: Int
    }

    /// Random bytes handed to `crypt_gensalt_rn`.
    ///
    /// libxcrypt (4.4.33, `gensalt_sha_rn`) turns each 3 bytes into 4 salt characters, up to 16 characters, but only
    /// takes a group of 3 while more than 3 bytes remain: 12 bytes give 12 characters, 13 give all 16. The 13th
    /// byte is never read; 96 bits reach the salt.
    static let randomByteCount = 13

    /// The length of SHA-512 crypt's hash in crypt's base-64 alphabet: 512 bits in 86 characters.
    static let hashCharacterCount = 86

    /// Checks that `encoded` is a SHA-512 crypt string in the form `init(encoded:)` documents.
    ///
    /// - Throws: `CryptoError` with `.invalidPasswordHash`, its detail naming the part at fault but never quoting it.
    static func parse(_ encoded: String) throws(CryptoError) -> Fields {
        func malformed(_ detail: String) -> CryptoError {
            CryptoError(code: .invalidPasswordHash, operation: "PasswordHash.init(encoded:)", detail: detail)
        }
        let dollar = UInt8(ascii: "$")
        let parts = encoded.utf8.split(separator: dollar, maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count >= 4, parts[0].isEmpty, parts[1].elementsEqual("6".utf8) else {
            throw malformed("not a SHA-512 crypt ($6$) string")
        }
        let rounds: Int
        let salt: Substring.UTF8View
        let hash: Substring.UTF8View
        let roundsPrefix = "rounds=".utf8
        if parts[2].starts(with: roundsPrefix) {
            guard parts.count == 5 else {
                throw malformed("expected $6$rounds=N$salt$hash")
            }
            guard let count = Self.roundCount(parts[2].dropFirst(roundsPrefix.count)) else {
                throw malformed("the rounds field is not a count from \(minimumRounds) through \(maximumRounds)")
            }
            (rounds, salt, hash) = (count, parts[3], parts[4])
        } else {
            guard parts.count == 4 else {
                throw malformed("expected $6$salt$hash")
            }
            (rounds, salt, hash) = (implicitRounds, parts[2], parts[3])
        }
        guard (1...saltCharacterCount).contains(salt.count), salt.allSatisfy(Self.isCryptCharacter) else {
            throw malformed("the salt is not 1 to \(saltCharacterCount) characters of crypt's alphabet")
        }
        guard hash.count == hashCharacterCount, hash.allSatisfy(Self.isCryptCharacter) else {
            throw malformed("the hash is not \(hashCharacterCount) characters of crypt's alphabet")
        }
        // The last character carries the final 2 bits only, so crypt never writes anything but ".", "/", "0", "1".
        guard let last = hash.last, "./01".utf8.contains(last) else {
            throw malformed("the hash's last character is not one crypt writes")
        }
        return Fields(rounds: rounds, saltCount: salt.count)
    }

    /// The setting for a new hash: `$6$rounds=N$` and 16 salt characters that `crypt_gensalt_rn` makes from random
    /// bytes.
    ///
    /// - Throws: `CryptoError` with `.randomFailure` if no random bytes can be drawn, `.libxcrypt` if
    ///   `crypt_gensalt_rn` fails or writes something else.
    static func makeSetting(rounds: Int) throws(CryptoError) -> String {
        let randomBytes: [UInt8]
        do {
            randomBytes = try SecureRandom.bytes(count: randomByteCount)
        } catch let error as CryptoError {
            throw error
        } catch {
            throw CryptoError(code: .randomFailure, operation: "SecureRandom.bytes(count:)", detail: "\(error)")
        }
        let (generated, error) = randomBytes.withUnsafeBufferPointer { random in
            random.withMemoryRebound(to: CChar.self) { random in
                withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(CRYPT_GENSALT_OUTPUT_SIZE)) { output in
                    let result = crypt_gensalt_rn(
                        "$6$", UInt(rounds), random.baseAddress, Int32(random.count), output.baseAddress,
                        Int32(output.count))
                    // Read errno here, before anything the closures' return may run could overwrite it.
                    return (result.map { String(cString: $0) }, cscrypt_errno())
                }
            }
        }
        guard let generated else {
            throw CryptoError(code: .libxcrypt, operation: "crypt_gensalt_rn", detail: "errno \(error)")
        }
        // crypt_gensalt_rn leaves the count out when it equals the default (5,000): write it always, so that every
        // stored hash names its rounds. crypt_rn keeps an explicit "rounds=5000" in its result.
        let prefix = "$6$rounds=\(rounds)$"
        let setting = generated.hasPrefix("$6$rounds=") ? generated : prefix + generated.dropFirst(3)
        guard setting.hasPrefix(prefix), setting.utf8.count == prefix.utf8.count + saltCharacterCount else {
            throw CryptoError(
                code: .libxcrypt,
                operation: "crypt_gensalt_rn",
                detail: "expected $6$rounds=\(rounds)$ and a \(saltCharacterCount)-character salt"
            )
        }
        return setting
    }

    /// The value of a rounds field: 1 to 9 ASCII digits without a leading zero (crypt_rn refuses one), in range.
    private static func roundCount(_ digits: Substring.UTF8View) -> Int? {
        guard (1...9).contains(digits.count), digits.first != UInt8(ascii: "0"),
            digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else {
            return nil
        }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (minimumRounds...maximumRounds).contains(value) ? value : nil
    }

    /// Whether `byte` is in crypt's base-64 alphabet, `./0-9A-Za-z`.
    private static func isCryptCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
            true
        default:
            false
        }
    }
}
