import ArgumentParser

/// What a `secrets store` command that prints the server's answer takes: `-j/--json`, the store
/// and the server. The answer is printed as text, or as the server's JSON with `--json`.
struct StoreQueryOptions: ParsableArguments {
    @Flag(name: [.short, .long], help: "Print the server's JSON.")
    var json = false

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    /// Sends `method path` (`path` made from the store id) and prints the answer.
    func printAnswer(_ method: String, _ path: (String) -> String) async throws {
        let answer = try await server.client().send(method, path(store.storeID))
        print(JSONValue.rendered(answer, json: json))
    }
}
