import CFuzzerDriver
import SecretStoreCore

/// Certificate signing requests as the CA's API takes them (PEM): never a crash, whatever the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? SigningRequest(pem: text)
    return 0
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzCSR`.
@_cdecl("fuzz_csr_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzCSR($0, size) } ?? 0 }
}
