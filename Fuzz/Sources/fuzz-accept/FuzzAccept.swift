import CFuzzerDriver
import SecretStoreWire

/// `Accept` header parsing and the quality it gives each representation: never a crash, every
/// parsed range well-formed, every quality in 0...1.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccept(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let header = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let ranges = MediaRange.parseList(header)
    for range in ranges {
        precondition(!range.type.isEmpty && !range.subtype.isEmpty, "an empty type or subtype")
        precondition((0...1).contains(range.quality), "a quality outside 0...1")
    }
    for (type, subtype) in [("application", "json"), ("application", "octet-stream"), ("text", "plain")] {
        precondition((0...1).contains(MediaRange.quality(of: type, subtype, in: ranges)), "a quality outside 0...1")
    }
    return 0
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzAccept`.
@_cdecl("fuzz_accept_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzAccept($0, size) } ?? 0 }
}
