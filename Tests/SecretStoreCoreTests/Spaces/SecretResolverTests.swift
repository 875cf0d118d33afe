import SecretStoreCore
import SecretStoreCrypto
import Testing

/// Launch-time delivery in the domain: all or nothing, each refusal naming every offending path.
@Suite("Secret resolver")
struct SecretResolverTests {
    /// A resolver over an unsealed vault on in-memory storage, holding a text secret, a binary
    /// secret and a base64-marked text secret in the space `/spark`, and one in `/other`.
    static func resolver() async throws -> SecretResolver {
        let (vault, _) = try await SecretVaultTests.twoInstances(storage: InMemoryStorage())
        try await vault.create(try SecretPath.secret("spark/password"), SecretVaultTests.text("pw1"), author: "root")
        try await vault.create(
            try SecretPath.secret("spark/keystore"), SecretContent(kind: .binary, value: [0xFF, 0, 1]), author: "root")
        try await vault.create(
            try SecretPath.secret("spark/__dcos_base64__conf"), SecretVaultTests.text("aGVsbG8="), author: "root")
        try await vault.create(try SecretPath.secret("other/password"), SecretVaultTests.text("pw2"), author: "root")
        try await vault.create(try SecretPath.secret("shared"), SecretVaultTests.text("everyone"), author: "root")
        return SecretResolver(vault: vault)
    }

    static let spark = SpaceRule(service: try! ServiceID(normalizing: "/spark"))

    static func paths(_ raw: String...) throws -> [SecretPath] { try raw.map { try SecretPath.secret($0) } }

    @Test func everySecretIsDeliveredOnceInTheOrderAsked() async throws {
        let resolver = try await Self.resolver()
        let resolved = try await resolver.resolve(
            try Self.paths(
                "spark/keystore", "/spark//password", "shared", "spark/keystore", "spark/__dcos_base64__conf"),
            for: Self.spark, mayRead: { _ in true })
        #expect(
            resolved.map(\.path.path) == ["spark/keystore", "spark/password", "shared", "spark/__dcos_base64__conf"])
        #expect(
            resolved.map(\.record.value) == [
                [0xFF, 0, 1], Array("pw1".utf8), Array("everyone".utf8), Array("aGVsbG8=".utf8),
            ])
        #expect(resolved.map(\.record.kind) == [.binary, .text, .text, .text])
    }

    @Test func aSecretOutsideTheSpaceRefusesTheWholeCallEvenForASuperuser() async throws {
        let resolver = try await Self.resolver()
        // `mayRead` always true: the caller may read anything, as a superuser may.
        await #expect {
            try await resolver.resolve(
                try Self.paths("spark/password", "other/password", "other/missing"), for: Self.spark,
                mayRead: { _ in true })
        } throws: { error in
            guard let error = error as? SecretError else { return false }
            return error.code == .spaceDenied && error.paths == ["other/password", "other/missing"]
                && error.message.contains("/spark") && !error.message.contains("pw")
        }
    }

    @Test func withoutReadOnEveryPathNothingIsDelivered() async throws {
        let resolver = try await Self.resolver()
        await #expect {
            try await resolver.resolve(
                try Self.paths("spark/password", "spark/keystore", "shared"), for: Self.spark,
                mayRead: { $0.path == "spark/password" })
        } throws: { error in
            (error as? SecretError)?.code == .forbidden
                && (error as? SecretError)?.paths == ["spark/keystore", "shared"]
        }
    }

    @Test func aMissingSecretRefusesTheWholeCallNamingEveryMissingPath() async throws {
        let resolver = try await Self.resolver()
        await #expect {
            try await resolver.resolve(
                try Self.paths("spark/password", "spark/nope", "spark", "spark/gone"), for: Self.spark,
                mayRead: { _ in true })
        } throws: { error in
            // `spark` is only a folder: not a secret.
            (error as? SecretError)?.code == .notFound
                && (error as? SecretError)?.paths == ["spark/nope", "spark", "spark/gone"]
        }
    }

    @Test func theSpaceIsCheckedBeforePermissionsAndPermissionsBeforeExistence() async throws {
        let resolver = try await Self.resolver()
        let mixed = try Self.paths("other/password", "spark/nope", "spark/password")
        await #expect {
            try await resolver.resolve(mixed, for: Self.spark, mayRead: { $0.path != "spark/nope" })
        } throws: { ($0 as? SecretError)?.code == .spaceDenied }
        await #expect {
            try await resolver.resolve(
                Array(mixed.dropFirst()), for: Self.spark, mayRead: { $0.path != "spark/password" })
        } throws: { ($0 as? SecretError)?.code == .forbidden }
    }

    @Test func validationSortsPathsWithoutValues() async throws {
        let resolver = try await Self.resolver()
        let validation = try await resolver.validate(
            try Self.paths(
                "spark/password", "other/password", "spark/nope", "spark/keystore", "shared", "spark/password"),
            for: Self.spark, mayRead: { $0.path != "spark/keystore" })
        #expect(validation.allowed == ["spark/password", "shared"])
        #expect(validation.denied == ["other/password", "spark/keystore"])
        #expect(validation.missing == ["spark/nope"])
        #expect(!validation.isComplete)
    }

    @Test func aSealedStoreAnswersNothing() async throws {
        let resolver = try await Self.resolver()
        resolver.vault.barrier.seal()
        for validate in [false, true] {
            await #expect {
                if validate {
                    _ = try await resolver.validate(
                        try Self.paths("spark/password"), for: Self.spark, mayRead: { _ in true })
                } else {
                    _ = try await resolver.resolve(
                        try Self.paths("spark/password"), for: Self.spark, mayRead: { _ in true })
                }
            } throws: { ($0 as? SealError)?.code == .sealed }
        }
    }

    @Test func callsNameBetweenOneAndAHundredSecrets() async throws {
        let resolver = try await Self.resolver()
        await #expect { try await resolver.resolve([], for: Self.spark, mayRead: { _ in true }) } throws: {
            ($0 as? SecretError)?.code == .badRequest
        }
        let many = try (0...SecretResolver.maximumPaths).map { try SecretPath.secret("spark/s\($0)") }
        await #expect { try await resolver.resolve(many, for: Self.spark, mayRead: { _ in true }) } throws: {
            ($0 as? SecretError)?.code == .badRequest
        }
        // A hundred is fine: here all missing.
        await #expect {
            try await resolver.resolve(Array(many.dropLast()), for: Self.spark, mayRead: { _ in true })
        } throws: {
            ($0 as? SecretError)?.code == .notFound && ($0 as? SecretError)?.paths.count == 100
        }
    }
}
