// swift-tools-version: 6.2
import PackageDescription

// Benchmarks live in their own package so that neither the default build nor CI compiles them.
// Run: scripts/benchmark.sh (a release build, then the figures).
let package = Package(
    name: "SecretStoreBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SecretStore", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        .target(
            name: "CRawZooKeeperBenchmark",
            linkerSettings: [.linkedLibrary("zookeeper_mt")]
        ),
        .executableTarget(
            name: "storage-benchmark",
            dependencies: [
                "CRawZooKeeperBenchmark",
                .product(name: "SecretStoreCore", package: "SecretStore"),
                .product(name: "SecretStoreZooKeeper", package: "SecretStore"),
                .product(name: "SecretStoreZooKeeperStorage", package: "SecretStore"),
                .product(name: "SecretStoreTesting", package: "SecretStore"),
            ],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
        .executableTarget(
            name: "identity-benchmark",
            dependencies: [
                .product(name: "SecretStoreCore", package: "SecretStore"),
                .product(name: "SecretStoreZooKeeper", package: "SecretStore"),
                .product(name: "SecretStoreZooKeeperStorage", package: "SecretStore"),
                .product(name: "SecretStoreTesting", package: "SecretStore"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
        // One audit line's append, with and without the removed-file check before it, in C.
        .target(name: "CAuditAppendBenchmark"),
        .executableTarget(
            name: "audit-line-benchmark",
            dependencies: ["CAuditAppendBenchmark", .product(name: "SecretStoreCore", package: "SecretStore")],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
        .executableTarget(
            name: "http-benchmark",
            dependencies: [
                "CRawZooKeeperBenchmark",
                .product(name: "SecretStoreZooKeeper", package: "SecretStore"),
                .product(name: "SecretStoreTesting", package: "SecretStore"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.treatAllWarnings(as: .error)]
        ),
    ]
)
