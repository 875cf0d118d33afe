/// One resource's granted actions, as `GET /acs/api/v1/users/{uid}/permissions` and
/// `GET /acs/api/v1/groups/{gid}/permissions` list them: `{"rid","description","aclurl","gid"?,
/// "actions"}`, `gid` naming the group a grant comes through.
///
/// The server always sends `description` and `aclurl`; a client needs only `rid` and `actions`.
public struct PermissionAnswer: Codable, Sendable, Equatable {
    /// The resource id.
    public var rid: String
    /// The ACL's description.
    public var description: String?
    /// `/acs/api/v1/acls/{rid}`.
    public var aclurl: String?
    /// The group the grant is made to; absent for a grant made to the user itself.
    public var gid: String?
    /// The granted actions.
    public var actions: [ActionAnswer]

    /// A permission with these fields.
    public init(rid: String, description: String?, aclurl: String?, gid: String?, actions: [ActionAnswer]) {
        self.rid = rid
        self.description = description
        self.aclurl = aclurl
        self.gid = gid
        self.actions = actions
    }
}
