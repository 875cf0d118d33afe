/// Which listeners serve what (contract §7): DC/OS's three security modes.
public enum SecurityMode: String, Sendable, CaseIterable {
    /// Plain HTTP serves everything; no HTTPS listener.
    case disabled
    /// HTTPS serves everything; plain HTTP redirects only the root path to HTTPS.
    case permissive
    /// HTTPS serves everything, with `Strict-Transport-Security`; plain HTTP redirects every request.
    case strict
}
