import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// What the `dcos` CLI reads to attach to a cluster (contract §7): the root page, the DC/OS version
/// and the cluster's metadata.
struct ClusterRoutes: Sendable {
    let installation: Installation

    typealias Context = SecretStoreRequestContext

    /// Adds the routes to `root` (the empty prefix).
    func register(on root: AccessGroup) {
        root.getAndHead("/", access: .anyone, use: page)
        root.get("/dcos-metadata/dcos-version.json", access: .anyone, use: version)
        root.get("/metadata", access: .authenticated, use: metadata)
    }

    /// A short page naming the service and its version.
    @Sendable func page(_ request: Request, _ context: Context) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "SecretStore \(ServerVersion.version)\n")))
    }

    @Sendable func version(_ request: Request, _ context: Context) -> Response {
        let build = "secret-store-\(ServerVersion.version)"
        return JSONResponse.make(
            .ok,
            DCOSVersionAnswer(
                version: ServerVersion.dcosVersion, variant: "enterprise", imageCommit: build, bootstrapID: build))
    }

    /// The cluster id, and the address the client reached (the `Host` header's, when it is IPv4).
    @Sendable func metadata(_ request: Request, _ context: Context) async throws -> Response {
        let host = request.head.authority.map(HTTPSRedirect.hostPart) ?? ""
        let address = HostName.ipv4(host) != nil ? host : ""
        return JSONResponse.make(
            .ok, ClusterMetadataAnswer(clusterID: try await installation.clusterID(), publicIPv4: address))
    }
}
