import SecretStoreTesting
import Testing

/// The Promela models of `docs/models/` checked with spin, each property with a negative control:
/// the same model with the known bug put back must fail, so a model that cannot fail is caught.
@Suite("Models checked with spin")
struct ModelCheckTests {
    static let chunkedCommit = SpinModelChecker.models.appendingPathComponent("chunked-commit.pml")
    static let seal = SpinModelChecker.models.appendingPathComponent("seal.pml")

    /// No acknowledged write is lost and no reader sees a partial value, with writers that crash or
    /// stall past the grace period (`SLOW_WRITER`) while the sweeper runs.
    @Test(arguments: [[], ["SLOW_WRITER"]])
    func theChunkedCommitLosesNoAcknowledgedValue(defines: [String]) async throws {
        let result = try await SpinModelChecker.check(Self.chunkedCommit, defines: defines, property: "noLoss")
        #expect(result.errors == 0, "\(result)")
        #expect(result.states > 10_000, "\(result)")
    }

    /// The sweeper as it was before condemning (one look at the record, then the deletes) loses an
    /// acknowledged value when a writer stalls: the model finds it.
    @Test func theSweeperWithoutCondemnationLosesAValue() async throws {
        let result = try await SpinModelChecker.check(
            Self.chunkedCommit, defines: ["SLOW_WRITER", "NO_CONDEMN"], property: "noLoss")
        #expect(result.errors == 1, "\(result)")
    }

    /// Sealed implies no key in memory (once the requests that began before the seal are done), no
    /// request takes a key after its seal, and every sealed key is wiped in the end.
    @Test(arguments: ["sealedNoKey", "noLateUse", "eventuallyWiped"])
    func sealingLeavesNoKeyInMemory(property: String) async throws {
        let result = try await SpinModelChecker.check(Self.seal, property: property, fair: true)
        #expect(result.errors == 0, "\(result)")
        #expect(result.states > 100, "\(result)")
    }

    /// A request that checks "sealed" and takes the key in two steps can use a key after its seal.
    @Test func checkingThenTakingTheKeyInTwoStepsIsCaught() async throws {
        let result = try await SpinModelChecker.check(Self.seal, defines: ["RACY"], property: "noLateUse", fair: true)
        #expect(result.errors == 1, "\(result)")
    }
}
