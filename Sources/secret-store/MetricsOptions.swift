import ArgumentParser

/// Who may read `GET /metrics` (contract §9).
struct MetricsOptions: ParsableArguments {
    @Flag(
        name: .customLong("metrics-unauthenticated"),
        help:
            "Serve GET /metrics to anyone, without a token (default: dcos:superuser or dcos:adminrouter:ops:metrics read)."
    )
    var unauthenticated = false
}
