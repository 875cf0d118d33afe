import Foundation
import Hummingbird
import SecretStoreCore
import SecretStoreWire
import X509

/// The store's CA over HTTP (contract §8): the root certificate for anyone at `/ca/dcos-ca.crt`,
/// and cfssl's API under `/ca/api/v2`, whose every answer is cfssl's envelope.
struct CARoutes: Sendable {
    let authority: CertificateAuthority

    typealias Context = SecretStoreRequestContext

    /// Adds `GET`/`HEAD /dcos-ca.crt` to `ca` (`/ca`) and the API to `api` (`/ca/api/v2`, whose
    /// errors `CFSSLErrorMiddleware` renders).
    func register(on ca: AccessGroup, api: AccessGroup) {
        ca.getAndHead("/dcos-ca.crt", access: .anyone, use: rootCertificate)
        api.post("/info", access: .authenticated, use: info)
        api.post("/newkey", access: .authenticated, use: newKey)
        api.post("/newcert", access: .authenticated, use: newCertificate)
        api.post("/sign", access: .authenticated, use: sign)
        api.post("/bundle", access: .authenticated, use: bundle)
        api.post("/certificates", access: .authenticated, use: certificates)
    }

    /// The root certificate, PEM (the self-signed top of an operator's chain too).
    @Sendable func rootCertificate(_ request: Request, _ context: Context) async throws -> Response {
        let pem = try [try await authority.requireCertificates().last!].pemChain()
        return Response(
            status: .ok, headers: [.contentType: "application/x-pem-file"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: pem)))
    }

    @Sendable func info(_ request: Request, _ context: Context) async throws -> Response {
        _ = try await request.decodeCFSSLBody(as: CAInfoBody.self, context: context)
        let signing = try await authority.requireCertificates()[0]
        return Self.success(
            CAInfoAnswer(
                certificate: try signing.serializeAsPEM().pemString,
                usages: ["signing", "key encipherment", "server auth", "client auth"],
                expiry: "\(Int(CertificateIssuer.defaultValidity / 3600))h"))
    }

    @Sendable func newKey(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await request.decodeCFSSLBody(as: CertificateNameRequest.self, context: context)
        try context.requirePermission(.full, on: .caReadWrite)
        let generated = try await authority.newKey(
            spec: try body.keySpec, names: body.certificateNames, hosts: body.hosts ?? [])
        return Self.success(try CANewKeyAnswer(generated))
    }

    @Sendable func newCertificate(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await request.decodeCFSSLBody(as: CANewCertBody.self, context: context)
        try context.requirePermission(.full, on: .caReadWrite)
        let generated = try await authority.newCertificate(
            spec: try body.request.keySpec, names: body.request.certificateNames, hosts: body.request.hosts ?? [])
        return Self.success(try CANewKeyAnswer(generated))
    }

    @Sendable func sign(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await request.decodeCFSSLBody(as: CASignBody.self, context: context)
        try context.requirePermission(.full, on: .caReadWrite)
        let signingRequest = try SigningRequest(pem: body.certificateRequest)
        let certificate = try await authority.sign(
            signingRequest, hosts: body.hosts, subject: body.subject.map(\.certificateNames))
        return Self.success(CASignAnswer(certificate: try certificate.serializeAsPEM().pemString))
    }

    @Sendable func bundle(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await request.decodeCFSSLBody(as: CABundleBody.self, context: context)
        try context.requirePermission(.full, on: .caReadOnly)
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: body.certificate)
        } catch {
            throw CAError(.badRequest, "the certificate does not parse as a PEM certificate")
        }
        let (bundle, root) = try await authority.bundle(certificate)
        return Self.success(
            CABundleAnswer(
                bundle: try bundle.pemChain(),
                root: try root.serializeAsPEM().pemString))
    }

    @Sendable func certificates(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await request.decodeCFSSLBody(as: CACertificatesBody.self, context: context)
        try context.requirePermission(.full, on: .caReadOnly)
        let records = try await authority.issued(
            serial: body.serial, authorityKeyID: body.authorityKeyID, includeExpired: body.expiredOK ?? false)
        return Self.success(CACertificatesAnswer(certificates: records.map(CACertificatesAnswer.Entry.init)))
    }

    /// A success envelope around `result`.
    static func success<Result: Codable & Sendable>(_ result: Result) -> Response {
        JSONResponse.make(.ok, CFSSLEnvelope(result: result))
    }
}

extension Request {
    /// A cfssl request body: JSON as everywhere else, where an empty body is the empty object (cfssl
    /// clients send `info` without one).
    fileprivate func decodeCFSSLBody<T: Decodable>(as type: T.Type, context: some RequestContext) async throws -> T {
        if headers[.contentLength] == "0" || (headers[.contentLength] == nil && headers[.transferEncoding] == nil) {
            return try Request.decodeJSON(as: T.self, from: Data("{}".utf8))
        }
        return try await decodeJSON(as: type, context: context)
    }
}
