import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import Testing

/// The `dcos:secrets` permissions of contract §4, through the router: every call checked against
/// exactly the resource and action the contract names, before the store is touched.
@Suite("Secret permissions")
struct SecretPermissionTests {
    @Test(arguments: SecretOperation.allCases)
    func withoutAGrantACallIs403(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            let token = try await api.user("alice")
            try await operation.expectRefused(try await operation.perform(api, token: token), api)
        }
    }

    @Test(arguments: SecretOperation.allCases)
    func exactlyTheNeededGrantSucceeds(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            let token = try await api.user("alice", grants: [(operation.resource, operation.action)])
            try await operation.expectSucceeded(try await operation.perform(api, token: token), api)
        }
    }

    @Test(arguments: SecretOperation.allCases)
    func anyOtherActionIs403(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            let others = PermissionAction.allCases.filter { $0 != .full && $0 != operation.action }
            #expect(others.count == 3)
            let token = try await api.user("alice", grants: others.map { (operation.resource, $0) })
            try await operation.expectRefused(try await operation.perform(api, token: token), api)
        }
    }

    @Test(arguments: SecretOperation.allCases)
    func fullImpliesTheNeededAction(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            let token = try await api.user("alice", grants: [(operation.resource, .full)])
            try await operation.expectSucceeded(try await operation.perform(api, token: token), api)
        }
    }

    @Test(arguments: SecretOperation.allCases)
    func aGroupsGrantReachesItsMembers(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            let token = try await api.user("alice")
            try await api.identity.directory.createGroup("ops", description: "")
            try await api.identity.directory.addMember("alice", to: "ops")
            try await api.grant(operation.action, on: operation.resource, to: .group("ops"))
            try await operation.expectSucceeded(try await operation.perform(api, token: token), api)
        }
    }

    @Test(arguments: SecretOperation.allCases)
    func anyActionOnSuperuserGrantsEverything(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            let token = try await api.user("alice", grants: [("dcos:superuser", .read)])
            try await operation.expectSucceeded(try await operation.perform(api, token: token), api)
        }
    }

    @Test(arguments: [SecretOperation.create, .read, .update, .delete])
    func theStoreWildcardGrantsEverySecret(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            let token = try await api.user("alice", grants: [("dcos:secrets:default:/*", operation.action)])
            try await operation.expectSucceeded(try await operation.perform(api, token: token), api)
            // At any depth, and at the top level.
            if operation == .create {
                #expect(try await api.write("a/b/c/d", text: "x", token: token).status == .created)
                #expect(try await api.write("top", text: "x", token: token).status == .created)
            }
        }
    }

    @Test func aFolderWildcardGrantsBelowItsPrefixOnly() async throws {
        try await withSecretsAPI { api in
            let token = try await api.user("alice", grants: [("dcos:secrets:default:/app/*", .full)])
            #expect(try await api.write("app/x", text: "1", token: token).status == .created)
            #expect(try await api.write("app/x/y", text: "2", token: token).status == .created)
            #expect(try await api.send(.get, SecretsAPIClient.uri("app/x/y"), token: token).status == .ok)
            #expect(try await api.write(.patch, "app/x/y", text: "3", token: token).status == .noContent)
            #expect(try await api.send(.delete, SecretsAPIClient.uri("app/x"), token: token).status == .noContent)
            // Not a string prefix, not the folder's own path, not another folder, not listing.
            for path in ["apple/x", "app", "other/app/x"] {
                let response = try await api.write(path, text: "no", token: token)
                #expect(response.status == .forbidden, "\(path)")
                #expect(response.errorCode == "FORBIDDEN", "\(path)")
            }
            try await api.write("apple/x", text: "root's")
            #expect(try await api.send(.get, SecretsAPIClient.uri("apple/x"), token: token).status == .forbidden)
            #expect(try await api.send(.get, SecretsAPIClient.listURI("app"), token: token).status == .forbidden)
        }
    }

    @Test func aListGrantOnAFolderCoversItsSubFolders() async throws {
        try await withSecretsAPI { api in
            for path in ["folder/a", "folder/sub/b", "folder/sub/deeper/c", "folderx/d", "other/e"] {
                try await api.write(path, text: path)
            }
            let token = try await api.user("alice", grants: [("dcos:secrets:list:default:/folder", .read)])
            #expect(try await api.list("folder", token: token) == ["a", "sub/b", "sub/deeper/c"])
            #expect(try await api.list("folder/sub", token: token) == ["b", "deeper/c"])
            #expect(try await api.list("folder/sub/deeper", token: token) == ["c"])
            #expect(try await api.list("/folder//sub/", token: token) == ["b", "deeper/c"])
            for path in ["", "folderx", "fold", "other"] {
                let response = try await api.send(.get, SecretsAPIClient.listURI(path), token: token)
                #expect(response.status == .forbidden, "\(path)")
                #expect(response.errorCode == "FORBIDDEN", "\(path)")
            }
            // A list grant is no read grant.
            #expect(try await api.send(.get, SecretsAPIClient.uri("folder/a"), token: token).status == .forbidden)
        }
    }

    @Test func aListGrantOnTheStoreRootCoversEveryFolder() async throws {
        try await withSecretsAPI { api in
            try await api.write("a/b", text: "1")
            try await api.write("c", text: "2")
            let token = try await api.user("alice", grants: [("dcos:secrets:list:default:/", .read)])
            #expect(try await api.list("", token: token) == ["a/b", "c"])
            #expect(try await api.list("a", token: token) == ["b"])
            // A read grant on a secret path is no list grant.
            let reader = try await api.user("bob", grants: [("dcos:secrets:default:/a", .read)])
            #expect(try await api.send(.get, SecretsAPIClient.listURI("a"), token: reader).status == .forbidden)
        }
    }

    @Test(arguments: SecretOperation.allCases)
    func withoutATokenACallIs401(operation: SecretOperation) async throws {
        try await withSecretsAPI { api in
            try await SecretOperation.prepare(api)
            for token in ["", "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJ1aWQiOiJyb290In0."] {
                let response = try await operation.perform(api, token: token)
                #expect(response.headers[.wwwAuthenticate] == "acsjwt")
                try await operation.expectRefused(response, api, status: .unauthorized, code: "UNAUTHENTICATED")
            }
        }
    }

    @Test(arguments: SecretOperation.allCases)
    func whileSealedEveryCallIs503(operation: SecretOperation) async throws {
        try await withSecretsAPI(unsealed: false) { api in
            let response = try await operation.perform(api, token: api.rootToken)
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "SEALED")
            #expect(response.headers[.contentType] == "application/json")
            let wholeStore = try await api.send(.get, "/secrets/v1/secret/default?list=true")
            #expect(wholeStore.status == .serviceUnavailable)
            #expect(wholeStore.errorCode == "SEALED")
        }
    }
}
