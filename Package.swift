// swift-tools-version: 6.2
import PackageDescription

/// Settings every first-party Swift target shares: Swift 6 language mode and no warnings.
let strict: [SwiftSetting] = [.treatAllWarnings(as: .error)]

let package = Package(
    name: "SecretStore",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "secret-store", targets: ["secret-store"]),
        .executable(name: "secrets", targets: ["secrets"]),
        .library(name: "SecretStoreConcurrency", targets: ["SecretStoreConcurrency"]),
        .library(name: "SecretStoreWire", targets: ["SecretStoreWire"]),
        .library(name: "SecretStoreZooKeeper", targets: ["SecretStoreZooKeeper"]),
        .library(name: "SecretStoreCore", targets: ["SecretStoreCore"]),
        .library(name: "SecretStoreZooKeeperStorage", targets: ["SecretStoreZooKeeperStorage"]),
        .library(name: "SecretStoreGPGKeyWrapping", targets: ["SecretStoreGPGKeyWrapping"]),
        .library(name: "SecretStoreHTTP", targets: ["SecretStoreHTTP"]),
        .library(name: "SecretStoreTesting", targets: ["SecretStoreTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        // Already under Hummingbird (HummingbirdTLS); named for the server certificate's reload.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Already under Hummingbird; named for the HTTP/1 pipeline's handlers (`ConnectionGuard`).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        // Already under HummingbirdTesting; the `secrets` client's HTTP, with trust roots of its own.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Already under Hummingbird; named for the store's own metrics (`CoreMetrics` in Core).
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        // Renders `GET /metrics` in the Prometheus text format.
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // System libraries: a module map and a shim header each, nothing else.
        .systemLibrary(name: "CZooKeeper", path: "Sources/CZooKeeper"),
        .systemLibrary(name: "CGPGME", path: "Sources/CGPGME", pkgConfig: "gpgme"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto"),
        .systemLibrary(name: "CCrypt", path: "Sources/CCrypt"),
        // Linux calls that glibc declares only under _GNU_SOURCE (statx, for the audit trail).
        .systemLibrary(name: "CLinuxFile", path: "Sources/CLinuxFile"),

        // Pure Swift helpers for long-running loops (backoff), shared by the wrappers and the domain.
        .target(name: "SecretStoreConcurrency", swiftSettings: strict),

        // Swift wrappers, one per C library.
        .target(name: "SecretStoreCrypto", dependencies: ["COpenSSL", "CCrypt"], swiftSettings: strict),
        .target(name: "SecretStoreGPG", dependencies: ["CGPGME"], swiftSettings: strict),
        .target(
            name: "SecretStoreZooKeeper",
            dependencies: [
                "CZooKeeper", "SecretStoreConcurrency",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Times every operation (`ZooKeeperOperationTimers`); pure Swift.
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // The contract's request and response bodies, API paths and secret path rule, shared by the
        // server and the CLI: Foundation only, no NIO, no C, no Core.
        .target(name: "SecretStoreWire", swiftSettings: strict),

        // The domain: no C, no HTTP.
        .target(
            name: "SecretStoreCore",
            dependencies: [
                "SecretStoreConcurrency", "SecretStoreCrypto",
                // Only for the secret path rule (`NormalizedSecretPath`), written once there.
                "SecretStoreWire",
                .product(name: "JWTKit", package: "jwt-kit"),
                // Only to generate the token signing key pair (RSA key generation is not in JWTKit).
                .product(name: "CryptoExtras", package: "swift-crypto"),
                // The store's certificate authority (contract §8): X.509 and ASN.1, no hand-written DER.
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // Pure Swift counters, gauges and timers; the Prometheus rendering stays in HTTP.
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),

        // Adapters: Core's storage and key-wrapping protocols over the C wrappers.
        .target(
            name: "SecretStoreZooKeeperStorage",
            dependencies: [
                "SecretStoreCore", "SecretStoreZooKeeper",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SecretStoreGPGKeyWrapping",
            dependencies: ["SecretStoreConcurrency", "SecretStoreCore", "SecretStoreGPG"],
            swiftSettings: strict
        ),

        .target(
            name: "SecretStoreHTTP",
            dependencies: [
                "SecretStoreCore", "SecretStoreWire", "CLinuxFile",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SecretStoreTesting",
            dependencies: [
                "SecretStoreCore", "SecretStoreCrypto", "SecretStoreZooKeeper", "SecretStoreZooKeeperStorage",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "secret-store",
            dependencies: [
                "SecretStoreCore", "SecretStoreCrypto", "SecretStoreHTTP", "SecretStoreZooKeeper",
                "SecretStoreZooKeeperStorage", "SecretStoreGPGKeyWrapping",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "secrets",
            dependencies: [
                // Only for `store unseal --private-key`: the share is decrypted locally with gpgme.
                "SecretStoreGPG",
                "SecretStoreWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "JWTKit", package: "jwt-kit"),
                // HTTP(S) with a trust of its own (a CA file, or none with --insecure): FoundationNetworking
                // (libcurl) offers no way to set the trusted roots on Linux.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // Trust roots, certificate parsing and the PKCS#12 key stores of `ca newcert`.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // Only SHA-256, for the root certificate's fingerprint.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),

        .testTarget(
            // The error-queue test provokes real OpenSSL errors through the C module itself.
            name: "SecretStoreCryptoTests", dependencies: ["SecretStoreCrypto", "COpenSSL"], swiftSettings: strict),
        .testTarget(name: "SecretStoreWireTests", dependencies: ["SecretStoreWire"], swiftSettings: strict),
        .testTarget(
            name: "SecretStoreConcurrencyTests", dependencies: ["SecretStoreConcurrency"], swiftSettings: strict),
        .testTarget(
            name: "SecretStoreZooKeeperTests",
            dependencies: ["SecretStoreZooKeeper"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SecretStoreCoreTests",
            dependencies: [
                "SecretStoreCore", "SecretStoreTesting",
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // `@testable import secrets`: SwiftPM builds an executable target's code testable on Linux.
        .testTarget(
            name: "SecretsCLITests",
            dependencies: [
                "secrets", "SecretStoreWire",
                // Only to open the PKCS#12 key stores `ca newcert` writes.
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SecretStoreHTTPTests",
            dependencies: [
                "SecretStoreHTTP", "SecretStoreTesting", "SecretStoreWire",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // Only to make the ZooKeeper client's series through a test's metrics factory.
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        // Everything that starts a real ZooKeeper server, runs gpg, listens on a real socket or
        // launches the `secret-store` and `secrets` binaries. `scripts/test.sh` runs it after the
        // unit test targets above (see docs/testing.md).
        .testTarget(
            name: "SecretStoreEndToEndTests",
            dependencies: [
                "SecretStoreConcurrency", "SecretStoreCore", "SecretStoreGPG", "SecretStoreGPGKeyWrapping",
                "SecretStoreHTTP", "SecretStoreTesting", "SecretStoreWire", "SecretStoreZooKeeper",
                "SecretStoreZooKeeperStorage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                // Only to forge tokens in the attack regression tests.
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: strict
        ),
    ]
)
