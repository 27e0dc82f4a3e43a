import Foundation

/// The one check of an edited region attribute value.
public enum RegionAttributeRules {
    /// Nil when `value` is acceptable for attribute `name`, else the reason in one sentence.
    public static func problem(name: String, value: String) -> String? {
        if name == RegionAttribute.level { return "the level is not an editable attribute" }
        if let allowed = RegionAttribute.allowedValues[name] {
            return allowed.contains(value) ? nil : "attribute '\(name)' must be one of \(allowed.joined(separator: " ")), got '\(value)'"
        }
        if RegionAttribute.numeric.contains(name) {
            guard let v = Double(value), v.isFinite, v >= 0 else {
                return "attribute '\(name)' must be a non-negative number, got '\(value)'"
            }
            return nil
        }
        let known = (Array(RegionAttribute.allowedValues.keys) + RegionAttribute.numeric).filter { $0 != RegionAttribute.level }.sorted()
        return "unknown attribute '\(name)' (known: \(known.joined(separator: " ")))"
    }
}
