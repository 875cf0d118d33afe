import CGPGME
import Synchronization

/// One gpgme context (`gpgme_ctx_t`) working in its own private GnuPG home: key generation,
/// import and export, encryption to a key and decryption with the keys it holds.
///
/// Thread safety: a gpgme context must never be used by two threads at once, but may be used by
/// one thread after another. Every call takes an internal `Mutex` for its whole duration, so
/// calls are serialised and the context can be shared; the class has no other mutable state,
/// which is why it is `Sendable`. Calls block the calling thread while gpg runs as a child
/// process (encrypt about 15 ms, decrypt about 45 ms, key generation seconds): keep them off
/// request paths, and run long ones outside the cooperative thread pool.
///
/// The home is a fresh directory under `/tmp`; `close()` (or deinit) stops the gpg-agent gpg
/// started for it and deletes it with every key in it.
public final class GPGContext: Sendable {
    /// What the lock guards: the gpgme handle and the home, both `nil` once closed.
    struct State {
        var context: OpaquePointer?
        var home: GPGHome?
    }

    private let state: Mutex<State>
    /// The private GnuPG home directory (exists until `close()`).
    package let homeDirectory: String

    /// gpgme's version, or `nil` if it cannot work; evaluated once per process.
    private static let libraryVersion: String? = {
        // gpgme_check_version must run before any other gpgme call, or every call fails with
        // "Not operational"; it also sets SIGPIPE to ignored if it was at its default, so a gpg
        // child that dies mid-write cannot kill the server.
        gpgme_check_version(nil).map { String(cString: $0) }
    }()

    /// Creates a context in a fresh private home: OpenPGP, loopback pinentry (nothing ever
    /// prompts), binary output.
    public init() throws(GPGError) {
        guard Self.libraryVersion != nil else {
            throw GPGError(.notOperational, operation: "gpgme_check_version")
        }
        let home = try GPGHome.create()
        do {
            let context = try Self.makeContext(home: home.path)
            state = Mutex(State(context: context, home: home))
            homeDirectory = home.path
        } catch {
            home.remove()
            throw error
        }
    }

    private static func makeContext(home: String) throws(GPGError) -> OpaquePointer {
        var created: OpaquePointer?
        try GPGError.check(gpgme_new(&created), "gpgme_new")
        guard let context = created else { throw GPGError(.general, operation: "gpgme_new") }
        do {
            try GPGError.check(gpgme_set_protocol(context, GPGME_PROTOCOL_OpenPGP), "gpgme_set_protocol")
            // NULL keeps the default gpg binary; the home must exist with mode 0700.
            try GPGError.check(
                gpgme_ctx_set_engine_info(context, GPGME_PROTOCOL_OpenPGP, nil, home), "gpgme_ctx_set_engine_info")
            // Loopback: gpg asks gpgme, not a pinentry program, for passphrases; our keys have
            // none and we set no passphrase callback, so a protected key fails instead of waiting.
            try GPGError.check(
                gpgme_set_pinentry_mode(context, GPGME_PINENTRY_MODE_LOOPBACK), "gpgme_set_pinentry_mode")
            gpgme_set_armor(context, 0)
            // Offline: gpgme adds --disable-dirmngr, so gpg never asks a keyserver for anything.
            gpgme_set_offline(context, 1)
            return context
        } catch {
            gpgme_release(context)
            throw error
        }
    }

    /// Runs `body` with the gpgme handle, under the lock; throws `.contextClosed` after `close()`.
    func withContext<Result: Sendable>(
        _ operation: String, _ body: (OpaquePointer) throws(GPGError) -> Result
    ) throws(GPGError) -> Result {
        try state.withLock { (state) throws(GPGError) -> Result in
            guard let context = state.context else { throw GPGError(.contextClosed, operation: operation) }
            return try body(context)
        }
    }

    /// Releases the context, stops the home's gpg-agent and deletes the home with every key in
    /// it. Idempotent; every later call throws `.contextClosed`.
    public func close() {
        let home = state.withLock { state -> GPGHome? in
            if let context = state.context {
                gpgme_release(context)
                state.context = nil
            }
            defer { state.home = nil }
            return state.home
        }
        home?.remove()
    }

    deinit {
        close()
    }
}
