/// `GET /metadata` (contract §7): what the `dcos` CLI files the cluster under.
public struct ClusterMetadataAnswer: Codable, Sendable, Equatable {
    /// The installation's id: a lowercase UUID4, the same on every instance.
    public var clusterID: String
    /// The address clients reach the store at.
    public var publicIPv4: String

    /// Creates an answer.
    public init(clusterID: String, publicIPv4: String) {
        self.clusterID = clusterID
        self.publicIPv4 = publicIPv4
    }

    private enum CodingKeys: String, CodingKey {
        case clusterID = "CLUSTER_ID"
        case publicIPv4 = "PUBLIC_IPV4"
    }
}
