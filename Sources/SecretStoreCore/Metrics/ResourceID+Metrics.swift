extension ResourceID {
    /// `dcos:adminrouter:ops:metrics`: `read` on it lets an account scrape `GET /metrics`.
    public static let opsMetrics = ResourceID(validated: "dcos:adminrouter:ops:metrics")
}
