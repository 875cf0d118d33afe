import Crypto
import SecretStoreCrypto
import SecretStoreWire
import Synchronization

/// Hides secret paths in audit lines (contract §9): a path becomes `hmac-sha256:<hex>`, keyed with a
/// key of the installation, so that the trail can be shipped to a log system without naming what
/// the store holds, while an operator who knows a path finds its lines (`POST /audit-hash`).
///
/// The key lives in storage in the clear at `audit/hmac-key` (32 random bytes, made by the first
/// instance that needs it): sealed stores' requests carry paths too, so it cannot sit behind the
/// barrier, and every instance must hash alike. Readers of ZooKeeper see paths as znode names
/// anyway; the HMAC hides them from readers of the trail.
public final class AuditPathHasher: Sendable {
    /// The prefix of every hashed path.
    public static let prefix = "hmac-sha256:"
    /// Where the installation's key is kept.
    public static let storageKey = StorageKey(validated: ["audit", "hmac-key"])
    /// The key's length in bytes.
    static let keyLength = 32

    /// Whether paths are written as they are (`--audit-clear-paths`).
    public let clearPaths: Bool
    /// The HMAC with the installation's key already absorbed: each hash copies it and adds only
    /// the text (absorbing the key was more than half of a path's hashing under perf).
    private let keyed = Mutex<HMAC<Crypto.SHA256>?>(nil)
    /// Paths as lines show them, by the path as given, and whole texts (request paths, resource
    /// ids) with their paths hidden: most requests name what was seen before, and normalising and
    /// hashing cost more than the rest of a line. Emptied when full or re-keyed.
    private let remembered = Mutex(Remembered())
    /// The most paths, and the most texts, remembered.
    static let rememberedCapacity = 8192

    /// A hasher whose key is loaded later (`load(from:)`), or that leaves paths clear.
    public init(clearPaths: Bool = false) {
        self.clearPaths = clearPaths
    }

    /// Whether lines can be written: the key is loaded, or paths stay clear.
    public var isReady: Bool { clearPaths || hasKey }

    /// Whether the installation's key is loaded.
    public var hasKey: Bool { keyed.withLock { $0 != nil } }

    /// Reads the installation's key, making it if there is none yet (the first instance to get
    /// there wins; the others read its key). Called again after a restore, which brings the
    /// backup's key.
    public func load(from storage: any Storage) async throws {
        if try await reload(from: storage) { return }
        let made = try SecureRandom.bytes(count: Self.keyLength)
        do {
            try await storage.create(Self.storageKey, made)
            install(made)
        } catch let error as StorageError where error.code == .alreadyExists {
            guard try await reload(from: storage) else { throw error }
        }
    }

    /// Reads the installation's key again if there is one, never making one: how an instance takes
    /// the key a restore through another instance brought. Returns whether a key was read.
    @discardableResult
    public func reload(from storage: any Storage) async throws -> Bool {
        guard let stored = try await storage.read(Self.storageKey) else { return false }
        guard stored.bytes.count == Self.keyLength else {
            throw StorageError(
                .corrupted, "\(Self.storageKey) holds \(stored.bytes.count) bytes, not \(Self.keyLength)")
        }
        install(stored.bytes)
        return true
    }

    /// Uses `bytes` as the key.
    public func install(_ bytes: [UInt8]) {
        let mac = HMAC<Crypto.SHA256>(key: Crypto.SymmetricKey(data: bytes))
        // Key and memory change together: nothing hidden with the old key is remembered after.
        remembered.withLock { remembered in
            self.keyed.withLock { $0 = mac }
            remembered = Remembered(generation: remembered.generation + 1)
        }
    }

    /// `hmac-sha256:<hex>` of `text`'s UTF-8 bytes, always (even with clear paths): what
    /// `POST /audit-hash` answers. `nil` until the key is loaded.
    public func hash(_ text: some StringProtocol) -> String? {
        // A copy: its hash states are copied on the first update, the stored ones stay as keyed.
        guard var mac = keyed.withLock({ $0 }) else { return nil }
        mac.update(data: Array(text.utf8))
        return Self.prefix + Hex.encode(mac.finalize())
    }

    /// A secret path or folder as a line shows it: normalised by the path rule (so `/app//db` and
    /// `app/db` agree), then hashed unless paths are clear. A path the rule refuses is hashed as
    /// sent. The whole store (an empty path) stays empty: it names nothing.
    public func path(_ raw: some StringProtocol) -> String {
        let raw = String(raw)
        let (known, generation) = remembered.withLock { ($0.paths[raw], $0.generation) }
        if let known { return known }
        let normalized = (try? NormalizedSecretPath(normalizing: raw))?.path ?? raw
        if normalized.isEmpty || clearPaths { return normalized }
        guard let hashed = hash(normalized) else { return Self.prefix + "unavailable" }
        remembered.withLock { $0.remember(hashed, for: raw, in: \.paths, generation: generation) }
        return hashed
    }

    /// A resource id as a line shows it: the path of a secrets rid (`dcos:secrets[:list]:<store>:/<path>`,
    /// with an optional trailing `/*`) is hashed, everything else is kept.
    public func resource(_ rid: String) -> String {
        guard rid.hasPrefix("dcos:secrets:") else { return rid }
        return remembering(rid) { rid in self.hidingPath(inResource: rid) }
    }

    /// `text` with its paths hidden by `hide`, remembered once the key is loaded (or paths are
    /// clear): what `hide` makes of a text depends on nothing but the text and the key.
    public func remembering(_ text: String, hide: (String) -> String) -> String {
        let (known, generation) = remembered.withLock { ($0.texts[text], $0.generation) }
        if let known { return known }
        let hidden = hide(text)
        guard isReady else { return hidden }
        remembered.withLock { $0.remember(hidden, for: text, in: \.texts, generation: generation) }
        return hidden
    }

    private func hidingPath(inResource rid: String) -> String {
        guard let start = Self.pathStart(in: rid) else { return rid }
        var path = rid[start...]
        var suffix = ""
        if path.hasSuffix("/*") {
            path = path.dropLast(2)
            suffix = "/*"
        }
        guard !path.isEmpty else { return rid }
        return String(rid[..<start]) + self.path(path) + suffix
    }

    /// Where the path of a rid starts: after its first `:/`. Searched in the UTF-8 view, because
    /// Foundation's `range(of:)` cost a tenth of an audit line.
    private static func pathStart(in rid: String) -> String.Index? {
        var previous: UInt8 = 0
        for index in rid.utf8.indices {
            let byte = rid.utf8[index]
            if previous == UInt8(ascii: ":"), byte == UInt8(ascii: "/") { return rid.utf8.index(after: index) }
            previous = byte
        }
        return nil
    }
}

/// What an `AuditPathHasher` remembers, and under which key (`generation`, moved on by every
/// `install`): a text hidden with an older key is not remembered.
private struct Remembered {
    var generation = 0
    var paths: [String: String] = [:]
    var texts: [String: String] = [:]

    mutating func remember(
        _ hidden: String, for text: String, in memory: WritableKeyPath<Remembered, [String: String]>,
        generation: Int
    ) {
        guard generation == self.generation else { return }
        if self[keyPath: memory].count >= AuditPathHasher.rememberedCapacity {
            self[keyPath: memory].removeAll(keepingCapacity: true)
        }
        self[keyPath: memory][text] = hidden
    }
}
