import Hummingbird
import SecretStoreCore

extension SecretStoreRequestContext {
    /// The authenticated account; 401 if the route is not behind the authentication middleware.
    public func requireAccount() throws -> AuthenticatedAccount {
        guard let account else { throw APIError.unauthenticated("authentication required") }
        return account
    }

    /// Throws 403 unless the account may perform `action` on `resource`.
    public func requirePermission(_ action: PermissionAction, on resource: ResourceID) throws {
        let account = try requireAccount()
        auditRecord?.note {
            $0.object = resource.rawValue
            $0.action = action.rawValue
        }
        guard account.identity.isAllowed(account.uid, action, on: resource) else {
            throw IdentityError(.forbidden, "'\(account.uid)' may not \(action.rawValue) '\(resource)'")
        }
    }
}
