import Logging
import Synchronization

/// Collects what a `Logger` logs, for tests that check log lines (an audit trail, the absence of a
/// secret in logs).
public final class LogCapture: Sendable {
    /// One logged line: its level, message and metadata rendered as text.
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    /// An empty capture.
    public init() {}

    /// A logger whose lines this capture collects.
    public func logger(label: String = "test.capture") -> Logger {
        Logger(label: label) { _ in Handler(capture: self) }
    }

    /// Everything logged so far, oldest first.
    public var lines: [Entry] { entries.withLock { $0 } }

    fileprivate func append(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.append(
                Entry(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
        }
    }
}
