import CFuzzerDriver
import Foundation
import SecretStoreWire

/// Every request body the server decodes (`JSONDecoder`, as `Request.decodeJSON` and the secrets
/// routes do): whatever the bytes, decoding answers a value or an error, never a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONBodies(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = Data(bytes: data, count: size)
    let decoder = JSONDecoder()
    let types: [any Decodable.Type] = [
        TextSecretBody.self, LoginBody.self, UserBody.self, DescriptionBody.self, InitBody.self, UnsealBody.self,
        RekeyUpdateBody.self, ResolveBody.self, AuditHashBody.self, CAInfoBody.self, CANewCertBody.self,
        CASignBody.self,
    ]
    for type in types { _ = try? decoder.decode(type, from: body) }
    return 0
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzJSONBodies`.
@_cdecl("fuzz_json_bodies_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzJSONBodies($0, size) } ?? 0 }
}
