import SecretStoreWire
import Testing

@testable import secrets

/// The launch plan: one path per secret, conflicts, the space, and what may go into an environment
/// variable.
@Suite struct LaunchPlanTests {
    func env(_ name: String, _ path: String) throws -> SecretReference {
        try SecretReference(path: path, target: .environment(name))
    }

    func file(_ destination: String, _ path: String) throws -> SecretReference {
        try SecretReference(path: path, target: .file(destination))
    }

    @Test func environmentVariableRefusesANulByte() throws {
        let plan = try LaunchPlan(
            space: "/app", references: [try env("KEY", "app/key"), try file("key.bin", "app/key")])
        let value = "before\0after"
        let error = failure {
            try plan.delivery(of: [DeliveredSecret(path: "app/key", value: value, encoding: "utf-8")])
        }
        #expect(error?.contains("environment variable KEY") == true, "\(error ?? "no error")")
        #expect(error?.contains("app/key") == true)
        #expect(error?.contains("before") == false)

        // A file may hold any byte.
        let filePlan = try LaunchPlan(space: "/app", references: [try file("key.bin", "app/key")])
        let delivery = try filePlan.delivery(of: [DeliveredSecret(path: "app/key", value: value, encoding: "utf-8")])
        #expect(delivery.files.map(\.contents) == [Array(value.utf8)])
    }

    @Test func binaryWithoutNulMayBeAVariable() throws {
        let plan = try LaunchPlan(space: "/app", references: [try env("RAW", "app/raw")])
        let delivery = try plan.delivery(of: [DeliveredSecret(path: "app/raw", value: "/w==", encoding: "base64")])
        #expect(delivery.environment.map(\.name) == ["RAW"])
        #expect(delivery.environment.map(\.value) == [[0xff]])
    }

    @Test func pathsAreDistinctInFirstReferenceOrder() throws {
        let plan = try LaunchPlan(
            space: "//group//app/",
            references: [
                try env("B", "g/b"), try env("A", "g/a"), try file("b", "g/b"), try env("B", "/g//b"),
            ])
        #expect(plan.space == "/group/app")
        #expect(plan.paths == ["g/b", "g/a"])
        #expect(plan.references.count == 3)
        #expect(plan.files.map(\.destination) == ["b"])
    }

    @Test func aTargetGivenTwoSecretsIsRefused() throws {
        let variable = failure { try LaunchPlan(space: "/a", references: [try env("X", "a/1"), try env("X", "a/2")]) }
        #expect(variable?.contains("environment variable X is given two secrets") == true, "\(variable ?? "")")
        let twice = failure { try LaunchPlan(space: "/a", references: [try file("f", "a/1"), try file("f", "a/2")]) }
        #expect(twice?.contains("file f is given two secrets") == true, "\(twice ?? "")")
    }

    @Test func secretsNeedASpace() throws {
        #expect(failure { try LaunchPlan(space: nil, references: [try env("X", "a")]) }?.contains("no space") == true)
        #expect(failure { try LaunchPlan(space: "///", references: [try env("X", "a")]) }?.contains("names no") == true)
        #expect(try LaunchPlan(space: nil, references: []).paths.isEmpty)
    }

    @Test func aSecretTheServerDidNotDeliverIsAnError() throws {
        let plan = try LaunchPlan(space: "/a", references: [try env("X", "a/x"), try env("Y", "a/y")])
        let error = failure { try plan.delivery(of: [DeliveredSecret(path: "a/x", value: "1", encoding: "utf-8")]) }
        #expect(error == "the server did not deliver secret a/y")
    }

    @Test(arguments: [
        ("NAME=a/b", "a/b", "NAME"), ("X=/a//b/", "a/b", "X"),
    ])
    func optionsSplitAtTheFirstEquals(option: String, path: String, name: String) throws {
        let reference = try SecretReference(option: option, target: { .environment($0) })
        #expect(reference.path == path)
        #expect(reference.target == .environment(name))
    }

    @Test(arguments: ["no-equals", "=a/b", "A=", "A=B=c", "A=a/../b"])
    func malformedOptionsAreRefused(option: String) {
        #expect(failure { try SecretReference(option: option, target: { .environment($0) }) } != nil)
    }

    @Test func refusalLinesFollowRequestOrder() {
        let refusal = SecretAccessRefusal(
            space: "/other", paths: ["a", "b", "c", "d"], denied: ["c", "a"], missing: ["d"])
        #expect(
            refusal.lines == [
                "Secret a is not accessible from /other", "Secret c is not accessible from /other",
                "Secret d does not exist",
            ])
    }
}
