import CFuzzerDriver
import SecretStoreCore

/// The space rule: input is a service id and a secret path, separated by the first newline. Never a
/// crash; an allowed secret's folder is, as text, the service's id or one of its ancestors cut at a
/// `/` (components compared, never string prefixes: `some/secret` is not open to `/some-other`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSpaceRule(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    guard let service = try? ServiceID(normalizing: parts[0]) else { return 0 }
    let rule = SpaceRule(service: service)
    guard parts.count == 2, let secret = try? SecretPath(normalizing: parts[1]) else { return 0 }
    if rule.allows(secret) {
        let folder = secret.components.dropLast().map { "/" + $0 }.joined() + "/"
        precondition((service.description + "/").hasPrefix(folder), "a secret outside the service's space was allowed")
    }
    return 0
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzSpaceRule`.
@_cdecl("fuzz_space_rule_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzSpaceRule($0, size) } ?? 0 }
}
