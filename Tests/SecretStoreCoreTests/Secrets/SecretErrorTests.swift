import SecretStoreCore
import Testing

@Suite("Secret errors")
struct SecretErrorTests {
    @Test(arguments: [
        (SecretError.Code.invalidPath, "INVALID_PATH"), (.notFound, "NOT_FOUND"), (.alreadyExists, "ALREADY_EXISTS"),
        (.conflict, "CONFLICT"), (.tooLarge, "TOO_LARGE"), (.notAcceptable, "NOT_ACCEPTABLE"),
        (.unsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"), (.badRequest, "BAD_REQUEST"),
    ])
    func codesAreStable(_ code: SecretError.Code, _ raw: String) {
        #expect(code.rawValue == raw)
        #expect(SecretError(code, "x").description == "\(raw): x")
    }
}
