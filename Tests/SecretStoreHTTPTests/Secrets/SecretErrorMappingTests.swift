import Hummingbird
import SecretStoreCore
import SecretStoreHTTP
import Testing

@Suite("Secret errors over HTTP")
struct SecretErrorMappingTests {
    @Test(arguments: [
        (SecretError.Code.invalidPath, HTTPResponse.Status.badRequest), (.badRequest, .badRequest),
        (.notFound, .notFound), (.alreadyExists, .conflict), (.conflict, .conflict), (.tooLarge, .contentTooLarge),
        (.notAcceptable, .notAcceptable), (.unsupportedMediaType, .unsupportedMediaType),
        (SecretError.Code(rawValue: "SOMETHING_NEW"), .internalServerError),
    ])
    func everyCodeHasOneStatus(_ code: SecretError.Code, _ status: HTTPResponse.Status) {
        let answer = APIError(SecretError(code, "what happened"))
        #expect(answer.status == status)
        #expect(answer.code == code.rawValue)
        #expect(answer.message == "what happened")
    }
}
