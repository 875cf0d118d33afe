import Foundation

/// A secret handed to the server in its environment (the bootstrap password, ZooKeeper
/// credentials): read once, then wiped from the process's environment.
enum EnvironmentSecret {
    /// The value of the environment variable `name` (`nil` if unset or empty), after overwriting its
    /// bytes with zeros in place and removing it from the environment. Call it before starting
    /// threads that might read the environment (getenv and unsetenv are not thread-safe).
    static func take(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let text = String(cString: value)
        // /proc/<pid>/environ shows the memory the kernel filled with the environment at exec, for
        // the whole life of the process, to its user and to root. unsetenv only drops the pointer
        // from `environ`: the bytes stay. getenv returns a pointer into that very memory, so the
        // value is zeroed through it. Children started later (gpg, gpg-agent) no longer get it.
        memset(value, 0, strlen(value))
        unsetenv(name)
        return text.isEmpty ? nil : text
    }
}
