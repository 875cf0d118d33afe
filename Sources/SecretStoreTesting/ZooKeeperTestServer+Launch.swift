import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// How a test server is laid out and launched: its folder, `zoo.cfg` and the `java` command line.
extension ZooKeeperTestServer {
    /// A new, empty folder `/tmp/sszk-XXXXXX` (short, and what `scripts/test.sh` looks for).
    static func makeDataDirectory() throws -> String {
        var template = Array("/tmp/sszk-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else {
            throw ZooKeeperTestServerError(.launchFailed, "mkdtemp failed: errno \(errno)")
        }
        return String(cString: path)
    }

    /// The `zoo.cfg` of a standalone server on 127.0.0.1.
    static func configuration(port: Int, dataDirectory: String, forceSync: Bool = false) -> String {
        // forceSync=no unless asked (benchmarks ask for production's yes): no test survives a
        // power loss, and an fsync per write slows every test; a killed server still keeps each
        // write it acknowledged, as the write reached the kernel first. preAllocSize is in KiB (the
        // default preallocates 64 MiB of log per server).
        """
        tickTime=2000
        dataDir=\(dataDirectory)/data
        clientPort=\(port)
        clientPortAddress=127.0.0.1
        maxClientCnxns=0
        maxCnxns=0
        minSessionTimeout=4000
        maxSessionTimeout=60000
        admin.enableServer=false
        4lw.commands.whitelist=ruok,srvr,stat,mntr
        forceSync=\(forceSync ? "yes" : "no")
        preAllocSize=1024

        """
    }

    /// The arguments of `java` that run the server with `configPath`.
    static func javaArguments(configPath: String, heapMegabytes: Int) -> [String] {
        // Debian's zookeeper.jar names its dependencies in its manifest's Class-Path; only a
        // logging binding has to be added. SerialGC: fewer threads and less memory, the cores are
        // for the tests. -UsePerfData: a killed JVM would leave its /tmp/hsperfdata_* file behind.
        let classPath =
            ProcessInfo.processInfo.environment["SECRET_STORE_ZK_CLASSPATH"]
            ?? "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar"
        return [
            "-Xmx\(heapMegabytes)m", "-XX:+UseSerialGC", "-XX:-UsePerfData",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp", classPath, "org.apache.zookeeper.server.quorum.QuorumPeerMain", configPath,
        ]
    }

    /// The last lines of the file at `path`, or an empty string.
    static func tail(of path: String, lines: Int = 20) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines)
            .joined(separator: "\n")
    }
}
