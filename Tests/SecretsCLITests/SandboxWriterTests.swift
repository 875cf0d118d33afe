import Foundation
import Testing

@testable import secrets

/// The sandbox writer: where files may go, that links are never followed, the mode, atomic
/// replacement, and all-or-nothing writes.
@Suite struct SandboxWriterTests {
    struct Interrupted: Error {}

    func file(_ writer: SandboxWriter, _ destination: String, _ text: String) throws -> SandboxWriter.File {
        SandboxWriter.File(destination: try writer.destination(destination), contents: Array(text.utf8))
    }

    @Test func relativeAndAbsoluteDestinationsLandInTheSandboxMode0400() throws {
        let sandbox = try TemporaryFolder()
        defer { sandbox.remove() }
        let writer = try SandboxWriter(sandbox: sandbox.path)
        try writer.write([
            try file(writer, "top", "one"),
            try file(writer, "./conf//nested/key.pem", "two"),
            try file(writer, sandbox("abs/token"), "three"),
            try file(writer, writer.root + "/real", "four"),
        ])
        #expect(sandbox.contents("top") == Array("one".utf8))
        #expect(sandbox.contents("conf/nested/key.pem") == Array("two".utf8))
        #expect(sandbox.contents("abs/token") == Array("three".utf8))
        #expect(sandbox.contents("real") == Array("four".utf8))
        for path in ["top", "conf/nested/key.pem", "abs/token", "real"] { #expect(try sandbox.mode(path) == 0o400) }
        for folder in ["conf", "conf/nested", "abs"] { #expect(try sandbox.mode(folder) == 0o700) }
        #expect(sandbox.listing() == ["abs", "abs/token", "conf", "conf/nested", "conf/nested/key.pem", "real", "top"])
    }

    @Test func sandboxReachedThroughALinkAcceptsBothSpellings() throws {
        let area = try TemporaryFolder()
        defer { area.remove() }
        try FileManager.default.createDirectory(atPath: area("real-sandbox"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: area("sandbox"), withDestinationPath: area("real-sandbox"))
        let writer = try SandboxWriter(sandbox: area("sandbox"))
        #expect(writer.root.hasSuffix("/real-sandbox"))
        #expect(try writer.destination(area("sandbox/a")).description == "a")
        #expect(try writer.destination(area("real-sandbox/b/c")).description == "b/c")
        try writer.write([try file(writer, area("sandbox/a"), "x")])
        #expect(area.contents("real-sandbox/a") == Array("x".utf8))
    }

    @Test(arguments: ["../escape", "a/../../escape", "a/../b", "..", "/x/../y"])
    func dotDotIsRefused(destination: String) throws {
        let sandbox = try TemporaryFolder()
        defer { sandbox.remove() }
        let writer = try SandboxWriter(sandbox: sandbox.path)
        let error = failure { try writer.destination(destination) }
        #expect(error?.contains("leaves the sandbox through '..'") == true, "\(error ?? "no error")")
    }

    @Test func absoluteDestinationOutsideTheSandboxIsRefused() throws {
        let sandbox = try TemporaryFolder()
        defer { sandbox.remove() }
        let writer = try SandboxWriter(sandbox: sandbox.path)
        #expect(failure { try writer.destination("/etc/passwd") }?.contains("is outside the sandbox") == true)
        // A string prefix is not a folder prefix.
        #expect(failure { try writer.destination(sandbox.path + "-other/x") }?.contains("is outside") == true)
        #expect(failure { try writer.destination(sandbox.path) }?.contains("names the sandbox itself") == true)
        #expect(failure { try writer.destination(".") }?.contains("names the sandbox itself") == true)
    }

    @Test func symbolicLinkToAFolderOnTheWayIsRefusedAndNothingIsWritten() throws {
        let area = try TemporaryFolder()
        defer { area.remove() }
        for folder in ["sandbox", "outside"] {
            try FileManager.default.createDirectory(atPath: area(folder), withIntermediateDirectories: false)
        }
        try FileManager.default.createSymbolicLink(atPath: area("sandbox/link"), withDestinationPath: area("outside"))
        let writer = try SandboxWriter(sandbox: area("sandbox"))
        let files = [try file(writer, "first", "1"), try file(writer, "link/second", "2")]
        let error = failure { try writer.write(files) }
        #expect(error == "link in the sandbox is a symbolic link: refused")
        // Checked before anything is written: not even the first file exists.
        #expect(area.listing() == ["outside", "sandbox", "sandbox/link"])
        // Deeper, and a relative link inside the sandbox, too.
        try FileManager.default.createDirectory(atPath: area("sandbox/d"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: area("sandbox/d/up"), withDestinationPath: "..")
        #expect(
            failure { try writer.write([try file(writer, "d/up/x", "3")]) }?.contains("d/up in the sandbox") == true)
        #expect(!FileManager.default.fileExists(atPath: area("sandbox/x")))
    }

    @Test func aFileOnTheWayIsRefused() throws {
        let sandbox = try TemporaryFolder()
        defer { sandbox.remove() }
        try sandbox.create("plain", "p")
        let writer = try SandboxWriter(sandbox: sandbox.path)
        #expect(
            failure { try writer.write([try file(writer, "plain/x", "1")]) } == "plain in the sandbox is not a folder")
    }

    @Test func symbolicLinkAsTheFileIsReplacedNotFollowed() throws {
        let area = try TemporaryFolder()
        defer { area.remove() }
        try FileManager.default.createDirectory(atPath: area("sandbox"), withIntermediateDirectories: false)
        try area.create("target", "untouched")
        try FileManager.default.createSymbolicLink(atPath: area("sandbox/secret"), withDestinationPath: area("target"))
        try FileManager.default.createSymbolicLink(atPath: area("sandbox/dangling"), withDestinationPath: area("new"))
        let writer = try SandboxWriter(sandbox: area("sandbox"))
        try writer.write([try file(writer, "secret", "value"), try file(writer, "dangling", "other")])
        #expect(area.contents("target") == Array("untouched".utf8))
        #expect(!FileManager.default.fileExists(atPath: area("new")))
        let kind = try FileManager.default.attributesOfItem(atPath: area("sandbox/secret"))[.type] as? FileAttributeType
        #expect(kind == .typeRegular)
        #expect(area.contents("sandbox/secret") == Array("value".utf8))
        #expect(try area.mode("sandbox/secret") == 0o400)
    }

    @Test func existingFileIsReplacedAtomically() throws {
        let sandbox = try TemporaryFolder()
        defer { sandbox.remove() }
        try sandbox.create("key", "old", mode: 0o644)
        let before = try #require(
            FileManager.default.attributesOfItem(atPath: sandbox("key"))[.systemFileNumber] as? Int)
        // A reader holding the old file keeps reading the old contents: the new one is another inode.
        let reader = try FileHandle(forReadingFrom: URL(fileURLWithPath: sandbox("key")))
        defer { try? reader.close() }
        let writer = try SandboxWriter(sandbox: sandbox.path)
        try writer.write([try file(writer, "key", "new")])
        let after = try #require(
            FileManager.default.attributesOfItem(atPath: sandbox("key"))[.systemFileNumber] as? Int)
        #expect(before != after)
        #expect(try reader.readToEnd() == Data("old".utf8))
        #expect(sandbox.contents("key") == Array("new".utf8))
        #expect(try sandbox.mode("key") == 0o400)
        // A second delivery replaces a 0400 file just as well; no temporary file is left.
        try writer.write([try file(writer, "key", "newer")])
        #expect(sandbox.contents("key") == Array("newer".utf8))
        #expect(sandbox.listing() == ["key"])
    }

