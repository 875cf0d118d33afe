import Foundation

/// The printed comparison: one Markdown table, padded so it also reads well in a terminal.
struct ResultTable {
    private static let header = [
        "operation", "HTTP", "HTTP p50 / p99", "raw ZooKeeper", "raw p50 / p99", "HTTP / raw", "target", "result",
    ]
    private var rows: [[String]] = []

    /// A throughput row. `target` and `result` are empty for rows without a target; `failures`
    /// marks a row whose run had failed responses, since its figure then means little.
    mutating func add(_ operation: String, http: Figure?, raw: Figure?, target: String = "", result: String = "") {
        func rate(_ figure: Figure?) -> String {
            guard let figure else { return "not run" }
            let failed = figure.failures > 0 ? " (\(figure.failures) failed)" : ""
            return String(format: "%.0f/s", figure.perSecond) + failed
        }
        func latency(_ figure: Figure?) -> String {
            guard let figure else { return "" }
            return String(format: "%.2f / %.2f ms", figure.p50Milliseconds, figure.p99Milliseconds)
        }
        var ratio = ""
        if let http, let raw { ratio = Self.percent(http.perSecond / raw.perSecond) }
        rows.append([
            operation, rate(http), latency(http), raw == nil ? "" : rate(raw), latency(raw), ratio, target, result,
        ])
    }

    /// A memory row: the figure in the HTTP column, checked against `limit` when there is one.
    mutating func addMemory(_ what: String, bytes: Int?, limit: Int? = nil) {
        let figure = bytes.map { String(format: "%.1f MB", Double($0) / 1e6) } ?? "not measured"
        var result = ""
        if let limit, let bytes { result = bytes < limit ? "PASS" : "MISS" }
        let target = limit.map { String(format: "< %.0f MB", Double($0) / 1e6) } ?? ""
        rows.append([what, figure, "", "", "", "", target, result])
    }

    /// `fraction` as a percentage with one decimal.
    static func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }

    func print() {
        let all = [Self.header] + rows
        let widths = Self.header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            "| "
                + zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: " | ") + " |"
        }
        Swift.print(line(Self.header))
        Swift.print("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
        for row in rows { Swift.print(line(row)) }
    }
}
