/// The names of the store's series, as contract §9 gives them. No digits: swift-prometheus 2.4.1
/// rewrites most digits in a metric name.
package enum StoreMetricName {
    /// `secretstore_http_requests_total{route,method,status}`.
    package static let httpRequests = "secretstore_http_requests_total"
    /// `secretstore_http_request_duration_seconds{route,method}`, a histogram.
    package static let httpRequestDuration = "secretstore_http_request_duration_seconds"
    /// `secretstore_sealed`: 1 while sealed.
    package static let sealed = "secretstore_sealed"
    /// `secretstore_zookeeper_connected`: 1 while storage is reachable.
    package static let zooKeeperConnected = "secretstore_zookeeper_connected"
    /// `secretstore_zookeeper_operation_duration_seconds{operation}`, a histogram.
    package static let zooKeeperOperationDuration = "secretstore_zookeeper_operation_duration_seconds"
    /// `secretstore_encryptions_total{term}`.
    package static let encryptions = "secretstore_encryptions_total"
    /// `secretstore_secrets`.
    package static let secrets = "secretstore_secrets"
    /// `secretstore_store_bytes`.
    package static let storeBytes = "secretstore_store_bytes"
    /// `secretstore_store_bytes_budget`.
    package static let storeBytesBudget = "secretstore_store_bytes_budget"
    /// `secretstore_login_failures_total`.
    package static let loginFailures = "secretstore_login_failures_total"
    /// `secretstore_audit_failures_total`.
    package static let auditFailures = "secretstore_audit_failures_total"
    /// `secretstore_ca_certificates_issued_total`.
    package static let certificatesIssued = "secretstore_ca_certificates_issued_total"
}
