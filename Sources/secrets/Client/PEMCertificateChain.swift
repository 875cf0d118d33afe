import Crypto
import Foundation
import NIOSSL
import SecretStoreWire

/// One or more X.509 certificates in PEM, such as the store's root from `/ca/dcos-ca.crt` or a
/// `--ca-cert` file: parsed, so that only real certificates are ever trusted or saved.
struct PEMCertificateChain {
    /// The PEM text, as read.
    let pem: String
    /// The certificates, in the order of the text; never empty.
    let certificates: [NIOSSLCertificate]

    /// The certificates in `pem`; `source` names it in errors.
    init(pem: String, source: String) throws {
        guard pem.contains("-----BEGIN CERTIFICATE-----"),
            let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)), !certificates.isEmpty
        else { throw CLIError("\(source) holds no PEM certificate") }
        self.pem = pem
        self.certificates = certificates
    }

    /// The certificates in the file at `path`.
    init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the certificate file \(path)")
        }
        try self.init(pem: String(decoding: data, as: UTF8.self), source: path)
    }

    /// The first certificate's SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` and the
    /// server's log show it: upper-case hex pairs joined by `:`.
    var fingerprint: String {
        get throws { Self.fingerprint(ofDER: try certificates[0].toDERBytes()) }
    }

    /// The first certificate's subject, attributes in the certificate's order (`CN=..., O=...`);
    /// attributes of other types are left out.
    var subject: String {
        certificates[0].subjectName.compactMap { name in
            Self.attributeName(name.type).map { "\($0)=\(name.value)" }
        }.joined(separator: ", ")
    }

    /// The SHA-256 fingerprint of the DER bytes `der`.
    static func fingerprint(ofDER der: [UInt8]) -> String {
        CertificateFingerprint.text(Array(SHA256.hash(data: der)))
    }

    /// `text` as a fingerprint to compare: hex digits only, upper case (`ab:cd` and `ABCD` agree);
    /// `nil` unless it holds exactly 32 bytes of hex and nothing else but `:` or spaces.
    static func normalizedFingerprint(_ text: String) -> String? {
        let digits = text.uppercased().filter { $0 != ":" && $0 != " " }
        guard digits.count == 64, digits.allSatisfy(\.isHexDigit) else { return nil }
        return stride(from: 0, to: 64, by: 2).map { index in
            let start = digits.index(digits.startIndex, offsetBy: index)
            return String(digits[start..<digits.index(start, offsetBy: 2)])
        }.joined(separator: ":")
    }

    private static func attributeName(_ type: SSLCertificateNameType) -> String? {
        switch type {
        case .commonName: "CN"
        case .organization: "O"
        case .organizationalUnit: "OU"
        case .country: "C"
        case .state: "ST"
        case .city: "L"
        case .emailAddress: "emailAddress"
        case .userId: "UID"
        default: nil
        }
    }
}
