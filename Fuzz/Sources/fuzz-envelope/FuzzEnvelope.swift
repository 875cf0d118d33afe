import CFuzzerDriver
@_spi(Fuzzing) import SecretStoreCore

/// What a secret's znode holds, as read back from ZooKeeper: the sealed envelope (version, key
/// term, nonce, ciphertext, tag) and, once opened, the record (kind, author, metadata, value).
/// Whatever the bytes, decoding never crashes; what decodes encodes back to the same bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEnvelope(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let envelope = try? Envelope(decoding: bytes, path: "fuzz") {
        precondition(envelope.encoded == bytes, "an envelope does not encode back to its bytes")
    }
    if let record = try? SecretRecord(decoding: bytes) {
        precondition(record.encoded() == bytes, "a record does not encode back to its bytes")
    }
    return 0
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzEnvelope`.
@_cdecl("fuzz_envelope_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzEnvelope($0, size) } ?? 0 }
}
