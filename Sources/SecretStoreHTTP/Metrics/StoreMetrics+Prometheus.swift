import Prometheus
import SecretStoreCore

extension StoreMetrics {
    /// Metrics kept in a registry of their own (never the process-wide one) and rendered in the
    /// Prometheus text format: one per server, and one per test.
    public static func prometheus() -> StoreMetrics {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Buckets are per name and fixed for the registry's life: Prometheus stops the process when
        // one histogram name is made with two bucket lists.
        factory.durationHistogramBuckets = [
            StoreMetricName.httpRequestDuration: [
                .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
                .seconds(5), .seconds(10),
            ],
            StoreMetricName.zooKeeperOperationDuration: [
                .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
            ],
        ]
        return StoreMetrics(factory: factory, exposition: { registry.emitToBuffer() })
    }
}
