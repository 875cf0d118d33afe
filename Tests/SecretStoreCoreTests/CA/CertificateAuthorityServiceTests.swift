import Foundation
import Logging
import SecretStoreCore
import Synchronization
import Testing
import X509

@Suite("CA service: the CA follows the seal")
struct CertificateAuthorityServiceTests {
    /// What the service handed over, in order.
    final class Handovers: Sendable {
        let issuers = Mutex<[Certificate]>([])
        var count: Int { issuers.withLock { $0.count } }
    }

    /// Waits (at most 10 s) until `condition` holds.
    static func eventually(_ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test func theRootIsMadeAtTheFirstUnsealAndHandedOverAtEveryUnseal() async throws {
        let (barrier, unsealKey, storage) = try await BarrierTests.unsealedBarrier()
        barrier.seal()
        let authority = CertificateAuthority(storage: storage, barrier: barrier, logger: Logger(label: "test.ca"))
        let handovers = Handovers()
        let service = CertificateAuthorityService(
            authority: authority, barrier: barrier, installation: Installation(storage: storage),
            renewalInterval: .seconds(3600), logger: Logger(label: "test.ca")
        ) { issuer in
            handovers.issuers.withLock { $0.append(issuer.certificate) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            // Sealed: nothing is made.
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await authority.root() == nil)
            #expect(handovers.count == 0)

            try await barrier.unseal(with: unsealKey)
            #expect(try await Self.eventually { handovers.count == 1 })
            let root = try #require(try await authority.root())
            let clusterID = try await Installation(storage: storage).clusterID()
            #expect(root.subject.description == "CN=SecretStore Root CA \(clusterID)")
            #expect(handovers.issuers.withLock { $0 } == [root])

            // Sealed and unsealed again within the renewal interval: handed over again, same root.
            barrier.seal()
            try await barrier.unseal(with: unsealKey)
            #expect(try await Self.eventually { handovers.count == 2 })
            #expect(handovers.issuers.withLock { $0 } == [root, root])
            group.cancelAll()
        }
    }

    @Test func anOperatorsCAIsTakenWhenTheStoreHasNone() async throws {
        let (barrier, _, storage) = try await BarrierTests.unsealedBarrier()
        let authority = CertificateAuthority(storage: storage, barrier: barrier, logger: Logger(label: "test.ca"))
        let operatorCA = try CertificateIssuer.makeRoot(
            commonName: "Operator CA", key: try CAKeySpec.default.generate())
        let service = CertificateAuthorityService(
            authority: authority, barrier: barrier, installation: Installation(storage: storage),
            operatorCA: operatorCA, logger: Logger(label: "test.ca"))
        #expect(try await service.prepare().certificate == operatorCA.certificate)
        #expect(try await authority.root() == operatorCA.certificate)
    }
}
