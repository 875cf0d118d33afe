/// The `result` of `bundle`: `{"bundle": PEM chain, "root": PEM}`.
public struct CABundleAnswer: Codable, Sendable, Equatable {
    /// The certificate followed by its chain up to (not including) the root, PEM.
    public var bundle: String
    /// The root, PEM.
    public var root: String

    /// An answer with these fields.
    public init(bundle: String, root: String) {
        self.bundle = bundle
        self.root = root
    }
}
