import Foundation
import Testing

@testable import secrets

/// cfssl's failure envelope turned into the CLI's usual error.
@Suite struct CFSSLRefusalTests {
    @Test func theEnvelopesFirstErrorIsTheRefusal() throws {
        let body = #"""
            {"success":false,"result":null,"errors":[{"code":403,"message":"FORBIDDEN: needs dcos:adminrouter:ops:ca:rw"}],"messages":[]}
            """#
        let refusal = try #require(CFSSLRefusal(body: Data(body.utf8)))
        #expect(refusal == CFSSLRefusal(status: 403, text: "FORBIDDEN: needs dcos:adminrouter:ops:ca:rw"))
        #expect(refusal.code == "FORBIDDEN")
        #expect(refusal.message == "needs dcos:adminrouter:ops:ca:rw")
        let error = refusal.error
        #expect(error.status == 403)
        #expect(error.code == "FORBIDDEN")
        #expect(error.description == "the server answered 403 FORBIDDEN: needs dcos:adminrouter:ops:ca:rw")
    }

    @Test func aMessageWithoutACodeIsKeptWhole() {
        let refusal = CFSSLRefusal(status: 400, text: "Invalid request: bad CSR")
        #expect(refusal.code == nil)
        #expect(refusal.message == "Invalid request: bad CSR")
        #expect(refusal.error.description == "the server answered 400: Invalid request: bad CSR")
    }

    @Test(arguments: [
        #"{"success":true,"result":{"certificate":"x"},"errors":[],"messages":[]}"#,
        #"{"code":"FORBIDDEN","message":"no"}"#, #"{"success":false,"result":null,"errors":[],"messages":[]}"#,
        "not json",
    ])
    func anythingElseIsNoRefusal(body: String) {
        #expect(CFSSLRefusal(body: Data(body.utf8)) == nil)
    }
}
