import SecretStoreCore
import Testing

/// The space rule of contract §6, as a table: every row of the contract's table, then the edges.
@Suite("Space rule")
struct SpaceRuleTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var secret: String
        var service: String
        var allowed: Bool
        var testDescription: String { "\(secret) for \(service): \(allowed ? "yes" : "no")" }
    }

    /// The contract's table, row for row.
    static let contract: [Row] = [
        Row(secret: "group/secret", service: "/marathon-user/service", allowed: false),
        Row(secret: "group/secret", service: "/group/hdfs/service", allowed: true),
        Row(secret: "group/hdfs/secret", service: "/group/spark/service", allowed: false),
        Row(secret: "hdfs/secret", service: "/hdfs", allowed: true),
        Row(secret: "secret-svc/Secret_Path1", service: "/secret-svc/a/b/c/dev3", allowed: true),
        Row(secret: "secret-svc/instance1/Secret_Path2", service: "/secret-svc/dev1", allowed: false),
        Row(secret: "some/secret", service: "/some-other/app", allowed: false),
    ]

    static let edges: [Row] = [
        // Secrets at the root are open to every service.
        Row(secret: "toplevel", service: "/any", allowed: true),
        Row(secret: "toplevel", service: "/deep/down/app", allowed: true),
        Row(secret: "__dcos_base64__toplevel", service: "/app", allowed: true),
        // The service id equal to the secret's space.
        Row(secret: "a/b/c/secret", service: "/a/b/c", allowed: true),
        Row(secret: "a/b/c/secret", service: "/a/b", allowed: false),
        Row(secret: "a/b/c/secret", service: "/a", allowed: false),
        Row(secret: "a/secret", service: "/a/b/c/d/e", allowed: true),
        // A secret named like the service sits in the service's parent space.
        Row(secret: "hdfs", service: "/hdfs", allowed: true),
        Row(secret: "hdfs/hdfs", service: "/hdfs", allowed: true),
        Row(secret: "hdfs/hdfs/x", service: "/hdfs", allowed: false),
        // Component boundaries, never string prefixes.
        Row(secret: "a/b/s", service: "/a/bc", allowed: false),
        Row(secret: "a/bc/s", service: "/a/b", allowed: false),
        Row(secret: "some/secret", service: "/some", allowed: true),
        Row(secret: "some/secret", service: "/somex", allowed: false),
        Row(secret: "some-other/secret", service: "/some", allowed: false),
        Row(secret: "ab/secret", service: "/a/b", allowed: false),
        // Slashes on both sides: leading, trailing, repeated.
        Row(secret: "/group/secret", service: "/group/app", allowed: true),
        Row(secret: "group/secret/", service: "group/app", allowed: true),
        Row(secret: "//group//secret", service: "//group///app//", allowed: true),
        Row(secret: "group/secret", service: "group", allowed: true),
        Row(secret: "///other//secret", service: "/group/app/", allowed: false),
        // Case differences never match.
        Row(secret: "Group/secret", service: "/group/app", allowed: false),
        Row(secret: "group/secret", service: "/Group/app", allowed: false),
        Row(secret: "HDFS/secret", service: "/hdfs", allowed: false),
        // The base64 marker changes decoding, not access.
        Row(secret: "group/__dcos_base64__key", service: "/group/app", allowed: true),
        Row(secret: "group/__dcos_base64__key", service: "/other/app", allowed: false),
        Row(secret: "__dcos_base64__group/key", service: "/group/app", allowed: false),
        Row(secret: "group/hdfs/__dcos_base64__keytab", service: "/group/hdfs", allowed: true),
        // Marathon ids may hold dots; they are just characters of a component.
        Row(secret: "team/secret", service: "/team/app.v2", allowed: true),
        Row(secret: "team/secret", service: "/team.a/app", allowed: false),
    ]

    @Test("the contract's table", arguments: contract)
    func contractTable(_ row: Row) throws {
        #expect(try allows(row) == row.allowed)
    }

    @Test("edges", arguments: edges)
    func edgeTable(_ row: Row) throws {
        #expect(try allows(row) == row.allowed)
    }

    @Test func theSpaceOfASecretIsItsFolder() throws {
        #expect(SpaceRule.space(of: try SecretPath.secret("a/b/c")) == ["a", "b"])
        #expect(SpaceRule.space(of: try SecretPath.secret("top")).isEmpty)
    }

    private func allows(_ row: Row) throws -> Bool {
        SpaceRule(service: try ServiceID(normalizing: row.service)).allows(try SecretPath.secret(row.secret))
    }
}

/// Service ids as the space of a resolve call.
@Suite("Service ids")
struct ServiceIDTests {
    @Test(arguments: ["/group/hdfs/service", "group/hdfs/service", "//group//hdfs/service/"])
    func slashesNormalise(_ raw: String) throws {
        let id = try ServiceID(normalizing: raw)
        #expect(id.components == ["group", "hdfs", "service"])
        #expect(id.description == "/group/hdfs/service")
    }

    @Test(arguments: ["", "/", "///", "/a/../b", "/a/./b", "/..", "/a b", "/a%2Fb", "/ä", "/a\u{0}b"])
    func malformedSpacesAreRefused(_ raw: String) {
        #expect(throws: SecretError.self) { try ServiceID(normalizing: raw) }
    }

    @Test func lengthsHaveLimits() throws {
        #expect(try ServiceID(normalizing: "/" + String(repeating: "a", count: 255)).components.count == 1)
        #expect(throws: SecretError.self) { try ServiceID(normalizing: "/" + String(repeating: "a", count: 256)) }
        let longest = Array(repeating: String(repeating: "a", count: 100), count: 10).joined(separator: "/")
        #expect(longest.utf8.count == 1009)
        #expect(try ServiceID(normalizing: longest).components.count == 10)
        #expect(throws: SecretError.self) { try ServiceID(normalizing: longest + "/abcdefghijklmnop") }
    }
}
