import CoreMetrics
import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import Testing

/// `GET /metrics` (contract §9): who may read it, its exact media type, and a page that is valid
/// Prometheus text whose counters follow the requests made.
@Suite("Metrics route")
struct MetricsRouteTests {
    /// Who asks, and what they get.
    enum Caller: String, CaseIterable, Sendable {
        case anonymous, plainUser, opsMetricsReader, opsMetricsFull, superuser
    }

    @Test(arguments: Caller.allCases) func onlySuperusersAndOpsMetricsReadersMayScrape(_ caller: Caller) async throws {
        let store = try await OperatingStore.make()
        let token: String? =
            switch caller {
            case .anonymous: nil
            case .plainUser: try await store.token(for: "alice", grants: [("dcos:secrets:default:/app", .full)])
            case .opsMetricsReader:
                try await store.token(for: "prometheus", grants: [("dcos:adminrouter:ops:metrics", .read)])
            case .opsMetricsFull: try await store.token(for: "ops", grants: [("dcos:adminrouter:ops:metrics", .full)])
            case .superuser: try await store.rootToken()
            }
        try await store.test { client in
            let response = try await client.get("/metrics", token: token)
            switch caller {
            case .anonymous:
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "acsjwt")
            case .plainUser:
                #expect(response.status == .forbidden)
                #expect(response.headers[.contentType] == "application/json")
            case .opsMetricsReader, .opsMetricsFull, .superuser:
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
            }
        }
    }

    @Test func theFlagOpensThePageToAnyone() async throws {
        let store = try await OperatingStore.make(metricsUnauthenticated: true)
        try await store.test { client in
            let response = try await client.get("/metrics")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/plain; version=0.0.4")
            _ = try PrometheusTextPage(String(buffer: response.body))
        }
    }

    @Test func countersFollowTheRequestsWithTheirRouteMethodAndFinalStatus() async throws {
        let store = try await OperatingStore.make(metricsUnauthenticated: true)
        try await store.test { client in
            for _ in 0..<3 { _ = try await client.get("/ping") }
            _ = try await client.get("/secrets/v1/seal-status/default")
            _ = try await client.get("/no/such/route")
            _ = try await client.executeRequest(uri: "/ping", method: .init("BREW")!, headers: [:], body: nil)
            let first = try PrometheusTextPage(String(buffer: try await client.get("/metrics").body))
            let requests = "secretstore_http_requests_total"
            #expect(first.value(requests, ["route": "/ping", "method": "GET", "status": "200"]) == 3)
            #expect(
                first.value(requests, ["route": "/secrets/v1/seal-status/{store}", "method": "GET", "status": "401"])
                    == 1)
            #expect(first.value(requests, ["route": "NotFound", "method": "GET", "status": "404"]) == 1)
            // A method the path does not have: 405, under the same bounded route label.
            #expect(first.value(requests, ["route": "NotFound", "method": "OTHER", "status": "405"]) == 1)
            let durations = "secretstore_http_request_duration_seconds"
            #expect(first.value(durations + "_count", ["route": "/ping", "method": "GET"]) == 3)
            #expect(first.types[durations] == "histogram")

            for _ in 0..<2 { _ = try await client.get("/ping") }
            let second = try PrometheusTextPage(String(buffer: try await client.get("/metrics").body))
            #expect(second.value(requests, ["route": "/ping", "method": "GET", "status": "200"]) == 5)
            // The first scrape itself is counted by the time of the second.
            #expect(second.value(requests, ["route": "/metrics", "method": "GET", "status": "200"]) == 1)
        }
    }

    @Test func redirectsAreCountedWithTheirOwnStatus() async throws {
        let store = try await OperatingStore.make()
        let listener = Listener(
            isHTTPS: false, redirect: HTTPSRedirect(scope: .everything, httpsPort: 8443, fallbackHost: "store.example"))
        let router = SecretStoreRouter.build(store.services, listener: listener)
        let status = try await Application(router: router).test(.router) { client in
            try await client.get("/secrets/v1/secret/default/zzsecretredirected").status
        }
        #expect((300..<400).contains(status.code))
        let page = try PrometheusTextPage(String(decoding: store.metrics.render(), as: UTF8.self))
        let counted = page.value(
            "secretstore_http_requests_total",
            ["route": "/secrets/v1/secret/{store}/**", "method": "GET", "status": String(status.code)])
        #expect(counted == 1)
    }

    @Test func noSecretPathEverAppearsInThePage() async throws {
        let store = try await OperatingStore.make()
        let root = try await store.rootToken()
        try await store.test { client in
            for (method, uri) in [
                (HTTPRequest.Method.put, "/secrets/v1/secret/default/zzsecretfolder/zzsecretleaf"),
                (.get, "/secrets/v1/secret/default/zzsecretfolder/zzsecretleaf"),
                (.get, "/secrets/v1/secret/default/zzsecretfolder?list=true"),
                (.get, "/secrets/v1/secret/default/zzsecretmissing"),
                (.delete, "/secrets/v1/secret/default/zzsecretfolder/zzsecretleaf"),
                (.get, "/zzsecretnowhere/zzsecretdeeper"),
            ] {
                _ = try await client.executeRequest(
                    uri: uri, method: method,
                    headers: [.authorization: "token=\(root)", .contentType: "application/json"],
                    body: method == .put ? ByteBuffer(string: #"{"value":"zzsecretvalue"}"#) : nil)
            }
            let text = String(buffer: try await client.get("/metrics", token: root).body)
            #expect(!text.contains("zzsecret"))
            let page = try PrometheusTextPage(text)
            let routes = Set(page.samples(named: "secretstore_http_requests_total").compactMap { $0.labels["route"] })
            #expect(routes.contains("/secrets/v1/secret/{store}/**"))
            #expect(routes.contains("NotFound"))
        }
    }

    /// Every series of contract §9 made and rendered at once: Prometheus stops the process on a
    /// name made with two label sets or two bucket lists, so this would not return if one clashed.
    @Test func everySeriesRendersAsValidPrometheusText() async throws {
        let store = try await OperatingStore.make()
        let root = try await store.rootToken()
        _ = try await store.services.authority.ensureRoot(commonName: "SecretStore Root CA test")
        _ = try await store.services.authority.newCertificate(
            spec: .default, names: CertificateNames(commonName: "issued"), hosts: [])
        store.metrics.auditLineFailed()
        // What the ZooKeeper client makes through the same factory (end-to-end tests run the real one).
        CoreMetrics.Timer(
            label: "secretstore_zookeeper_operation_duration_seconds", dimensions: [("operation", "get")],
            factory: store.metrics.factory
        ).recordNanoseconds(300_000)
        try await store.test { client in
            let put = try await client.executeRequest(
                uri: "/secrets/v1/secret/default/app/db", method: .put,
                headers: [.authorization: "token=\(root)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"value":"s"}"#))
            #expect(put.status == .created)
            let login = try await client.executeRequest(
                uri: "/acs/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"uid":"root","password":"wrong"}"#))
            #expect(login.status == .unauthorized)

            let text = String(buffer: try await client.get("/metrics", token: root).body)
            let page = try PrometheusTextPage(text)
            let expected: [String: String] = [
                "secretstore_http_requests_total": "counter",
                "secretstore_http_request_duration_seconds": "histogram",
                "secretstore_sealed": "gauge",
                "secretstore_zookeeper_connected": "gauge",
                "secretstore_zookeeper_operation_duration_seconds": "histogram",
                "secretstore_encryptions_total": "counter",
                "secretstore_secrets": "gauge",
                "secretstore_store_bytes": "gauge",
                "secretstore_store_bytes_budget": "gauge",
                "secretstore_login_failures_total": "counter",
                "secretstore_audit_failures_total": "counter",
                "secretstore_ca_certificates_issued_total": "counter",
            ]
            #expect(page.types == expected)
            #expect(page.value("secretstore_sealed") == 0)
            #expect(page.value("secretstore_zookeeper_connected") == 1)
            #expect(page.value("secretstore_secrets") == 1)
            #expect((page.value("secretstore_store_bytes") ?? 0) > 0)
            #expect(page.value("secretstore_store_bytes_budget") == Double(OperatingStore.budget.maximum.bytes))
            #expect(page.value("secretstore_login_failures_total") == 1)
            #expect(page.value("secretstore_audit_failures_total") == 1)
            #expect(page.value("secretstore_ca_certificates_issued_total") == 1)
            // The CA key and the secret: at least two encryptions under the first term.
            #expect((page.value("secretstore_encryptions_total", ["term": "1"]) ?? 0) >= 2)
            #expect(
                page.value(
                    "secretstore_zookeeper_operation_duration_seconds_bucket", ["operation": "get", "le": "0.00025"])
                    == 0)
            #expect(
                page.value(
                    "secretstore_zookeeper_operation_duration_seconds_bucket", ["operation": "get", "le": "0.0005"])
                    == 1)
            #expect(
                page.value(
                    "secretstore_http_request_duration_seconds_bucket",
                    ["route": "/secrets/v1/secret/{store}/**", "method": "PUT", "le": "+Inf"]) == 1)
        }
    }

    @Test func stateGaugesFollowTheStoreAtEachScrape() async throws {
        let store = try await OperatingStore.make(unsealed: false, metricsUnauthenticated: true)
        try await store.test { client in
            let sealed = try PrometheusTextPage(String(buffer: try await client.get("/metrics").body))
            #expect(sealed.value("secretstore_sealed") == 1)
            #expect(sealed.value("secretstore_zookeeper_connected") == 1)
            _ = try await store.services.seal.unseal(key: try store.share.unwrap("the share"), reset: false)
            store.storage.setReachable(false)
            let lost = try PrometheusTextPage(String(buffer: try await client.get("/metrics").body))
            #expect(lost.value("secretstore_sealed") == 0)
            #expect(lost.value("secretstore_zookeeper_connected") == 0)
        }
    }
}
