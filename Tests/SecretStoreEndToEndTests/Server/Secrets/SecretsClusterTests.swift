import Foundation
import SecretStoreTesting
import Synchronization
import Testing

/// Two `secret-store` instances on one ZooKeeper root: what one writes the other reads, and
/// concurrent writers through both never lose an update silently (contract §2).
@Suite("Secrets on two instances", .timeLimit(.minutes(3)))
struct SecretsClusterTests {
    @Test func whatOneInstanceWritesTheOtherReads() async throws {
        try await SecretsServer.with(2) { servers in
            let (first, second) = (servers[0], servers[1])
            #expect(try await first.write("shared/text", text: "from first").status == 201)
            #expect(try await first.write("shared/binary", bytes: Data([0xFF, 0x00])).status == 201)
            let text = try await second.poll("shared/text") { $0.status == 200 }
            #expect(text.status == 200)
            #expect(text.json["value"] as? String == "from first")
            #expect(text.json["author"] as? String == SecretsServer.superuser)
            #expect(try await second.rawValue("shared/binary") == Data([0xFF, 0x00]))
            #expect(try await second.list("shared") == ["binary", "text"])

            // Each sees the other's create, update and delete.
            #expect(try await second.write("shared/text", text: "again").status == 409)
            #expect(try await second.write("PATCH", "shared/text", text: "from second").status == 204)
            let patched = try await first.rawValue("shared/text", becoming: Data("from second".utf8))
            #expect(patched == Data("from second".utf8))
            #expect(try await second.send("DELETE", "shared/binary").status == 204)
            #expect(try await first.rawValue("shared/binary", becoming: nil) == nil)
            #expect(try await first.list("") == ["shared/text"])
        }
    }

    /// One PATCH of the race: its value, which field it set beside the value, its answer, and when
    /// it was sent and answered.
    struct Patch: Sendable {
        var value: String
        var setsLabels: Bool
        var status: Int
        var sent: ContinuousClock.Instant
        var answered: ContinuousClock.Instant
    }

    // A PATCH keeps the description and labels it does not send, so it reads, merges and writes:
    // half the writers send a description, half labels, each equal to the value. A write based on
    // a stale read would bring back an older description or labels than an acknowledged PATCH set.
    // Each round races on a secret of its own; a lost update shows in some rounds only.
    @Test func concurrentPatchesThroughBothInstancesNeverLoseAnUpdateSilently() async throws {
        try await SecretsServer.with(2) { servers in
            for round in 0..<10 {
                let path = "race-\(round)"
                let initial = try await servers[0].write(
                    path, text: "initial", extra: ["description": "initial", "labels": ["initial"]])
                #expect(initial.status == 201)
                let all = try await Self.race(servers, on: path)
                #expect(all.count == 40)
                let unexpected = all.filter { $0.status != 204 && $0.status != 409 }.map { "\($0.value): \($0.status)" }
                #expect(unexpected.isEmpty, "answers other than 204 and 409: \(unexpected)")
                let succeeded = all.filter { $0.status == 204 }
                #expect(!succeeded.isEmpty)

                // Both instances read the same final record (once both caches caught up).
                var final = try await servers[0].send("GET", path)
                let other = try await servers[1].poll(path) { $0.body == final.body }
                if other.body != final.body {
                    final = try await servers[0].poll(path) { $0.body == other.body }
                }
                #expect(other.body == final.body, "the instances disagree: \(final.text) \(other.text)")
                let record = final.json
                #expect(record["author"] as? String == SecretsServer.superuser)
                // Its value, description and labels were each set by an acknowledged PATCH (or are
                // the initial ones, if no PATCH setting them succeeded), and no PATCH of the same
                // field sent after that one was answered succeeded: it came later in any order.
                let fields: [(name: String, found: String?, writes: [Patch])] = [
                    ("value", record["value"] as? String, succeeded),
                    ("description", record["description"] as? String, succeeded.filter { !$0.setsLabels }),
                    ("labels", (record["labels"] as? [String])?.first, succeeded.filter(\.setsLabels)),
                ]
                for (name, found, writes) in fields {
                    guard let found, found != "initial" || writes.isEmpty else {
                        Issue.record("\(path): the \(name) is \(found ?? "missing") although PATCHes of it succeeded")
                        continue
                    }
                    guard let source = writes.first(where: { $0.value == found }) else {
                        #expect(writes.isEmpty, "\(path): the \(name) \(found) was never acknowledged")
                        continue
                    }
                    let lost = writes.filter { $0.sent > source.answered }.map(\.value)
                    #expect(lost.isEmpty, "\(path) \(name): acknowledged after \(found) was, yet lost: \(lost)")
                }
            }

            // After the races, a write through one is what the other reads at once.
            #expect(try await servers[1].write("PATCH", "race-0", text: "settled").status == 204)
            #expect(try await servers[0].rawValue("race-0", becoming: Data("settled".utf8)) == Data("settled".utf8))
        }
    }

