import Hummingbird
import SecretStoreCore

/// `GET /metrics` (contract §9): the store's series in the Prometheus text format. Needs a token
/// of an account holding `dcos:superuser` or `dcos:adminrouter:ops:metrics` `read`, unless the
/// server runs with `--metrics-unauthenticated`.
struct MetricsRoutes: Sendable {
    let metrics: StoreMetrics
    let seal: SealService
    /// The capacity budget whose usage the page shows; `nil` without one.
    let capacity: CapacityAccountant?
    /// Whether anyone may read the page, without a token.
    let unauthenticated: Bool

    typealias Context = SecretStoreRequestContext

    /// The exact `Content-Type` of the page: the text format's version 0.0.4.
    static let contentType = "text/plain; version=0.0.4"

    /// Adds the route to `root` (the empty prefix).
    func register(on root: AccessGroup) {
        root.get("/metrics", access: unauthenticated ? .anyone : .authenticated, use: page)
    }

    @Sendable func page(_ request: Request, _ context: Context) async throws -> Response {
        if !unauthenticated { try context.requirePermission(.read, on: .opsMetrics) }
        await recordState()
        return Response(
            status: .ok, headers: [.contentType: Self.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
    }

    /// Sets the gauges that describe the store now, just before they are rendered.
    private func recordState() async {
        metrics.recordSealed(seal.barrier.isSealed)
        let reachable = seal.isStorageReachable
        metrics.recordStorageConnected(reachable)
        // The ledger is in storage: skip it while storage is lost (the last values stay), so that
        // a scrape never waits out a storage timeout.
        guard reachable, let capacity, let status = try? await capacity.status() else { return }
        metrics.recordCapacity(status)
    }
}
