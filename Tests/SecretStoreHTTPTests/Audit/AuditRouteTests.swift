import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreTesting
import Synchronization
import Testing

@testable import SecretStoreHTTP

/// The audit trail through the real router: one line per request of every route family, refusals
/// included, with paths hidden and nothing secret in it.
@Suite("Audit trail on the router")
struct AuditRouteTests {
    static let value = "pa55-VALUE-never-logged"

    /// Each request, and what its line must say.
    struct Call: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var uri: String
        var body: String?
        var token: Token
        var status: Int
        var uid: String?
        var reason: String

        enum Token: Sendable { case root, alice, none }
        var description: String { "\(method) \(uri)" }
    }

    static let calls: [Call] = [
        Call(method: .get, uri: "/ping", token: .none, status: 200, uid: nil, reason: "ok"),
        // This store was unsealed without a seal configuration: not initialised, so not healthy.
        Call(method: .get, uri: "/secrets/v1/health", token: .none, status: 503, uid: nil, reason: "HTTP_503"),
        Call(method: .get, uri: "/metrics", token: .root, status: 200, uid: "root", reason: "ok"),
        Call(
            method: .get, uri: "/secrets/v1/seal-status/default", token: .root, status: 200, uid: "root", reason: "ok"),
        Call(
            method: .put, uri: "/secrets/v1/secret/default/app/db", body: #"{"value":"\#(value)"}"#, token: .root,
            status: 201, uid: "root", reason: "ok"),
        Call(
            method: .get, uri: "/secrets/v1/secret/default/app/db", token: .root, status: 200, uid: "root", reason: "ok"
        ),
        Call(
            method: .get, uri: "/secrets/v1/secret/default/app?list=true&token=zzz", token: .root, status: 200,
            uid: "root", reason: "ok"),
        Call(
            method: .get, uri: "/secrets/v1/secret/default/app/db", token: .none, status: 401, uid: nil,
            reason: "UNAUTHENTICATED"),
        Call(
            method: .get, uri: "/secrets/v1/secret/default/app/db", token: .alice, status: 403, uid: "alice",
            reason: "FORBIDDEN"),
        Call(
            method: .get, uri: "/secrets/v1/secret/default/app/none", token: .root, status: 404, uid: "root",
            reason: "NOT_FOUND"),
        Call(method: .get, uri: "/acs/api/v1/users", token: .root, status: 200, uid: "root", reason: "ok"),
        Call(
            method: .put, uri: "/acs/api/v1/acls/dcos:secrets:default:%252Fapp%252Fdb",
            body: #"{"description":"x"}"#, token: .root, status: 201, uid: "root", reason: "ok"),
        Call(
            method: .post, uri: "/acs/api/v1/auth/login",
            body: #"{"uid":"root","password":"\#(IdentityFixture.superuserPassword)"}"#, token: .none, status: 200,
            uid: "root", reason: "ok"),
        Call(
            method: .post, uri: "/acs/api/v1/auth/login", body: #"{"uid":"root","password":"wrong-PASSWORD-x"}"#,
            token: .none, status: 401, uid: nil, reason: "UNAUTHENTICATED"),
        Call(
            method: .post, uri: "/ca/api/v2/certificates", body: "{}", token: .alice, status: 403, uid: "alice",
            reason: "FORBIDDEN"),
        Call(
            method: .post, uri: "/secrets/v1/resolve/default", body: #"{"space":"/app","secrets":["app/db"]}"#,
            token: .root, status: 200, uid: "root", reason: "ok"),
        Call(
            method: .get, uri: "/secrets/v1/nothing/here/app/db", token: .root, status: 404, uid: nil,
            reason: "NOT_FOUND"),
        Call(
            method: .put, uri: "/secrets/v1/seal/default", token: .alice, status: 403, uid: "alice", reason: "FORBIDDEN"
        ),
    ]

    static func run(_ calls: [Call], trail: AuditTrail) async throws -> [String] {
        let tokens = Mutex<[String]>([])
        try await withSecretsAPI(trail: trail) { api in
            let alice = try await api.user("alice")
            for call in calls {
                let token: String
                switch call.token {
                case .root: token = api.rootToken
                case .alice: token = alice
                case .none: token = ""
                }
                let response = try await api.send(
                    call.method, call.uri, body: call.body.map { Array($0.utf8) },
                    contentType: call.body == nil ? nil : "application/json", token: token)
                #expect(Int(response.status.code) == call.status, "\(call)")
                if let issued = response.json["token"] as? String { tokens.withLock { $0.append(issued) } }
            }
            tokens.withLock { $0 += [api.rootToken, alice] }
        }
        return tokens.withLock { $0 }
    }

    @Test func everyRequestLeavesOneLineWithWhatWasDecided() async throws {
        let audit = try AuditTrailFixture(clearPaths: true)
        _ = try await Self.run(Self.calls, trail: audit.trail)
        let all = try audit.lines()
        let lines = all.filter { $0["type"] as? String == "audit" }
        try #require(lines.count == Self.calls.count)
        // Each request that may change the store has its intent written first, joined by request id.
        let intents = all.filter { $0["type"] as? String == "audit_intent" }
        let changing = zip(lines, Self.calls).filter { ![.get, .head].contains($0.1.method) }.map(\.0)
        #expect(intents.map { $0["request_id"] as? String } == changing.map { $0["request_id"] as? String })
        for intent in intents {
            let position = all.firstIndex { $0["request_id"] as? String == intent["request_id"] as? String }
            #expect(all[try #require(position)]["type"] as? String == "audit_intent")
        }
        for (line, call) in zip(lines, Self.calls) {
            #expect(line["type"] as? String == "audit")
            #expect(line["method"] as? String == call.method.rawValue, "\(call)")
            #expect(line["status"] as? Int == call.status, "\(call)")
            #expect(line["uid"] as? String == call.uid, "\(call)")
            #expect(line["reason"] as? String == call.reason, "\(call)")
            #expect(line["result"] as? String == ([401, 403].contains(call.status) ? "deny" : "allow"), "\(call)")
            #expect((line["request_id"] as? String)?.isEmpty == false)
            #expect(line["duration_ms"] is Double || line["duration_ms"] is Int)
            #expect((line["time"] as? String)?.hasSuffix("Z") == true)
        }
        // What was checked: a secret's rid with its action, the superuser for superuser routes,
        // nothing for open routes.
        #expect(lines[0]["object"] is NSNull && lines[0]["action"] is NSNull)
        #expect(lines[4]["object"] as? String == "dcos:secrets:default:/app/db")
        #expect(lines[4]["action"] as? String == "create")
        #expect(lines[6]["object"] as? String == "dcos:secrets:list:default:/app")
        #expect(lines[8]["object"] as? String == "dcos:secrets:default:/app/db")
        #expect(lines[8]["action"] as? String == "read")
        #expect(lines[10]["object"] as? String == "dcos:superuser")
        #expect(lines[10]["action"] as? String == "full")
        // Only the API's own query parameters are kept.
        #expect(lines[6]["request_uri"] as? String == "/secrets/v1/secret/default/app?list=true")
        #expect(lines[15]["decision"] as? String == "delivered")
    }

    @Test func noValueTokenOrPasswordIsEverWritten() async throws {
        let audit = try AuditTrailFixture()
        let tokens = try await Self.run(Self.calls, trail: audit.trail)
        let text = try audit.text()
        #expect(tokens.count >= 3)
        for secret in [Self.value, IdentityFixture.superuserPassword, "wrong-PASSWORD-x", "zzz"] + tokens {
            #expect(!text.contains(secret))
        }
    }

    @Test func pathsAreHashedAndTheHashRouteFindsThem() async throws {
        let audit = try AuditTrailFixture()
        try await withSecretsAPI(trail: audit.trail) { api in
            #expect(try await api.write("app/db", text: Self.value).status == .created)
            _ = try await api.send(
                .put, "/acs/api/v1/acls/dcos:secrets:default:%252Fapp%252Fdb",
                body: Array(#"{"description":"x"}"#.utf8), contentType: "application/json")
            _ = try await api.send(.get, "/secrets/v1/nothing/app/db")
            let asked = try await api.send(
                .post, "/secrets/v1/audit-hash", body: Array(#"{"input":"/app//db"}"#.utf8),
                contentType: "application/json")
            #expect(asked.status == .ok)
            let hash = try #require(asked.json["hash"] as? String)
            #expect(hash.hasPrefix("hmac-sha256:") && hash.count == "hmac-sha256:".count + 64)
            let alice = try await api.user("alice")
            let refused = try await api.send(
                .post, "/secrets/v1/audit-hash", body: Array(#"{"input":"app/db"}"#.utf8),
                contentType: "application/json", token: alice)
            #expect(refused.status == .forbidden)
            let invalid = try await api.send(
                .post, "/secrets/v1/audit-hash", body: Array(#"{"input":"a b"}"#.utf8),
                contentType: "application/json")
            #expect(invalid.status == .badRequest)

            let wrong = try await api.send(
                .post, "/secrets/v1/audit-hash", body: Array(#"{"input":"nothing/app/db"}"#.utf8),
                contentType: "application/json")
            let wrongHash = try #require(wrong.json["hash"] as? String)

            let all = try audit.lines()
            #expect(all[0]["type"] as? String == "audit_intent")
            #expect(all[0]["request_uri"] as? String == "/secrets/v1/secret/default/\(hash)")
            let lines = all.filter { $0["type"] as? String == "audit" }
            #expect(lines[0]["request_uri"] as? String == "/secrets/v1/secret/default/\(hash)")
            #expect(lines[0]["object"] as? String == "dcos:secrets:default:/\(hash)")
            #expect(lines[1]["request_uri"] as? String == "/acs/api/v1/acls/dcos:secrets:default:%252F\(hash)")
            // For no route, everything after the second segment: it may be a mistyped secret path.
            #expect(lines[2]["request_uri"] as? String == "/secrets/v1/\(wrongHash)")
            #expect(!(try audit.text()).contains("app/db"))
        }
    }

    @Test func anUnwritableTrailFailsClosedAndRefusesBeforeActing() async throws {
        let trail = try AuditTrail(
            destination: .file("/dev/full"), timeout: .seconds(2), hasher: AuditPathHasher(clearPaths: true),
            storage: InMemoryStorage(), metrics: .prometheus(), logger: .init(label: "test.audit"))
        try await withSecretsAPI(trail: trail) { api in
            // The first line cannot be written: the answer is replaced.
            let first = try await api.write("app/first", text: Self.value)
            #expect(first.status == .serviceUnavailable)
            #expect(first.json["code"] as? String == "AUDIT_UNAVAILABLE")
            // Now refused at the gate, before acting: nothing is stored.
            let second = try await api.write("app/second", text: Self.value)
            #expect(second.status == .serviceUnavailable)
            #expect(second.json["code"] as? String == "AUDIT_UNAVAILABLE")
            let read = try await api.send(.get, SecretsAPIClient.uri("app/second"))
            #expect(read.status == .serviceUnavailable)
            // Liveness and health still answer.
            #expect(try await api.send(.get, "/ping", token: "").status == .ok)
            #expect(try await api.send(.get, "/secrets/v1/health", token: "").json["sealed"] as? Bool == false)
            #expect(try await api.send(.get, "/metrics").status == .ok)
            let page = try await api.send(.get, "/metrics")
            #expect(page.text.contains("secretstore_audit_failures_total"))
        }
    }

    @Test func aStuckTrailAnswers503WithinItsTimeoutAndRecovers() async throws {
        let fifo = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString)").path
        #expect(mkfifo(fifo, 0o600) == 0)
        defer { unlink(fifo) }
        // A reader that never reads, and a pipe already full.
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        let filler = open(fifo, O_WRONLY | O_NONBLOCK)
        let chunk = [UInt8](repeating: 0x20, count: 4096)
        while write(filler, chunk, chunk.count) > 0 {}
        close(filler)

        let trail = try AuditTrail(
            destination: .file(fifo), timeout: .milliseconds(300), hasher: AuditPathHasher(clearPaths: true),
            storage: InMemoryStorage(), metrics: .prometheus(), logger: .init(label: "test.audit"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await trail.run() }
            try await withSecretsAPI(trail: trail) { api in
                var started = ContinuousClock.now
                let stuck = try await api.send(.get, "/secrets/v1/seal-status/default")
                #expect(stuck.status == .serviceUnavailable)
                #expect(stuck.json["code"] as? String == "AUDIT_UNAVAILABLE")
                #expect(ContinuousClock.now - started < .seconds(2))
                // Still stuck: refused at once.
                started = ContinuousClock.now
                #expect(try await api.send(.get, "/secrets/v1/seal-status/default").status == .serviceUnavailable)
                #expect(ContinuousClock.now - started < .milliseconds(250))
                #expect(try await api.send(.get, "/ping", token: "").status == .ok)
                // The reader catches up: requests succeed again, without a restart.
                // Until cancelled, and awaited below: the descriptor is closed when the test ends, and
                // its number may then be another test's file.
                let drained = Task.detached {
                    var buffer = [UInt8](repeating: 0, count: 65536)
                    let deadline = ContinuousClock.now + .seconds(5)
                    while !Task.isCancelled, ContinuousClock.now < deadline {
                        if read(reader, &buffer, buffer.count) <= 0 { try? await Task.sleep(for: .milliseconds(10)) }
                    }
                }
                var recovered = false
                for _ in 0..<50 where !recovered {
                    try await Task.sleep(for: .milliseconds(50))
                    recovered = try await api.send(.get, "/secrets/v1/seal-status/default").status == .ok
                }
                #expect(recovered)
                drained.cancel()
                await drained.value
            }
            group.cancelAll()
        }
    }
}
