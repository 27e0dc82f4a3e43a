import Foundation

/// The fields of an `application/x-www-form-urlencoded` body (the HTML forms' encoding, WHATWG URL §5.1): `&`-separated
/// `name=value` pairs, `+` for a space, `%XX` escapes. Written by hand because it is a dozen lines; Hummingbird's
/// URLEncodedFormDecoder decodes into fixed `Decodable` types, and the unit form's fields are named by indicator.
public enum FormBody {
    /// The longest field name kept (longer ones are dropped).
    public static let maxNameLength = 200
    /// The most fields read.
    public static let maxFields = 2000

    /// `a=1&b=x+y` → ["a": "1", "b": "x y"]. The first of repeated names wins; a malformed escape is kept as typed.
    public static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true).prefix(maxFields) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                let spaced = s.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(kv[0])
            guard key.count <= maxNameLength else { continue }
            if out[key] == nil { out[key] = kv.count > 1 ? decode(kv[1]) : "" }
        }
        return out
    }
}
