import CFuzzerDriver
import Foundation
import SecretStoreWire

/// Every request body the server decodes (`JSONDecoder`, as `Request.decodeJSON` and the secrets
/// routes do): whatever the bytes, decoding answers a value or an error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONBodies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Data(bytes: data, count: size)
    let decoder = JSONDecoder()
    _ = try? decoder.decode(TextSecretBody.self, from: body)
    _ = try? decoder.decode(LoginBody.self, from: body)
    _ = try? decoder.decode(UserBody.self, from: body)
    _ = try? decoder.decode(DescriptionBody.self, from: body)
    _ = try? decoder.decode(InitBody.self, from: body)
    _ = try? decoder.decode(UnsealBody.self, from: body)
    _ = try? decoder.decode(RekeyUpdateBody.self, from: body)
    _ = try? decoder.decode(ResolveBody.self, from: body)
    _ = try? decoder.decode(AuditHashBody.self, from: body)
    _ = try? decoder.decode(CAInfoBody.self, from: body)
    _ = try? decoder.decode(CANewCertBody.self, from: body)
    _ = try? decoder.decode(CASignBody.self, from: body)
    return 0
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzJSONBodies`.
@_cdecl("fuzz_json_bodies_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzJSONBodies($0, size) } ?? 0 }
}
