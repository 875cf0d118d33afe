/// The decoded secret values one task receives: environment variables and files. It holds secret
/// bytes, so it has no description and is never printed.
struct SecretDelivery {
    /// Environment variables: name and value bytes (no NUL).
    var environment: [(name: String, value: [UInt8])] = []
    /// Files: destination as given, and contents.
    var files: [(destination: String, contents: [UInt8])] = []
}
