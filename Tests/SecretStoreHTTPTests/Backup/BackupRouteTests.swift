import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import Testing

/// The backup and restore routes' refusals (contract §9), over in-memory storage; the round trips
/// are end to end (`BackupRestoreEndToEndTests`).
@Suite("Backup routes")
struct BackupRouteTests {
    /// Expects an error answer with this status and code, as the contract's error body.
    static func expectError(
        _ response: TestResponse, _ status: HTTPResponse.Status, _ code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(response.errorCode == code, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
    }

    @Test func aStoreNeverInitialisedHasNoBackup() async throws {
        try await withSecretsAPI(unsealed: false) { api in
            Self.expectError(try await api.send(.get, "/secrets/v1/backup/default"), .conflict, "NOT_INITIALIZED")
            Self.expectError(try await api.send(.get, "/secrets/v1/backup/other"), .notFound, "NOT_FOUND")
        }
    }

    @Test func aRestoreTakesOnlyAWholeBackupAsOctetStream() async throws {
        try await withSecretsAPI(unsealed: false) { api in
            let garbage = Array("not a backup, but long enough to be read as one if it were".utf8)
            Self.expectError(
                try await api.send(.put, "/secrets/v1/restore/default", body: garbage, contentType: "application/json"),
                .unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE")
            Self.expectError(
                try await api.send(
                    .put, "/secrets/v1/restore/default", body: garbage, contentType: "application/octet-stream"),
                .badRequest, "BACKUP_DAMAGED")
            Self.expectError(
                try await api.send(
                    .put, "/secrets/v1/restore/default", body: [], contentType: "application/octet-stream"),
                .badRequest, "BACKUP_DAMAGED")
            Self.expectError(
                try await api.send(
                    .put, "/secrets/v1/restore/other", body: garbage, contentType: "application/octet-stream"),
                .notFound, "NOT_FOUND")
        }
    }
}
