/// One consistent view of every user, group and ACL, as of one identity revision. Requests check
/// permissions against the snapshot in memory; the directory replaces it when the revision moves.
public struct IdentitySnapshot: Sendable {
    /// Accounts by uid.
    public private(set) var users: [String: User] = [:]
    /// Groups by gid.
    public private(set) var groups: [String: Group] = [:]
    /// ACLs by resource id.
    public private(set) var acls: [ResourceID: ResourceACL] = [:]
    /// The gids of every user's groups (derived from `groups`).
    private var groupsByMember: [String: Set<String>] = [:]

    /// The journal as of this snapshot (counter 0: nothing was ever written).
    var journal = IdentityJournal(counter: 0, entries: [])
    /// The storage version of the journal record (`nil`: there is none yet).
    var revisionVersion: StorageVersion?
    /// The storage version of every record, for version-checked writes.
    var versions: [StorageKey: StorageVersion] = [:]

    /// An empty snapshot.
    public init() {}

    /// The gids of the groups `uid` belongs to.
    public func groups(of uid: String) -> Set<String> { groupsByMember[uid] ?? [] }

    /// Whether `uid` may perform `action` on `resource`: directly or through any of its groups, by
    /// an exact grant, a `/*` wildcard, a listing grant on a parent folder, or `dcos:superuser`.
    /// Unknown users are allowed nothing.
    public func isAllowed(_ uid: String, _ action: PermissionAction, on resource: ResourceID) -> Bool {
        guard users[uid] != nil else { return false }
        let memberOf = groups(of: uid)
        for candidate in resource.coveringGrants {
            guard let acl = acls[candidate] else { continue }
            // Any action on dcos:superuser grants everything.
            let grants: (Set<PermissionAction>) -> Bool =
                candidate == .superuser ? { !$0.isEmpty } : { $0.contains { $0.allows(action) } }
            if let direct = acl.users[uid], grants(direct) { return true }
            for gid in memberOf {
                if let viaGroup = acl.groups[gid], grants(viaGroup) { return true }
            }
        }
        return false
    }

    /// Throws `.notFound` unless the user or group exists.
    public func requireExists(_ principal: Principal) throws(IdentityError) {
        switch principal {
        case .user(let uid):
            guard users[uid] != nil else { throw IdentityError(.notFound, "no user '\(uid)'") }
        case .group(let gid):
            guard groups[gid] != nil else { throw IdentityError(.notFound, "no group '\(gid)'") }
        }
    }

    /// Whether `uid` holds `dcos:superuser`, directly or through a group.
    public func isSuperuser(_ uid: String) -> Bool { isAllowed(uid, .full, on: .superuser) }

    // MARK: Changing (only the directory does, after storage accepted the change)

    mutating func setUser(_ user: User?, uid: String, version: StorageVersion?) {
        users[uid] = user
        versions[IdentityRecordKey.user(uid)] = version
    }

    mutating func setGroup(_ group: Group?, gid: String, version: StorageVersion?) {
        groups[gid] = group
        versions[IdentityRecordKey.group(gid)] = version
    }

    mutating func setACL(_ acl: ResourceACL?, rid: ResourceID, version: StorageVersion?) {
        acls[rid] = acl
        versions[IdentityRecordKey.acl(rid)] = version
    }

    /// Rebuilds the derived indexes after records changed.
    mutating func reindex() {
        var index: [String: Set<String>] = [:]
        for group in groups.values {
            for uid in group.members { index[uid, default: []].insert(group.gid) }
        }
        groupsByMember = index
    }
}
