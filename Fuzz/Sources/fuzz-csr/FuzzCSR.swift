import CFuzzerDriver
import SecretStoreCore

/// Certificate signing requests as the CA's API takes them (PEM): never a crash, whatever the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSR(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? SigningRequest(pem: text)
    return 0
}

/// The program's entry point (SwiftPM links `fuzz_csr_main` as `main`): libFuzzer's driver, with
/// its command line, calling `fuzzCSR` for each input.
@_cdecl("fuzz_csr_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in data.map { fuzzCSR($0, size) } ?? 0 }
}
