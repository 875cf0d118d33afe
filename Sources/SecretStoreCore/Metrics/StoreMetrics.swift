import CoreMetrics

/// The store's metrics (contract §9): what happened (requests, encryptions, failed logins, audit
/// lines that could not be written, certificates issued) and what the store is (sealed, storage
/// connected, secrets and bytes against the budget).
///
/// Every series is made through one `MetricsFactory` given here, never the process-wide
/// `MetricsSystem`, so each server (and each test) counts on its own. Each name is made one way
/// only, with one label set: Prometheus stops the process on a name seen with two label sets.
public final class StoreMetrics: Sendable {
    /// Where every series is made; also handed to the parts outside Core that count (ZooKeeper).
    public let factory: any MetricsFactory
    private let exposition: @Sendable () -> [UInt8]

    private let requests: MetricSeries<RequestSeries, Counter>
    private let requestDurations: MetricSeries<RouteSeries, CoreMetrics.Timer>
    private let encryptions: MetricSeries<UInt32, Counter>
    private let loginFailures: Counter
    private let auditFailures: Counter
    private let certificatesIssued: Counter
    private let sealed: Gauge
    private let storageConnected: Gauge
    private let secrets: Gauge
    private let storeBytes: Gauge
    private let storeBytesBudget: Gauge

    /// Metrics made through `factory`; `exposition` renders every series it made (the page of
    /// `GET /metrics`). The defaults count nothing and render an empty page.
    public init(
        factory: any MetricsFactory = NOOPMetricsHandler.instance,
        exposition: @escaping @Sendable () -> [UInt8] = { [] }
    ) {
        self.factory = factory
        self.exposition = exposition
        requests = MetricSeries { key in
            Counter(
                label: StoreMetricName.httpRequests,
                dimensions: [("route", key.route.route), ("method", key.route.method), ("status", String(key.status))],
                factory: factory)
        }
        requestDurations = MetricSeries { key in
            CoreMetrics.Timer(
                label: StoreMetricName.httpRequestDuration, dimensions: [("route", key.route), ("method", key.method)],
                factory: factory)
        }
        encryptions = MetricSeries { term in
            Counter(label: StoreMetricName.encryptions, dimensions: [("term", String(term))], factory: factory)
        }
        loginFailures = Counter(label: StoreMetricName.loginFailures, factory: factory)
        auditFailures = Counter(label: StoreMetricName.auditFailures, factory: factory)
        certificatesIssued = Counter(label: StoreMetricName.certificatesIssued, factory: factory)
        sealed = Gauge(label: StoreMetricName.sealed, factory: factory)
        storageConnected = Gauge(label: StoreMetricName.zooKeeperConnected, factory: factory)
        secrets = Gauge(label: StoreMetricName.secrets, factory: factory)
        storeBytes = Gauge(label: StoreMetricName.storeBytes, factory: factory)
        storeBytesBudget = Gauge(label: StoreMetricName.storeBytesBudget, factory: factory)
    }

    /// Counts one answered request under its route template (never the path asked for), method and
    /// final status, and records how long it took.
    public func requestAnswered(route: String, method: String, status: Int, duration: Duration) {
        let series = RouteSeries(route: route, method: method)
        requests(RequestSeries(route: series, status: status)).increment()
        requestDurations(series).recordNanoseconds(duration.nanoseconds)
    }

    /// Counts one value sealed under the data key of `term`.
    public func encrypted(term: UInt32) {
        encryptions(term).increment()
    }

    /// Counts one refused login (wrong password or key, unknown user, throttled).
    public func loginFailed() {
        loginFailures.increment()
    }

    /// Counts one audit line that could not be written (the request it describes was refused).
    public func auditLineFailed() {
        auditFailures.increment()
    }

    /// Counts one certificate the store's CA signed.
    public func certificateIssued() {
        certificatesIssued.increment()
    }

    /// Records whether the barrier is sealed.
    public func recordSealed(_ isSealed: Bool) {
        sealed.record(isSealed ? 1 : 0)
    }

    /// Records whether storage (ZooKeeper) is connected.
    public func recordStorageConnected(_ isConnected: Bool) {
        storageConnected.record(isConnected ? 1 : 0)
    }

    /// Records the stored secrets and bytes and the byte budget.
    public func recordCapacity(_ status: CapacityStatus) {
        secrets.record(status.used.secrets)
        storeBytes.record(status.used.bytes)
        storeBytesBudget.record(status.maximum.bytes)
    }

    /// Every series made so far, rendered by the exposition given at creation.
    public func render() -> [UInt8] {
        exposition()
    }
}

extension StoreMetrics {
    /// The labels of a request duration series.
    struct RouteSeries: Hashable, Sendable {
        var route: String
        var method: String
    }

    /// The labels of a request count series.
    struct RequestSeries: Hashable, Sendable {
        var route: RouteSeries
        var status: Int
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating (a request never lasts 292 years).
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return whole.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