    @Test func aFailureMidwayLeavesNothingBehind() throws {
        let sandbox = try TemporaryFolder()
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox("existing"), withIntermediateDirectories: false)
        try sandbox.create("existing/old", "kept")
        let writer = try SandboxWriter(sandbox: sandbox.path)
        let files = [
            try file(writer, "existing/old", "replacement"), try file(writer, "new/deep/one", "1"),
            try file(writer, "two", "2"), try file(writer, "three", "3"),
        ]
        var reached: [Int] = []
        #expect(throws: Interrupted.self) {
            try writer.write(files) { index in
                reached.append(index)
                if index == 3 { throw Interrupted() }
            }
        }
        #expect(reached == [0, 1, 2, 3])
        #expect(sandbox.listing() == ["existing", "existing/old"])
        #expect(sandbox.contents("existing/old") == Array("kept".utf8))
    }

    @Test func destinationsAreCheckedTogether() throws {
        let sandbox = try TemporaryFolder()
        defer { sandbox.remove() }
        try FileManager.default.createDirectory(atPath: sandbox("folder"), withIntermediateDirectories: false)
        let writer = try SandboxWriter(sandbox: sandbox.path)
        let twice = failure { try writer.check([try writer.destination("a/b"), try writer.destination("./a//b")]) }
        #expect(twice == "the file destination a/b is given twice")
        let nested = failure { try writer.check([try writer.destination("a/b/c"), try writer.destination("a")]) }
        #expect(nested == "the file destination a is also a folder of a/b/c")
        let folder = failure { try writer.check([try writer.destination("folder")]) }
        #expect(folder == "the file destination folder is a folder in the sandbox")
        #expect(sandbox.listing() == ["folder"])
    }

    @Test func missingSandboxIsAnError() {
        let path = "/nonexistent/\(UUID().uuidString)"
        #expect(failure { try SandboxWriter(sandbox: path) }?.contains("cannot be resolved") == true)
    }
}
