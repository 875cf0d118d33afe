import SecretStoreCore
import Testing

@Suite("Storage keys")
struct StorageKeyTests {
    @Test(arguments: ["a", "a/b", "keys/bootstrap_user.key", "A-Z_0.9", String(repeating: "x", count: 4096)])
    func validKeys(_ path: String) throws {
        #expect(try StorageKey(path).path == path)
    }

    @Test(arguments: [
        "", "/a", "a/", "a//b", ".", "a/..", "@chunks", "a b", "ä", "a/%2F", String(repeating: "x", count: 4097),
    ])
    func invalidKeys(_ path: String) {
        #expect(throws: StorageError.self) { try StorageKey(path) }
    }

    @Test func parentsAndPrefixes() throws {
        let key = try StorageKey("a/b/c")
        #expect(key.parent == (try StorageKey("a/b")))
        #expect(key.parent.parent.parent == .root)
        #expect(StorageKey.root.parent == .root)
        #expect(key.hasPrefix(try StorageKey("a/b")))
        #expect(!key.hasPrefix(try StorageKey("a/bc")))
        #expect(key.hasPrefix(.root))
    }

    @Test func orderIsComponentWiseAndByteWise() throws {
        let keys = try ["a/b", "a", "B", "a-b", "a/B"].map { try StorageKey($0) }
        #expect(keys.sorted().map(\.path) == ["B", "a", "a/B", "a/b", "a-b"])
    }
}
