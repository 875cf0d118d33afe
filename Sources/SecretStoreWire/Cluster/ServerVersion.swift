/// Which release of the store this is, for `GET /` and `dcos-version.json`.
public enum ServerVersion {
    /// The store's own version.
    public static let version = "0.12.0"
    /// The DC/OS API level the store follows (contract §7).
    public static let dcosVersion = "2.2.0"
}
