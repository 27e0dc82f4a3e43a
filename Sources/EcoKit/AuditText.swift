import Foundation

/// Text a client sends that ends up in the audit trail or in a value's source (a file name, a reason): control
/// characters (line breaks included, which could forge a row of `ecoprov history`) become spaces, and the text is
/// cut to `maxLength` characters.
public enum AuditText {
    /// The longest text kept.
    public static let maxLength = 200

    /// `text` without control characters, at most `maxLength` characters, trimmed.
    public static func clean(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { s -> Character in
            s.properties.generalCategory == .control || s.properties.generalCategory == .format && s != "\u{200D}" ? " " : Character(s)
        }
        return String(String(scalars).trimmingSpacesOnly.prefix(maxLength))
    }
}
