import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import Testing

/// What the `dcos` CLI reads to attach (contract §7).
@Suite("Cluster routes for the dcos CLI")
struct ClusterRouteTests {
    @Test func theVersionIsDCOS220Enterprise() async throws {
        try await withSecretsAPI { api in
            let response = try await api.send(.get, "/dcos-metadata/dcos-version.json", token: "")
            #expect(response.status == .ok)
            #expect(response.json["version"] as? String == "2.2.0")
            #expect(response.json["dcos-variant"] as? String == "enterprise")
            #expect((response.json["dcos-image-commit"] as? String)?.isEmpty == false)
        }
    }

    @Test func metadataNeedsATokenAndNamesOneLowercaseUUID4() async throws {
        try await withSecretsAPI { api in
            #expect(try await api.send(.get, "/metadata", token: "").status == .unauthorized)
            let nobody = try await api.user("erin")
            let first = try await api.send(.get, "/metadata", token: nobody)
            #expect(first.status == .ok)
            let id = try #require(first.json["CLUSTER_ID"] as? String)
            #expect(id == id.lowercased())
            let uuid = try #require(UUID(uuidString: id))
            #expect(uuid.uuid.6 >> 4 == 4, "a version 4 UUID")
            let again = try await api.send(.get, "/metadata")
            #expect(again.json["CLUSTER_ID"] as? String == id)
        }
    }

    @Test func theProvidersArePasswordsAndServiceKeys() async throws {
        try await withSecretsAPI { api in
            let response = try await api.send(.get, "/acs/api/v1/auth/providers", token: "")
            #expect(response.status == .ok)
            let users = try #require(response.json["dcos-users"] as? [String: Any])
            #expect(users["authentication-type"] as? String == "dcos-uid-password")
            #expect(users["client-method"] as? String == "dcos-usercredential-post-receive-authtoken")
            let services = try #require(response.json["dcos-services"] as? [String: Any])
            #expect(services["authentication-type"] as? String == "dcos-uid-servicekey")
            #expect(services["client-method"] as? String == "dcos-servicecredential-post-receive-authtoken")
            #expect((services["config"] as? [String: Any])?.isEmpty == true)
        }
    }

    @Test func theRootPageAnswersGETAndHEADWithoutABody() async throws {
        try await withSecretsAPI { api in
            let head = try await api.send(.head, "/", token: "")
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(try await api.send(.get, "/mesos/state-summary", token: "").status == .notFound)
        }
    }
}
