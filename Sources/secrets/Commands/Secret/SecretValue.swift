import Foundation

/// A secret's value: text (stored as JSON) or bytes (stored as a binary secret).
enum SecretValue {
    /// A text value, exactly as given.
    case text(String)
    /// A binary value: any bytes.
    case binary(Data)
}
