import SecretStoreWire
import Testing

@Suite("The secret path rule")
struct NormalizedSecretPathTests {
    @Test(arguments: [
        "myapp/password", "/myapp/password", "//myapp//password/", "%2Fmyapp%2Fpassword", "myapp%2fpassword",
        "myapp%2Fpassword%2F%2F", "%6Dyapp/password",
    ])
    func spellingsOfOnePathAreEqual(_ raw: String) throws {
        let path = try NormalizedSecretPath.secret(raw)
        #expect(path.path == "myapp/password")
        #expect(path.components == ["myapp", "password"])
        #expect(path.description == "myapp/password")
    }

    @Test(
        arguments: [
            ("a/../b", .invalidCharacter), ("a b", .invalidCharacter), ("a%20b", .invalidCharacter),
            ("é", .invalidCharacter), ("a%C3%A9", .invalidCharacter), ("a.b", .invalidCharacter),
            ("a%00b", .invalidCharacter), ("%252F", .invalidCharacter), ("%FF", .invalidCharacter),
            ("%zz", .malformedEscape), ("%", .malformedEscape), ("a%2", .malformedEscape),
            (String(repeating: "x", count: 256), .componentTooLong),
            (Array(repeating: String(repeating: "x", count: 255), count: 4).joined(separator: "/") + "/a", .tooLong),
        ] as [(String, SecretPathViolation.Kind)])
    func invalidPathsAreRefused(_ raw: String, kind: SecretPathViolation.Kind) {
        let violation = #expect(throws: SecretPathViolation.self) { try NormalizedSecretPath(normalizing: raw) }
        #expect(violation?.kind == kind)
        #expect((violation?.message.count ?? 0) <= 80)
    }

    @Test func lengthLimitsAreInclusive() throws {
        let component = String(repeating: "x", count: 255)
        let longest = [component, component, component, String(component.dropFirst()), "a"].joined(separator: "/")
        #expect(longest.utf8.count == NormalizedSecretPath.maximumLength)
        #expect(try NormalizedSecretPath.secret(longest).path == longest)
        #expect(try NormalizedSecretPath.secret(longest.replacingOccurrences(of: "/", with: "%2F")).path == longest)
    }

    @Test(arguments: ["", "/", "///", "%2F"])
    func theWholeStoreIsAFolderButNotASecret(_ raw: String) throws {
        #expect(try NormalizedSecretPath(normalizing: raw).isRoot)
        let violation = #expect(throws: SecretPathViolation.self) { try NormalizedSecretPath.secret(raw) }
        #expect(violation?.kind == .noComponent)
    }

    @Test func componentsAreValidatedWithoutNormalising() throws {
        #expect(try NormalizedSecretPath(components: ["a", "b"]).path == "a/b")
        let violation = #expect(throws: SecretPathViolation.self) { try NormalizedSecretPath(components: ["a", ""]) }
        #expect(violation?.kind == .emptyComponent)
    }

    @Test(arguments: [("default", true), ("a_b-C9", true), ("", false), ("a/b", false), ("a.b", false)])
    func storeIdsFollowTheComponentRule(_ id: String, valid: Bool) {
        #expect(NormalizedSecretPath.isValidComponent(id) == valid)
    }
}
