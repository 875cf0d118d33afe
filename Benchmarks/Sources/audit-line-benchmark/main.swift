import CAuditAppendBenchmark
import Foundation
import SecretStoreCore
import Synchronization

// The pieces of one audit line, each timed alone on one thread: what building a request's line
// costs, apart from the server around it. Run: scripts/benchmark.sh audit-line.

let iterations = 200_000
let hasher = AuditPathHasher()
hasher.install([UInt8](repeating: 7, count: 32))

/// Runs `body` `iterations` times and prints nanoseconds per call.
func measure(_ label: String, _ body: () -> Int) {
    var sink = 0
    for _ in 0..<1000 { sink &+= body() }
    let start = ContinuousClock.now
    for _ in 0..<iterations { sink &+= body() }
    let elapsed = ContinuousClock.now - start
    let (seconds, attoseconds) = elapsed.components
    let nanoseconds = (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(iterations)
    let figure = String(format: "%8.0f ns", nanoseconds)
    print("  " + label.padding(toLength: 48, withPad: " ", startingAt: 0) + figure + (sink == 42 ? " " : ""))
}

print("audit line pieces, \(iterations) calls each, one thread")
measure("AuditTimestamp.now") { Int(AuditTimestamp.now.millisecondsSince1970 & 1) }
measure("AuditTimestamp description") { AuditTimestamp.now.description.utf8.count }
measure("hasher.path (remembered)") { hasher.path("bench/one-kib").utf8.count }
measure("hasher.hash (HMAC)") { hasher.hash("bench/one-kib")?.utf8.count ?? 0 }
measure("hasher.resource (remembered)") { hasher.resource("dcos:secrets:default:/bench/one-kib").utf8.count }
let mutex = Mutex(0)
measure("Mutex.withLock") {
    mutex.withLock {
        $0 &+= 1
        return $0
    }
}
let line = AuditLine(
    time: .now, requestID: "0123456789abcdef0123456789abcdef", uid: "bootstrapuser", sourceIP: "127.0.0.1",
    sourcePort: 51234, method: "GET", requestURI: "/secrets/v1/secret/default/" + hasher.path("bench/one-kib"),
    object: hasher.resource("dcos:secrets:default:/bench/one-kib"), action: "read", status: 200, reason: "ok",
    durationMilliseconds: 0.412)
measure("AuditLine.jsonLine") { line.jsonLine.count }
measure("AuditLine init + jsonLine") {
    AuditLine(
        time: .now, requestID: "0123456789abcdef0123456789abcdef", uid: "bootstrapuser", sourceIP: "127.0.0.1",
        sourcePort: 51234, method: "GET", requestURI: "/secrets/v1/secret/default/" + hasher.path("bench/one-kib"),
        object: hasher.resource("dcos:secrets:default:/bench/one-kib"), action: "read", status: 200, reason: "ok",
        durationMilliseconds: 0.412
    ).jsonLine.count
}

// The append itself, and the removed-file check before it, in C (as the kernel sees it): on ext4
// with multigrain timestamps an fstat before each append makes the append dearer too.
print("one \(line.jsonLine.count)-byte append to the temp folder, \(iterations) each, three rounds")
let path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-line-benchmark.log").path
let modes: [(String, audit_append_mode)] = [
    ("write(2) alone", AUDIT_APPEND_ALONE), ("fstat(2), then write(2)", AUDIT_APPEND_AFTER_FSTAT),
    ("statx(2) of the link count, then write(2)", AUDIT_APPEND_AFTER_STATX),
]
for _ in 0..<3 {
    for (label, mode) in modes {
        let nanoseconds = audit_append_benchmark(path, Int32(iterations), Int32(line.jsonLine.count), mode)
        print("  " + label.padding(toLength: 48, withPad: " ", startingAt: 0) + String(format: "%8.0f ns", nanoseconds))
    }
}
