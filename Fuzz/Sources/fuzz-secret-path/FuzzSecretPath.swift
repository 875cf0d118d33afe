import CFuzzerDriver
import SecretStoreCore
import SecretStoreWire

/// The secret path rule, both forms: whatever the bytes, normalising never crashes; a normalised
/// path normalises to itself; the wire's rule and the domain's agree on what they accept.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSecretPath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let wire = try? NormalizedSecretPath(normalizing: raw)
    let domain = try? SecretPath(normalizing: raw)
    precondition((wire == nil) == (domain == nil), "the wire's and the domain's path rules disagree")
    if let wire {
        precondition(
            (try? NormalizedSecretPath(normalizing: wire.path))?.path == wire.path, "normalising is not idempotent")
    }
    return 0
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzSecretPath`.
@_cdecl("fuzz_secret_path_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzSecretPath($0, size) } ?? 0 }
}
