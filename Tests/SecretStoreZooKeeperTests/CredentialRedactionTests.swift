import SecretStoreZooKeeper
import Testing

@Suite("Credentials never print")
struct CredentialRedactionTests {
    @Test func everyWayOfPrintingCredentialsHidesThePassword() {
        let credentials = ZooKeeperDigestCredentials(user: "secret-store", password: "hunter2-zk")
        let configuration = ZooKeeperConfiguration(credentials: credentials)
        var dumped = ""
        dump(configuration, to: &dumped)
        for text in [
            "\(credentials)", String(reflecting: credentials), "\(configuration)", String(reflecting: configuration),
            dumped,
        ] {
            #expect(!text.contains("hunter2"), "password printed in: \(text)")
            #expect(text.contains("secret-store"))
        }
    }

    @Test(arguments: ["user:pass", "user:pa:ss"])
    func parsesUserAndPassword(_ text: String) throws {
        let credentials = try #require(ZooKeeperDigestCredentials(text))
        #expect(credentials.user == "user")
        #expect(credentials.password == String(text.dropFirst(5)))
    }

    @Test(arguments: ["", "user", ":pass", "user:"])
    func rejectsMalformedCredentials(_ text: String) {
        #expect(ZooKeeperDigestCredentials(text) == nil)
    }
}