    /// Four writers, two per instance, each sending 10 PATCHes of `path` one after the other; the
    /// first two send a description, the others labels.
    static func race(_ servers: [SecretsServer], on path: String) async throws -> [Patch] {
        try await withThrowingTaskGroup(of: [Patch].self) { group in
            for writer in 0..<4 {
                let server = servers[writer % 2]
                let setsLabels = writer >= 2
                group.addTask {
                    var patches: [Patch] = []
                    for attempt in 0..<10 {
                        let value = "value-\(writer)-\(attempt)"
                        let extra: [String: Any] = setsLabels ? ["labels": [value]] : ["description": value]
                        let sent = ContinuousClock.now
                        let answer = try await server.write("PATCH", path, text: value, extra: extra)
                        if answer.status != 204 {
                            #expect(answer.json["code"] as? String == "CONFLICT", "\(answer.status) \(answer.text)")
                        }
                        patches.append(
                            Patch(
                                value: value, setsLabels: setsLabels, status: answer.status, sent: sent, answered: .now)
                        )
                    }
                    return patches
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
    }

    @Test func concurrentCreatesThroughBothInstancesHaveExactlyOneWinner() async throws {
        try await SecretsServer.with(2) { servers in
            let all = try await withThrowingTaskGroup(of: (value: String, status: Int).self) { group in
                for (index, server) in servers.enumerated() {
                    for attempt in 0..<10 {
                        group.addTask {
                            let value = "create-\(index)-\(attempt)"
                            return (value, try await server.write("created", text: value).status)
                        }
                    }
                }
                var answers: [(value: String, status: Int)] = []
                for try await answer in group { answers.append(answer) }
                return answers
            }
            let winners = all.filter { $0.status == 201 }
            #expect(winners.count == 1, "\(all.map(\.status))")
            #expect(all.filter { $0.status == 409 }.count == 19, "\(all.map(\.status))")
            let value = try await servers[1].poll("created") { $0.status == 200 }.json["value"] as? String
            #expect(value != nil && value == winners.first?.value)
        }
    }

    @Test func readersOnOneInstanceSeeWholeValuesWhileTheOtherReplacesThem() async throws {
        try await SecretsServer.with(2) { servers in
            // Values this large are stored in chunks, which a replacement deletes.
            let values = (0..<4).map { Data(TestValues.binary(count: 1_048_576, seed: UInt32(20 + $0))) }
            #expect(try await servers[0].write("large", bytes: values[0]).status == 201)
            let writing = WritingFlag()
            async let writes: [Int] = {
                defer { writing.finish() }
                var statuses: [Int] = []
                for round in 1...8 {
                    statuses.append(try await servers[0].write("PATCH", "large", bytes: values[round % 4]).status)
                }
                return statuses
            }()
            var reads = 0
            repeat {
                let answer = try await servers[1].send("GET", "large")
                #expect(answer.status == 200, "\(answer.text.prefix(200))")
                if answer.status == 200 {
                    let whole = values.contains(answer.body)
                    #expect(whole, "a read returned \(answer.body.count) bytes of no written value")
                }
                reads += 1
            } while writing.isWriting && reads < 200
            #expect(try await writes == Array(repeating: 204, count: 8))
            #expect(reads > 1)
            let last = try await servers[1].rawValue("large") == values[0]
            #expect(last, "the last value written is not the one read")
        }
    }
}

/// Whether a writer task is still writing, for a reader looping beside it.
private final class WritingFlag: Sendable {
    private let writing = Mutex(true)

    var isWriting: Bool { writing.withLock { $0 } }

    func finish() { writing.withLock { $0 = false } }
}
