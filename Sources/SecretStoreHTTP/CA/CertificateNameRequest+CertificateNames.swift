import SecretStoreCore
import SecretStoreWire

extension CertificateNameRequest {
    /// The subject asked for: `CN` and cfssl's `names`.
    var certificateNames: CertificateNames {
        CertificateNames(
            commonName: commonName,
            entries: (names ?? []).map {
                CertificateNames.Entry(
                    country: $0.c, state: $0.st, locality: $0.l, organization: $0.o, organizationalUnit: $0.ou)
            })
    }

    /// The key asked for; cfssl's default (ECDSA P-256) without one, 400 for a size outside cfssl's list.
    var keySpec: CAKeySpec {
        get throws {
            guard let key else { return .default }
            return try CAKeySpec(algo: key.algo, size: key.size)
        }
    }
}
