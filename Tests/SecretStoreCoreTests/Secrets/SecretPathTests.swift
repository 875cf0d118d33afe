import Foundation
import SecretStoreCore
import Testing

@Suite("Secret paths")
struct SecretPathTests {
    @Test(arguments: [
        "myapp/password", "/myapp/password", "//myapp//password/", "%2Fmyapp%2Fpassword", "myapp%2fpassword",
        "myapp%2Fpassword%2F%2F", "%6Dyapp/password",
    ])
    func spellingsOfOnePathAreEqual(_ raw: String) throws {
        let path = try SecretPath.secret(raw)
        #expect(path == (try SecretPath.secret("myapp/password")))
        #expect(path.path == "myapp/password")
        #expect(path.components == ["myapp", "password"])
    }

    @Test(arguments: [
        "a/../b", "a/./b", "..", ".", "a b", "a%20b", "é", "a%C3%A9", "a.b", "a+b", "a\\b", "a%00b", "%zz", "%", "a%2",
        "a%g1", "%252F", "a%25", String(repeating: "x", count: 256), "ok/" + String(repeating: "x", count: 256),
        // Four 255-byte components and one more: 1,025 bytes.
        Array(repeating: String(repeating: "x", count: 255), count: 4).joined(separator: "/") + "/a",
    ])
    func invalidPathsAreRefused(_ raw: String) {
        let error = #expect(throws: SecretError.self) { try SecretPath(normalizing: raw) }
        #expect(error?.code == .invalidPath)
        #expect((error?.message.count ?? 0) <= 80)
    }

    @Test func lengthLimitsAreInclusive() throws {
        let component = String(repeating: "x", count: 255)
        #expect(try SecretPath.secret(component).path == component)
        // 3 × 255 + 254 + 1 bytes of components and 4 slashes: exactly the 1,024 allowed.
        let longest = [component, component, component, String(component.dropFirst()), "a"].joined(separator: "/")
        #expect(longest.utf8.count == 1024)
        #expect(try SecretPath.secret(longest).path == longest)
        // Slashes that normalisation removes do not count, nor do escapes before decoding.
        #expect(try SecretPath.secret("//" + longest + "//").path == longest)
        #expect(try SecretPath.secret(longest.replacingOccurrences(of: "/", with: "%2F")).path == longest)
        let overByOne = [component, component, component, component, "a"].joined(separator: "/")
        #expect(overByOne.utf8.count == 1025)
        let error = #expect(throws: SecretError.self) { try SecretPath.secret(overByOne) }
        #expect(error?.code == .invalidPath)
    }

    @Test(arguments: ["", "/", "///", "%2F", "%2F%2F/"])
    func theWholeStoreIsAFolderButNotASecret(_ raw: String) throws {
        let folder = try SecretPath(normalizing: raw)
        #expect(folder.isRoot)
        #expect(folder == .root)
        #expect(folder.path == "")
        let error = #expect(throws: SecretError.self) { try SecretPath.secret(raw) }
        #expect(error?.code == .invalidPath)
    }

    @Test func pathsAreCaseSensitive() throws {
        #expect(try SecretPath.secret("MyApp") != (try SecretPath.secret("myapp")))
    }

    @Test func messagesQuoteOnlyShortPrintableComponents() {
        let short = #expect(throws: SecretError.self) { try SecretPath.secret("ok/a.b") }
        #expect(short?.message.contains("'a.b'") == true)
        let long = String(repeating: ".", count: 200)
        let longError = #expect(throws: SecretError.self) { try SecretPath.secret(long) }
        #expect(longError?.message.contains("...") == false)
        let control = #expect(throws: SecretError.self) { try SecretPath.secret("a%0Ab") }
        #expect(control?.message.contains("\n") == false)
    }

    @Test func parentsAndLastComponents() throws {
        let path = try SecretPath.secret("a/b/c")
        #expect(path.lastComponent == "c")
        #expect(path.parent == (try SecretPath.secret("a/b")))
        #expect(path.parent?.parent?.parent == .root)
        #expect(SecretPath.root.parent == nil)
        #expect(SecretPath.root.lastComponent == nil)
    }

    @Test func componentsAreValidatedWithoutNormalising() throws {
        #expect(try SecretPath(components: ["a", "b"]).path == "a/b")
        #expect(try SecretPath(components: []).isRoot)
        #expect(throws: SecretError.self) { try SecretPath(components: ["a", ""]) }
        #expect(throws: SecretError.self) { try SecretPath(components: ["a/b"]) }
        #expect(throws: SecretError.self) { try SecretPath(components: ["%2F"]) }
    }

    @Test func orderIsByteWiseOnTheJoinedForm() throws {
        let paths = try ["a/b", "a", "B", "a-b", "a/B", "a_b", "a0"].map { try SecretPath.secret($0) }
        // '-' 0x2D < '/' 0x2F < '0' 0x30 < 'B' 0x42 < '_' 0x5F < 'b' 0x62
        #expect(paths.sorted().map(\.path) == ["B", "a", "a-b", "a/B", "a/b", "a0", "a_b"])
    }

    /// The contract's listing example: after creating these, list `folder` etc.
    static let created = ["key1", "folder/key2", "folder/key3", "folder/sub", "folder/sub/key4"]

    @Test(arguments: [
        ("", ["folder/key2", "folder/key3", "folder/sub", "folder/sub/key4", "key1"]),
        ("folder", ["key2", "key3", "sub", "sub/key4"]),
        ("/folder/", ["key2", "key3", "sub", "sub/key4"]),
        ("folder/sub", ["key4"]),
        ("folder/sub/key4", []),
        ("fold", []),
        ("not/a/folder", []),
    ])
    func listingTheContractExample(_ folder: String, _ expected: [String]) throws {
        let secrets = try Self.created.map { try SecretPath.secret($0) }
        let folder = try SecretPath(normalizing: folder)
        #expect(secrets.sorted().compactMap { $0.relativeName(below: folder) } == expected)
    }

    @Test func relativeNamesNeedWholeComponents() throws {
        let path = try SecretPath.secret("folder2/key")
        #expect(path.relativeName(below: try SecretPath.secret("folder")) == nil)
        #expect(path.relativeName(below: path) == nil)
        #expect(path.relativeName(below: .root) == "folder2/key")
        #expect(SecretPath.root.relativeName(below: .root) == nil)
    }
}
