import Foundation
import SecretStoreGPG
import SecretStoreWire

/// The local half of `secrets store unseal --private-key`: imports an operator's OpenPGP secret key
/// into a private GnuPG home and decrypts the key shares of `GET /init` that are encrypted to it,
/// so that neither the key nor a share in clear ever reaches the server or the screen.
enum KeyShareDecryption {
    /// The shares, in hex, that the secret key in `privateKeyFile` decrypts, in share order.
    ///
    /// The file holds an ASCII-armoured or binary OpenPGP secret key, or the base64 of one (the
    /// server keeps its bootstrap key that way).
    static func shares(in answer: InitAnswer, privateKeyFile: String) throws -> [String] {
        guard answer.initialized else { throw CLIError("the store is not initialized: run `secrets store init`") }
        let messages = answer.keys ?? []
        let fingerprints = (answer.pgpFingerprints ?? []).map { $0.uppercased() }
        guard !messages.isEmpty, messages.count == fingerprints.count else {
            throw CLIError("the server sent no key shares with their fingerprints")
        }
        var keyBytes = try readKey(privateKeyFile)
        let context: GPGContext
        do {
            context = try GPGContext()
        } catch {
            throw CLIError("cannot start gpg: \(error)")
        }
        // The home holds the secret key: removed whatever happens below.
        defer { context.close() }
        let secretKeys: [String]
        do {
            defer { wipe(&keyBytes) }
            _ = try context.importKey(keyBytes)
            secretKeys = try context.fingerprints(secret: true).map { $0.uppercased() }
        } catch {
            throw CLIError("\(privateKeyFile) holds no usable OpenPGP secret key (\(error))")
        }
        guard !secretKeys.isEmpty else { throw CLIError("\(privateKeyFile) holds a public key only") }
        let mine = fingerprints.indices.filter { secretKeys.contains(fingerprints[$0]) }
        guard !mine.isEmpty else {
            throw CLIError(
                "no key share is encrypted to the key in \(privateKeyFile) (\(secretKeys.joined(separator: ", ")))")
        }
        return try mine.map { index in
            guard let message = Self.bytes(hex: messages[index]) else {
                throw CLIError("key share \(index + 1) from the server is not hex")
            }
            var plaintext: [UInt8]
            do {
                plaintext = try context.decrypt(message)
            } catch {
                throw CLIError("cannot decrypt key share \(index + 1): \(error)")
            }
            defer { wipe(&plaintext) }
            let share = String(decoding: plaintext, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !share.isEmpty, share.allSatisfy(\.isHexDigit) else {
                throw CLIError("key share \(index + 1) does not decrypt to a hex key")
            }
            return share
        }
    }

    /// The key's bytes: armoured or binary as they are, base64 text decoded.
    private static func readKey(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the private key file \(path)")
        }
        if let text = String(data: data, encoding: .utf8), !text.contains("-----BEGIN PGP") {
            let compact = text.filter { !$0.isWhitespace }
            if !compact.isEmpty, let decoded = Data(base64Encoded: compact) { return Array(decoded) }
        }
        return Array(data)
    }

    /// Bytes from hex digits (either case); `nil` for anything else.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = nibble(digits[index]), let low = nibble(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func nibble(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Overwrites secret bytes before the array is freed (best effort: Swift may have copied them).
    private static func wipe(_ bytes: inout [UInt8]) {
        for index in bytes.indices { bytes[index] = 0 }
    }
}
