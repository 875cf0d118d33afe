/// The records one identity write replaces or removes (`nil`), computed from a snapshot.
struct IdentityChangeSet: Sendable {
    var users: [String: User?] = [:]
    var groups: [String: Group?] = [:]
    var acls: [ResourceID: ResourceACL?] = [:]

    var isEmpty: Bool { users.isEmpty && groups.isEmpty && acls.isEmpty }
}
