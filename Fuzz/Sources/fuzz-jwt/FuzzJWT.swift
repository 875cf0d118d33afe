import CFuzzerDriver
import Dispatch
import Foundation
import Logging
import SecretStoreCore

/// Token verification as every authenticated request does it (`TokenAuthority.verify`): whatever
/// the text, an error, never a crash and never claims: the only token this authority issued is the
/// one of its start-up check, which no corpus holds, and the fuzzer cannot forge an RS256 signature.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJWT(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let token = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let verified = blocking { try? await Authority.shared.verify(token) }
    precondition(verified == nil, "a token the authority never issued verified")
    return 0
}

/// One authority for the whole run, on in-memory storage, checked once to verify what it issues.
enum Authority {
    static let shared: TokenAuthority = blocking {
        let authority = try! await TokenAuthority.open(
            storage: InMemoryStorage(), lifetime: .seconds(3600), logger: Logger(label: "fuzz-jwt"))
        let issued = try! await authority.issue(for: "alice", instance: "fuzz")
        let claims = try? await authority.verify(issued.token)
        precondition(claims?.uid == "alice", "an issued token does not verify")
        return authority
    }
}

/// Where `blocking` leaves its result: written by the task, read after the semaphore says it is done.
final class Outcome<T>: @unchecked Sendable {
    var value: T?
    init() {}
}

/// Runs `body` to its end from libFuzzer's synchronous callback.
func blocking<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        outcome.value = await body()
        done.signal()
    }
    done.wait()
    return outcome.value!
}

/// The program's entry point (SwiftPM links it as `main`): libFuzzer, calling `fuzzJWT`.
@_cdecl("fuzz_jwt_main")
func fuzzerEntry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    cfuzzer_run(argc, argv) { data, size in data.map { fuzzJWT($0, size) } ?? 0 }
}
