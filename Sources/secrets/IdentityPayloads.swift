/// Request and response bodies of the identity API, as `Sources/SecretStoreHTTP/Identity` defines
/// them; only the fields the CLI sends or shows.
enum IdentityPayloads {
    /// `PUT /users/{uid}`: a password makes a user, a public key a service account.
    struct UserBody: Encodable {
        var description: String
        var password: String?
        var publicKey: String?

        enum CodingKeys: String, CodingKey {
            case description, password
            case publicKey = "public_key"
        }
    }

    /// `PUT /groups/{gid}` and `PUT /acls/{rid}`.
    struct DescriptionBody: Encodable {
        var description: String
    }

    /// The `{"array": [...]}` of every list.
    struct ArrayAnswer<Element: Decodable>: Decodable {
        var array: [Element]
    }

    /// One user or service account of `GET /users`.
    struct UserAnswer: Decodable {
        var uid: String
        var description: String
    }

    /// One group of `GET /groups`.
    struct GroupAnswer: Decodable {
        var gid: String
        var description: String
    }

    /// `GET /users/{uid}/permissions`: grants made to the user and to its groups.
    struct PermissionsAnswer: Decodable {
        struct Action: Decodable {
            var name: String
        }

        struct Permission: Decodable {
            var rid: String
            var gid: String?
            var actions: [Action]
        }

        var direct: [Permission]
        var groups: [Permission]
    }
}
