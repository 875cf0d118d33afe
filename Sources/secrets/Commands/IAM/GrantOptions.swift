import ArgumentParser
import SecretStoreWire

/// What `secrets iam grant` and `secrets iam revoke` act on: an action on a resource, for one user
/// or one group.
struct GrantOptions: ParsableArguments {
    /// The actions of a grant; `full` implies the other four.
    enum Action: String, CaseIterable, ExpressibleByArgument {
        case create, read, update, delete, full
    }

    @Argument(help: "The resource id, e.g. dcos:secrets:default:/db/password.")
    var rid: String

    @Argument(help: "The action: create, read, update, delete or full.")
    var action: Action

    @Option(help: "The user or service account.")
    var user: String?

    @Option(help: "The group.")
    var group: String?

    func validate() throws {
        guard (user == nil) != (group == nil) else { throw ValidationError("give one of --user and --group") }
    }

    /// `user UID` or `group GID`, for messages.
    var principal: String { user.map { "user \($0)" } ?? "group \(group ?? "")" }

    /// The ACL's path.
    var aclPath: String { IdentityAPIPath.acl(rid) }

    /// The grant's path, for a user or for a group.
    var grantPath: String {
        user.map { IdentityAPIPath.grant(action.rawValue, on: rid, toUser: $0) }
            ?? IdentityAPIPath.grant(action.rawValue, on: rid, toGroup: group ?? "")
    }
}
