extension SecretRecord {
    /// The bytes `description` and `labels` take in `encoded()`: each label's 4-byte length and its
    /// UTF-8, the description's flag, length and UTF-8. What the metadata limit counts, so that a
    /// label costs at least its length prefix: 700,000 empty labels are 2.8 MB, not 0.
    public static func encodedMetadataSize(description: String?, labels: [String]) -> Int {
        labels.reduce(description.map { 5 + $0.utf8.count } ?? 1) { $0 + 4 + $1.utf8.count }
    }

    /// The longest `encoded()` a record may have when its value holds at most `valueLimit` bytes and
    /// its metadata at most `metadataLimit` encoded bytes: the fixed fields (format, kind, created,
    /// the label count and the value's length), an author of the longest id, the metadata and the
    /// value.
    public static func maximumEncodedSize(valueLimit: Int, metadataLimit: Int) -> Int {
        let fixed = 1 + 1 + 8 + 4 + 4
        let author = 4 + IdentityName.maximumLength
        return fixed + author + metadataLimit + valueLimit
    }

    /// This record's `encodedMetadataSize`.
    var encodedMetadataSize: Int { Self.encodedMetadataSize(description: description, labels: labels) }
}
