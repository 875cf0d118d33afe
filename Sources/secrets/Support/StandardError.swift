import Foundation

/// Lines for people on standard error, where `secrets exec` reports: its standard output belongs
/// to the task's command.
enum StandardError {
    /// Writes `line` and a newline to standard error, kept to one line whatever it holds.
    static func print(_ line: String) {
        let single = line.split(whereSeparator: \.isNewline).joined(separator: " ")
        FileHandle.standardError.write(Data((single + "\n").utf8))
    }
}
