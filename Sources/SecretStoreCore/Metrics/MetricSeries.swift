import CoreMetrics
import Synchronization

/// The series of one metric name, one per label value set, made on first use and then reused.
///
/// Making a metric through a factory takes the factory's lock and, for Prometheus, looks the series
/// up by name and labels; a request path that counts on every call keeps its series here instead.
final class MetricSeries<Key: Hashable & Sendable, Metric: Sendable>: Sendable {
    private let made = Mutex<[Key: Metric]>([:])
    private let make: @Sendable (Key) -> Metric

    /// Series that `make` creates for a key not seen before.
    init(_ make: @escaping @Sendable (Key) -> Metric) {
        self.make = make
    }

    /// The series for `key`.
    func callAsFunction(_ key: Key) -> Metric {
        made.withLock { made in
            if let metric = made[key] { return metric }
            let metric = make(key)
            made[key] = metric
            return metric
        }
    }
}
