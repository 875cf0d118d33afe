import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreWire
import Testing

/// `GET /secrets/v1/health` (contract §9): no token needed; 200 only when initialised, unsealed and
/// connected, else 503 with the same body.
@Suite("Health route")
struct HealthRouteTests {
    static func answer(_ response: TestResponse) throws -> HealthAnswer {
        try JSONDecoder().decode(HealthAnswer.self, from: Data(buffer: response.body))
    }

    @Test func aReadyStoreIsHealthyForAnyone() async throws {
        let store = try await OperatingStore.make()
        try await store.test { client in
            let response = try await client.get("/secrets/v1/health")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            #expect(
                try Self.answer(response)
                    == HealthAnswer(
                        initialized: true, sealed: false, storage: .connected, version: ServerVersion.version))
            let keys = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
            #expect(Set(keys?.keys ?? [:].keys) == ["initialized", "sealed", "storage", "version"])
        }
    }

    @Test func aSealedStoreIsUnavailable() async throws {
        let store = try await OperatingStore.make(unsealed: false)
        try await store.test { client in
            let response = try await client.get("/secrets/v1/health")
            #expect(response.status == .serviceUnavailable)
            #expect(response.headers[.contentType] == "application/json")
            #expect(
                try Self.answer(response)
                    == HealthAnswer(
                        initialized: true, sealed: true, storage: .connected, version: ServerVersion.version))
        }
    }

    @Test func anUninitialisedStoreIsUnavailable() async throws {
        let store = try await OperatingStore.make(initialized: false)
        try await store.test { client in
            let response = try await client.get("/secrets/v1/health")
            #expect(response.status == .serviceUnavailable)
            #expect(
                try Self.answer(response)
                    == HealthAnswer(
                        initialized: false, sealed: true, storage: .connected, version: ServerVersion.version))
        }
    }

    @Test func lostStorageIsUnavailableAtOnceAndRecovers() async throws {
        let store = try await OperatingStore.make()
        try await store.test { client in
            store.storage.setReachable(false)
            let lost = try await client.get("/secrets/v1/health")
            #expect(lost.status == .serviceUnavailable)
            #expect(
                try Self.answer(lost)
                    == HealthAnswer(
                        initialized: true, sealed: false, storage: .unavailable, version: ServerVersion.version))
            store.storage.setReachable(true)
            #expect(try await client.get("/secrets/v1/health").status == .ok)
        }
    }

    @Test func aTokenIsNotNeededNorChecked() async throws {
        let store = try await OperatingStore.make()
        try await store.test { client in
            let response = try await client.get("/secrets/v1/health", token: "not-a-token")
            #expect(response.status == .ok)
        }
    }
}
