import Foundation
import SecretStoreWire
import Testing

@testable import secrets

/// Which credentials a launcher uses, in order, and that a credential's key never shows.
@Suite struct CredentialSourceTests {
    static let credential = """
        {"login_endpoint": "https://leader.mesos/acs/api/v1/auth/login", \
        "private_key": "-----BEGIN PRIVATE KEY-----\\nc2VjcmV0\\n-----END PRIVATE KEY-----\\n", \
        "scheme": "RS256", "uid": "spark"}
        """

    @Test func serviceAccountCredentialComesFirst() throws {
        let source = try CredentialSource(environment: [
            "DCOS_SERVICE_ACCOUNT_CREDENTIAL": Self.credential, "SECRETS_TOKEN": "t", "SECRETS_CONFIG": "/c",
        ])
        guard case .serviceAccount(let credential, let trust) = source else {
            Issue.record("not a service account: \(source)")
            return
        }
        #expect(credential.uid == "spark")
        #expect(trust == .system)
        #expect(try credential.serverURL == "https://leader.mesos")
        #expect(!"\(source)".contains("c2VjcmV0"))
        #expect(
            "\(source)" == "service account spark at \(credential.loginEndpoint) (from DCOS_SERVICE_ACCOUNT_CREDENTIAL)"
        )
    }

    @Test func tokenComesNextThenTheSavedConfiguration() throws {
        let token = try CredentialSource(environment: ["SECRETS_TOKEN": "tok", "SECRETS_CONFIG": "/c"])
        guard case .token(let url, let value, let trust) = token else {
            Issue.record("not a token: \(token)")
            return
        }
        #expect(url == "http://127.0.0.1:1337")
        #expect(value == "tok")
        #expect(trust == .system)
        #expect(!"\(token)".contains("tok "))
        let other = try CredentialSource(environment: ["SECRETS_TOKEN": "tok", "SECRETS_URL": "http://h:1"])
        if case .token(let url, _, _) = other { #expect(url == "http://h:1") } else { Issue.record("\(other)") }
        let saved = try CredentialSource(environment: ["SECRETS_CONFIG": "/somewhere/config.json"])
        if case .savedConfiguration(let path) = saved {
            #expect(path == "/somewhere/config.json")
        } else {
            Issue.record("\(saved)")
        }
    }

    @Test(arguments: [
        ("{not json c2VjcmV0", "is not a service account credential"),
        (#"{"login_endpoint": "x", "private_key": "c2VjcmV0", "uid": "u"}"#, "is not a service account credential"),
        (#"{"login_endpoint": "x", "private_key": "c2VjcmV0", "scheme": "HS256", "uid": "u"}"#, "must be RS256"),
    ])
    func badCredentialIsRefusedWithoutQuotingIt(text: String, message: String) {
        let error = failure { try CredentialSource(environment: ["DCOS_SERVICE_ACCOUNT_CREDENTIAL": text]) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
        #expect(error?.contains("c2VjcmV0") == false)
    }

    @Test func loginEndpointMustBeTheLoginPath() throws {
        var credential = try ServiceAccountCredential(json: Self.credential, source: "test")
        credential.loginEndpoint = "http://127.0.0.1:1337/acs/api/v1/auth/login/"
        #expect(try credential.serverURL == "http://127.0.0.1:1337")
        credential.loginEndpoint = "http://127.0.0.1:1337/login"
        #expect(failure { try credential.serverURL }?.contains("does not end with /acs/api/v1/auth/login") == true)
    }
}
