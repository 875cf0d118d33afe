import Foundation

/// The JSON header at the start of a backup file: what the file is a backup of.
public struct BackupHeader: Codable, Sendable, Hashable {
    /// The file format (`BackupFileFormat.version`), repeated in the header for readers of the JSON.
    public var format: Int
    /// The store backed up (`default`).
    public var storeID: String
    /// When the backup began.
    public var created: Date
    /// The installation's cluster id, if it had one.
    public var clusterID: String?
    /// The seal mode of the store backed up: `bootstrap` or `custom`.
    public var mode: String
    /// The version of the server that wrote the file.
    public var serverVersion: String

    private enum CodingKeys: String, CodingKey {
        case format, created, mode
        case storeID = "store_id"
        case clusterID = "cluster_id"
        case serverVersion = "server_version"
    }

    /// Creates a header.
    public init(format: Int, storeID: String, created: Date, clusterID: String?, mode: String, serverVersion: String) {
        self.format = format
        self.storeID = storeID
        self.created = created
        self.clusterID = clusterID
        self.mode = mode
        self.serverVersion = serverVersion
    }

    /// The header's JSON, keys sorted.
    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(self))
    }

    /// Decodes a header; `BackupError.damaged` if it does not.
    init(decoding bytes: ArraySlice<UInt8>) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        guard let header = try? decoder.decode(BackupHeader.self, from: Data(bytes)) else {
            throw BackupError(.damaged, "the backup's header does not decode")
        }
        self = header
    }
}
