import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreTesting
import Testing

@Suite("Authentication over HTTP")
struct AuthenticationTests {
    @Test func passwordLoginAnswersATokenAndSetsTheCookie() async throws {
        try await withIdentityAPI { api in
            let body = #"{"uid":"root","password":"\#(IdentityFixture.superuserPassword)"}"#
            let response = try await api.send(.post, "/acs/api/v1/auth/login", json: body, token: "")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let token = try #require(response.json["token"] as? String)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.hasPrefix("dcos-acs-auth-cookie=\(token)"))
            #expect(cookie.contains("HttpOnly"))
            #expect(try await api.send(.get, "/acs/api/v1/users", token: token).status == .ok)
        }
    }

    @Test func theTokenIsAcceptedInEveryFormClientsSend() async throws {
        try await withIdentityAPI { api in
            let token = api.rootToken
            let forms: [HTTPFields] = [
                [.authorization: "token=\(token)"], [.authorization: "Bearer \(token)"],
                [.cookie: "other=1; dcos-acs-auth-cookie=\(token)"],
            ]
            for headers in forms {
                let response = try await api.send(.get, "/acs/api/v1/users", token: "", headers: headers)
                #expect(response.status == .ok, "\(headers)")
            }
        }
    }

    @Test func missingOrBadTokensAre401WithTheACSChallenge() async throws {
        try await withIdentityAPI { api in
            let expired = try await api.identity.issueToken(for: "root", now: .now.addingTimeInterval(-7200)).token
            let cases: [HTTPFields] = [
                [:], [.authorization: "token="], [.authorization: "token=garbage"], [.authorization: "Basic cm9vdDpy"],
                [.authorization: "token=\(expired)"], [.authorization: "Bearer \(api.rootToken)x"],
                [.cookie: "dcos-acs-auth-cookie=nonsense"],
            ]
            for headers in cases {
                let response = try await api.send(.get, "/acs/api/v1/users", token: "", headers: headers)
                #expect(response.status == .unauthorized, "\(headers)")
                #expect(response.headers[.wwwAuthenticate] == "acsjwt")
                #expect(response.errorCode == "UNAUTHENTICATED")
                #expect(response.headers[.contentType] == "application/json")
            }
        }
    }

    @Test func aTokenOfADeletedAccountIsRefused() async throws {
        try await withIdentityAPI { api in
            try await api.send(.put, "/acs/api/v1/users/alice", json: #"{"password":"alice-password"}"#)
            let aliceToken = try await api.token(for: "alice")
            #expect(try await api.send(.get, "/acs/api/v1/users", token: aliceToken).status == .forbidden)
            #expect(try await api.send(.delete, "/acs/api/v1/users/alice").status == .noContent)
            let response = try await api.send(.get, "/acs/api/v1/users", token: aliceToken)
            #expect(response.status == .unauthorized)
            #expect(response.headers[.wwwAuthenticate] == "acsjwt")
        }
    }

    /// Deleting an account ends its tokens for good: a later account with the same uid, even a
    /// superuser, does not bring them back.
    @Test func aTokenOfADeletedAccountStaysRefusedWhenTheUidIsTakenAgain() async throws {
        try await withIdentityAPI { api in
            try await api.send(.put, "/acs/api/v1/users/alice", json: #"{"password":"alice-password"}"#)
            let old = try await api.token(for: "alice")
            #expect(try await api.send(.delete, "/acs/api/v1/users/alice").status == .noContent)
            try await api.send(.put, "/acs/api/v1/users/alice", json: #"{"password":"alice-password-2"}"#)
            #expect(try await api.send(.put, "/acs/api/v1/groups/superusers/users/alice").status == .noContent)
            let refused = try await api.send(.get, "/acs/api/v1/users", token: old)
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[.wwwAuthenticate] == "acsjwt")
            #expect(refused.errorCode == "UNAUTHENTICATED")
            #expect(
                try await api.send(.get, "/acs/api/v1/users", token: try await api.token(for: "alice")).status == .ok)
        }
    }

    @Test func failedLoginsAre401AndThenThrottledWith429() async throws {
        try await withIdentityAPI(loginPolicy: .init(failuresPerUID: 2, failuresPerAddress: 50)) { api in
            for body in [#"{"uid":"root","password":"wrong-password"}"#, #"{"uid":"nobody","password":"x"}"#] {
                let response = try await api.send(.post, "/acs/api/v1/auth/login", json: body, token: "")
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "acsjwt")
                #expect(response.headers[.setCookie] == nil)
            }
            try await api.send(
                .post, "/acs/api/v1/auth/login", json: #"{"uid":"root","password":"wrong-again"}"#, token: "")
            let throttled = try await api.send(
                .post, "/acs/api/v1/auth/login",
                json: #"{"uid":"root","password":"\#(IdentityFixture.superuserPassword)"}"#, token: "")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.errorCode == "TOO_MANY_REQUESTS")
            #expect(Int(throttled.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test func malformedLoginRequestsAreRefusedWithTheirReason() async throws {
        try await withIdentityAPI { api in
            let cases: [(String, String, HTTPResponse.Status, String)] = [
                (#"{"password":"x"}"#, "application/json", .badRequest, "BAD_REQUEST"),
                (#"{"uid":"root"}"#, "application/json", .badRequest, "BAD_REQUEST"),
                (#"{"uid":"root","password":"a","token":"b"}"#, "application/json", .badRequest, "BAD_REQUEST"),
                ("not json", "application/json", .badRequest, "BAD_REQUEST"),
                (#"{"uid":"root","password":"x"}"#, "text/plain", .unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"),
                (
                    #"{"uid":"root","password":"\#(String(repeating: "p", count: 70_000))"}"#, "application/json",
                    .contentTooLarge, "TOO_LARGE"
                ),
            ]
            for (body, type, status, code) in cases {
                let response = try await api.send(
                    .post, "/acs/api/v1/auth/login", json: body, token: "", contentType: type)
                #expect(response.status == status, "\(body.prefix(40))")
                #expect(response.errorCode == code)
                #expect(!String(buffer: response.body).contains("ppppp"))
            }
        }
    }

    @Test func serviceAccountsLogInWithALoginToken() async throws {
        try await withIdentityAPI { api in
            let key = try JWTFixtures.text("service-account.pub.pem")
            let create = try await api.send(
                .put, "/acs/api/v1/users/svc",
                json: String(decoding: try JSONSerialization.data(withJSONObject: ["public_key": key]), as: UTF8.self))
            #expect(create.status == .created)
            let login = try await JWTFixtures.loginToken(uid: "svc")
            let response = try await api.send(
                .post, "/acs/api/v1/auth/login", json: #"{"uid":"svc","token":"\#(login)"}"#, token: "")
            #expect(response.status == .ok)
            let stranger = try await JWTFixtures.loginToken(uid: "svc", key: "stranger")
            let refused = try await api.send(
                .post, "/acs/api/v1/auth/login", json: #"{"uid":"svc","token":"\#(stranger)"}"#, token: "")
            #expect(refused.status == .unauthorized)
        }
    }

    @Test func jwksIsPublicAndListsTheSigningKey() async throws {
        try await withIdentityAPI { api in
            let response = try await api.send(.get, "/acs/api/v1/auth/jwks", token: "")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let keys = try #require(response.json["keys"] as? [[String: Any]])
            #expect(keys.first?["kid"] as? String == api.identity.authority.publicKeys.keys.first?.kid)
            #expect(keys.first?["kty"] as? String == "RSA")
        }
    }
}
