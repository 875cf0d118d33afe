/// Which secrets a service may receive (contract §6).
///
/// The space of a secret is its path minus the last component. A service may receive a secret iff
/// that space equals the service id or is an ancestor of it by whole components; a secret with no
/// folder is open to every service. `some/secret` is not open to `/some-other/app`: components are
/// compared, never string prefixes. The rule holds for every caller, superusers included.
///
/// A last component starting with `__dcos_base64__` only tells the launcher to decode the value;
/// it plays no part here, since the last component is not part of the space.
public struct SpaceRule: Sendable, Hashable {
    /// The service whose tasks receive the secrets.
    public let service: ServiceID

    /// The rule for `service`.
    public init(service: ServiceID) {
        self.service = service
    }

    /// The space of `secret`: its folder components (none for a secret at the root).
    public static func space(of secret: SecretPath) -> ArraySlice<String> {
        secret.components.dropLast()
    }

    /// Whether the service may receive `secret`.
    public func allows(_ secret: SecretPath) -> Bool {
        let space = Self.space(of: secret)
        return space.count <= service.components.count && service.components.starts(with: space)
    }
}
