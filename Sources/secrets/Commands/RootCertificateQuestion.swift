import SecretStoreWire

/// The question `secrets login` asks before it trusts a store's root certificate, as
/// `dcos cluster setup` does: the certificate's subject and SHA-256 fingerprint, then
/// `Trust this certificate? [yes/no]`.
struct RootCertificateQuestion {
    /// The store's URL.
    var url: String
    /// The root certificate it serves.
    var root: PEMCertificateChain

    /// The question, for standard error, with the certificate's `fingerprint`.
    func text(_ fingerprint: String) -> String {
        [
            "The store at \(url) serves this root certificate (\(CAAPIPath.rootCertificate)):",
            "  Subject: \(root.subject)",
            "  SHA-256 fingerprint: \(fingerprint)",
            "Compare it with the fingerprint the store's operator gives you.",
            "Trust this certificate? [yes/no] ",
        ].joined(separator: "\n")
    }

    /// Whether `answer` accepts: `yes` or `y`, in any case, blanks around it ignored.
    static func isYes(_ answer: String) -> Bool {
        ["yes", "y"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
