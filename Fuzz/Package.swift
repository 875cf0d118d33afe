// swift-tools-version: 6.2
import PackageDescription

// libFuzzer targets for the parsers that take outside input. A package of its own, so that neither
// the default build nor CI compiles it, built with every Swift module instrumented for coverage:
// scripts/fuzz.sh builds it (`-sanitize=fuzzer`) and runs each target over its corpus in
// Fixtures/fuzz/. Each target is one function, which its entry point hands to libFuzzer's driver.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "SecretStoreFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "SecretStore", path: ".."),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        fuzz("fuzz-secret-path", [core, wire]),
        fuzz("fuzz-envelope", [core]),
        fuzz("fuzz-json-bodies", [wire]),
        fuzz("fuzz-accept", [wire]),
        fuzz("fuzz-space-rule", [core]),
        fuzz("fuzz-jwt", [core, .product(name: "Logging", package: "swift-log")]),
        fuzz("fuzz-csr", [core]),
    ]
)

var core: Target.Dependency { .product(name: "SecretStoreCore", package: "SecretStore") }
var wire: Target.Dependency { .product(name: "SecretStoreWire", package: "SecretStore") }

/// A libFuzzer target.
func fuzz(_ name: String, _ dependencies: [Target.Dependency]) -> Target {
    .executableTarget(name: name, dependencies: ["CFuzzerDriver"] + dependencies, swiftSettings: fuzzTarget)
}
