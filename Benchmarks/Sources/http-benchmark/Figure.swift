/// Throughput and latency of one measured operation, from wrk or from the raw ZooKeeper client.
struct Figure {
    /// Completed operations per second over the whole run.
    var perSecond: Double
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    /// Operations completed in the run.
    var completed: Int
    /// Responses other than 2xx/3xx and socket errors (wrk), or failed calls (raw ZooKeeper).
    var failures: Int
}
