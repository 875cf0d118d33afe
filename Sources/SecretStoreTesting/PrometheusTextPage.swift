import Foundation

/// A strict reader of the Prometheus text exposition format 0.0.4, for tests: every line must be a
/// `# HELP`, a `# TYPE` or a sample of a family whose `# TYPE` came first; names, label names,
/// label values (with their escapes) and values must follow the grammar; histograms must have
/// cumulative `le` buckets ending in `+Inf` equal to `_count`. Any deviation throws.
public struct PrometheusTextPage: Sendable {
    /// One sample line.
    public struct Sample: Equatable, Sendable {
        /// The sample's name (a histogram's end in `_bucket`, `_sum` or `_count`).
        public var name: String
        /// Its labels.
        public var labels: [String: String]
        /// Its value.
        public var value: Double
    }

    /// A line that breaks the grammar.
    public struct Violation: Error, CustomStringConvertible {
        /// The line, from 1 (0: the page as a whole).
        public var line: Int
        /// What is wrong.
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// Every sample, in page order.
    public private(set) var samples: [Sample] = []
    /// Each family's declared type.
    public private(set) var types: [String: String] = [:]

    /// Parses `text`, throwing `Violation` at the first line that breaks the format.
    public init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Violation(line: 0, reason: "no final newline") }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            try read(String(line), number: index + 1)
        }
        try checkHistograms()
    }

    /// The value of the one sample named `name` with exactly `labels`, if any.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// The samples named `name`.
    public func samples(named name: String) -> [Sample] { samples.filter { $0.name == name } }

    private mutating func read(_ line: String, number: Int) throws {
        if line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, parts[0] == "#", ["HELP", "TYPE"].contains(parts[1]) else {
                throw Violation(line: number, reason: "a comment other than HELP or TYPE: \(line)")
            }
            guard Self.isMetricName(parts[2]) else { throw Violation(line: number, reason: "bad name \(parts[2])") }
            if parts[1] == "TYPE" {
                let kinds = ["counter", "gauge", "histogram", "summary", "untyped"]
                guard parts.count == 4, kinds.contains(parts[3]) else {
                    throw Violation(line: number, reason: "bad TYPE line: \(line)")
                }
                guard types[parts[2]] == nil else { throw Violation(line: number, reason: "TYPE twice: \(parts[2])") }
                types[parts[2]] = parts[3]
            }
            return
        }
        var scanner = Substring(line)
        let name = String(scanner.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" })
        guard Self.isMetricName(name) else { throw Violation(line: number, reason: "bad sample name: \(line)") }
        scanner = scanner.dropFirst(name.count)
        var labels: [String: String] = [:]
        if scanner.first == "{" {
            scanner = scanner.dropFirst()
            labels = try Self.readLabels(&scanner, line: number)
        }
        guard scanner.first == " " else { throw Violation(line: number, reason: "no space before the value") }
        let fields = scanner.dropFirst().split(separator: " ", omittingEmptySubsequences: false)
        guard (1...2).contains(fields.count), let value = Self.value(String(fields[0])) else {
            throw Violation(line: number, reason: "bad value: \(line)")
        }
        if fields.count == 2, Int64(fields[1]) == nil { throw Violation(line: number, reason: "bad timestamp") }
        guard let family = family(of: name) else {
            throw Violation(line: number, reason: "a sample of \(name) before its TYPE")
        }
        if types[family] == "histogram", name.hasSuffix("_bucket"), labels["le"] == nil {
            throw Violation(line: number, reason: "a bucket without le")
        }
        samples.append(Sample(name: name, labels: labels, value: value))
    }

    /// The declared family `name` belongs to (a histogram's `_bucket`, `_sum` and `_count` belong to it).
    private func family(of name: String) -> String? {
        if types[name] != nil { return name }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            let base = String(name.dropLast(suffix.count))
            if types[base] == "histogram" || types[base] == "summary" { return base }
        }
        return nil
    }

    private static func readLabels(_ scanner: inout Substring, line: Int) throws -> [String: String] {
        var labels: [String: String] = [:]
        while scanner.first != "}" {
            let name = String(scanner.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            guard isLabelName(name) else { throw Violation(line: line, reason: "bad label name") }
            scanner = scanner.dropFirst(name.count)
            guard scanner.hasPrefix("=\"") else { throw Violation(line: line, reason: "no =\" after \(name)") }
            scanner = scanner.dropFirst(2)
            var value = ""
            while true {
                guard let character = scanner.popFirst() else {
                    throw Violation(line: line, reason: "open label value")
                }
                if character == "\"" { break }
                if character == "\\" {
                    switch scanner.popFirst() {
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    case "n": value.append("\n")
                    default: throw Violation(line: line, reason: "bad escape in a label value")
                    }
                } else {
                    value.append(character)
                }
            }
            guard labels.updateValue(value, forKey: name) == nil else {
                throw Violation(line: line, reason: "label \(name) twice")
            }
            if scanner.first == "," { scanner = scanner.dropFirst() }
        }
        scanner = scanner.dropFirst()
        return labels
    }

    private static func value(_ text: String) -> Double? {
        switch text {
        case "+Inf": .infinity
        case "-Inf": -.infinity
        case "NaN": .nan
        default: Double(text)
        }
    }

    private static func isMetricName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_:][a-zA-Z0-9_:]*/) != nil
    }

    private static func isLabelName(_ name: String) -> Bool {
        name.wholeMatch(of: /[a-zA-Z_][a-zA-Z0-9_]*/) != nil
    }

    /// Per series: buckets non-decreasing in `le`, the last one `+Inf` and equal to `_count`.
    private func checkHistograms() throws {
        for (family, type) in types where type == "histogram" {
            var series: [[String: String]: [(Double, Double)]] = [:]
            for sample in samples(named: family + "_bucket") {
                var labels = sample.labels
                guard let le = labels.removeValue(forKey: "le").flatMap(Self.value) else {
                    throw Violation(line: 0, reason: "bad le in \(family)")
                }
                series[labels, default: []].append((le, sample.value))
            }
            for (labels, buckets) in series {
                let sorted = buckets.sorted { $0.0 < $1.0 }
                guard sorted.last?.0 == .infinity else { throw Violation(line: 0, reason: "\(family) has no +Inf") }
                guard zip(sorted, sorted.dropFirst()).allSatisfy({ $0.1 <= $1.1 }) else {
                    throw Violation(line: 0, reason: "\(family) \(labels) buckets are not cumulative")
                }
                guard value(family + "_count", labels) == sorted.last?.1, value(family + "_sum", labels) != nil else {
                    throw Violation(line: 0, reason: "\(family) \(labels): +Inf bucket differs from _count")
                }
            }
        }
    }
}
