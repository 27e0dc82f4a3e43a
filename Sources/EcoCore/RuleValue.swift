import Foundation

/// One configured rule value with how sure it is and where it comes from (governance.md's marks: a value marked
/// reconstructed is shown with that mark wherever it is used, and the province can replace the file it comes from).
/// The delivery rules and the enterprise credit schemes are made of these.
public struct RuleValue<T: Codable & Sendable & Hashable>: Codable, Sendable, Hashable {
    /// The value.
    public var value: T
    /// A (found in a source), B-d (derived) or B (reconstructed, verify).
    public var certainty: Certainty
    /// The source, e.g. "governance.md §4.2 R5".
    public var source: String

    /// Creates a value.
    public init(_ value: T, _ certainty: Certainty, _ source: String) { self.value = value; self.certainty = certainty; self.source = source }
}
