import NIOSSL

/// The oldest TLS version the HTTPS listener accepts (`--tls-min-version`, contract §7).
public enum TLSMinimumVersion: String, Sendable, CaseIterable {
    /// TLS 1.0, for old clients only; also enables the CBC-SHA suites they need.
    case tls10 = "1.0"
    /// TLS 1.1, for old clients only; also enables the CBC-SHA suites they need.
    case tls11 = "1.1"
    /// TLS 1.2: the default.
    case tls12 = "1.2"
    /// TLS 1.3 only.
    case tls13 = "1.3"

    /// swift-nio-ssl's name for it.
    var version: TLSVersion {
        switch self {
        case .tls10: .tlsv1
        case .tls11: .tlsv11
        case .tls12: .tlsv12
        case .tls13: .tlsv13
        }
    }

    /// The TLS 1.2 cipher suites offered (TLS 1.3's are fixed by BoringSSL): forward-secret AEAD
    /// suites only, unless TLS 1.0 or 1.1 is allowed; then also swift-nio-ssl's defaults, which hold
    /// the CBC-SHA suites those versions need.
    var cipherSuites: String {
        switch self {
        case .tls10, .tls11: defaultCipherSuites
        case .tls12, .tls13: "ECDH+AESGCM:ECDH+CHACHA20:!aNULL:!eNULL:!MD5"
        }
    }
}
