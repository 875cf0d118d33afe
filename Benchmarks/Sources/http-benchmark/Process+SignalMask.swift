import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension Process {
    /// Starts the process with no signal blocked. Foundation starts it from the calling thread and
    /// it inherits that thread's signal mask; the concurrency pool's threads block SIGINT and
    /// SIGTERM, so a child started from one would ignore the SIGTERM that stops it.
    func runWithNoSignalBlocked() throws {
        var none = sigset_t()
        var previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try run()
    }
}
