/// A cfssl certificate request as `newkey` takes it and `newcert` nests it (contract §8):
/// `{"CN", "hosts": [...], "names": [{"C","ST","L","O","OU"}], "key": {"algo", "size"}}`.
public struct CertificateNameRequest: Codable, Sendable, Equatable {
    /// One `names` entry.
    public struct Name: Codable, Sendable, Equatable {
        /// Country.
        public var c: String?
        /// State or province.
        public var st: String?
        /// Locality.
        public var l: String?
        /// Organisation.
        public var o: String?
        /// Organisational unit.
        public var ou: String?

        /// A `names` entry.
        public init(c: String? = nil, st: String? = nil, l: String? = nil, o: String? = nil, ou: String? = nil) {
            self.c = c
            self.st = st
            self.l = l
            self.o = o
            self.ou = ou
        }

        private enum CodingKeys: String, CodingKey {
            case c = "C"
            case st = "ST"
            case l = "L"
            case o = "O"
            case ou = "OU"
        }
    }

    /// The requested key: cfssl's `{"algo": "rsa"|"ecdsa", "size"}`.
    public struct Key: Codable, Sendable, Equatable {
        /// `rsa` or `ecdsa`.
        public var algo: String
        /// Bits (RSA modulus or curve size); absent means the algorithm's default.
        public var size: Int?

        /// A key request.
        public init(algo: String, size: Int?) {
            self.algo = algo
            self.size = size
        }
    }

    /// The common name.
    public var commonName: String?
    /// Host names and IP addresses for the subject alternative names.
    public var hosts: [String]?
    /// Subject attributes.
    public var names: [Name]?
    /// The key to generate; absent means ECDSA P-256 (cfssl's default).
    public var key: Key?

    /// A request with these fields.
    public init(commonName: String?, hosts: [String]? = nil, names: [Name]? = nil, key: Key? = nil) {
        self.commonName = commonName
        self.hosts = hosts
        self.names = names
        self.key = key
    }

    private enum CodingKeys: String, CodingKey {
        case commonName = "CN"
        case hosts, names, key
    }
}
