import Foundation
import SwiftASN1
import X509

/// A certificate subject as cfssl requests write it: a common name and `names` entries of
/// country, state, locality, organisation and organisational unit.
public struct CertificateNames: Sendable, Hashable {
    /// One `names` entry (`{"C", "ST", "L", "O", "OU"}`), every field optional.
    public struct Entry: Sendable, Hashable {
        /// Country (`C`).
        public var country: String?
        /// State or province (`ST`).
        public var state: String?
        /// Locality (`L`).
        public var locality: String?
        /// Organisation (`O`).
        public var organization: String?
        /// Organisational unit (`OU`).
        public var organizationalUnit: String?

        /// An entry with the given fields.
        public init(
            country: String? = nil, state: String? = nil, locality: String? = nil, organization: String? = nil,
            organizationalUnit: String? = nil
        ) {
            self.country = country
            self.state = state
            self.locality = locality
            self.organization = organization
            self.organizationalUnit = organizationalUnit
        }
    }

    /// The common name (`CN`), if any.
    public var commonName: String?
    /// The `names` entries, in request order.
    public var entries: [Entry]

    /// A subject of `commonName` and `entries`.
    public init(commonName: String?, entries: [Entry] = []) {
        self.commonName = commonName
        self.entries = entries
    }

    /// The X.509 distinguished name: the entries' attributes in cfssl's order (C, ST, L, O, OU per
    /// entry), then the common name.
    public func distinguishedName() throws(CAError) -> DistinguishedName {
        var rdns: [RelativeDistinguishedName] = []
        do {
            for entry in entries {
                if let value = entry.country {
                    rdns.append(.init(try .init(type: .RDNAttributeType.countryName, printableString: value)))
                }
                if let value = entry.state {
                    rdns.append(.init(.init(type: .RDNAttributeType.stateOrProvinceName, utf8String: value)))
                }
                if let value = entry.locality {
                    rdns.append(.init(.init(type: .RDNAttributeType.localityName, utf8String: value)))
                }
                if let value = entry.organization {
                    rdns.append(.init(.init(type: .RDNAttributeType.organizationName, utf8String: value)))
                }
                if let value = entry.organizationalUnit {
                    rdns.append(.init(.init(type: .RDNAttributeType.organizationalUnitName, utf8String: value)))
                }
            }
            if let commonName { rdns.append(.init(.init(type: .RDNAttributeType.commonName, utf8String: commonName))) }
        } catch {
            throw CAError(.badRequest, "the subject names cannot be encoded (a country is two printable letters)")
        }
        return DistinguishedName(rdns)
    }
}
