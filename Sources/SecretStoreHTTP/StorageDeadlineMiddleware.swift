import Hummingbird
import SecretStoreCore

/// Gives every request one storage deadline (`StorageDeadline`): all its storage calls together
/// get `--zk-operation-timeout`, counted from the first of them, so the request answers 503
/// `STORAGE_UNAVAILABLE` within that time however many calls it makes.
struct StorageDeadlineMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        try await StorageDeadline.run { try await next(request, context) }
    }
}
