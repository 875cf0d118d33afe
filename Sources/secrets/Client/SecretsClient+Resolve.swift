import SecretStoreWire

extension SecretsClient {
    /// The secrets at `paths` for a task of `space`, in one `POST /resolve` call: all or nothing.
    func resolve(_ paths: [String], space: String, store: String) async throws -> [DeliveredSecret] {
        try await send(
            "POST", SecretsAPIPath.resolve(store), json: ResolveBody(space: space, secrets: paths),
            as: ResolveAnswer.self
        ).secrets
    }

    /// How each of `paths` would fare for a task of `space` (`?validate=true`), without values.
    func validate(_ paths: [String], space: String, store: String) async throws -> ResolveValidationAnswer {
        try await send(
            "POST", SecretsAPIPath.resolve(store, validate: true),
            json: ResolveBody(space: space, secrets: paths), as: ResolveValidationAnswer.self)
    }

    /// `resolve`, with a refusal explained: when the server refuses (403 outside the space or not
    /// readable, 404 missing) it names only the paths of the first check that failed, so a
    /// `?validate=true` call learns every offending path, thrown as a `SecretAccessRefusal`.
    func resolveExplaining(_ paths: [String], space: String, store: String) async throws -> [DeliveredSecret] {
        do {
            return try await resolve(paths, space: space, store: store)
        } catch let error as CLIError where error.status == 403 || error.status == 404 {
            if let validation = try? await validate(paths, space: space, store: store), !validation.isComplete {
                throw SecretAccessRefusal(
                    space: space, paths: paths, denied: validation.denied, missing: validation.missing)
            }
            // The check could not tell (or things changed in between): report the refusal itself.
            guard !error.paths.isEmpty else { throw error }
            let missing = error.code == "NOT_FOUND"
            throw SecretAccessRefusal(
                space: space, paths: paths, denied: missing ? [] : error.paths, missing: missing ? error.paths : [])
        }
    }
}
