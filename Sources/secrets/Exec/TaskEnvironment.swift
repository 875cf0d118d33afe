#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The environment a task's command starts with: this process's own, byte for byte, with the
/// secret variables set over it. Entries are raw `NAME=VALUE` bytes, as `execve` takes them: a
/// binary secret need not be UTF-8. It holds secret values, so it has no description.
struct TaskEnvironment {
    /// The `NAME=VALUE` entries, without their terminating NUL.
    private(set) var entries: [[UInt8]]

    /// The environment of this process, as `environ` holds it.
    static func current() -> TaskEnvironment {
        var entries: [[UInt8]] = []
        var cursor = environ
        while let entry = cursor.pointee {
            entries.append(Array(UnsafeRawBufferPointer(start: entry, count: strlen(entry))))
            cursor += 1
        }
        return TaskEnvironment(entries: entries)
    }

    /// Sets `name` to `value`, replacing every entry of that name. `value` holds no NUL (checked
    /// by `LaunchPlan.delivery(of:)`).
    mutating func set(_ name: String, to value: [UInt8]) {
        let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
        entries.removeAll { $0.starts(with: prefix) }
        entries.append(prefix + value)
    }

    /// The value of `name`, if set.
    func value(of name: String) -> [UInt8]? {
        let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
        return entries.last { $0.starts(with: prefix) }.map { Array($0.dropFirst(prefix.count)) }
    }
}
