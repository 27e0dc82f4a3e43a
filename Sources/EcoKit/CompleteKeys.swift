public import Foundation

/// A document that writes every stored property, `null` for a nil optional, in place of Swift's synthesized
/// `Encodable` (which leaves nil keys out): clients and the OpenAPI schemas rely on every key being present.
/// The properties are read with `Mirror`, so a document only declares its fields; each must be `Encodable`.
public protocol CompleteKeysEncodable: Encodable {}

extension CompleteKeysEncodable {
    /// Writes every stored property under its name; a nil optional as `null`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: DocumentKey.self)
        for child in Mirror(reflecting: self).children {
            guard let label = child.label else { continue }
            let key = DocumentKey(label)
            let mirror = Mirror(reflecting: child.value)
            var value: Any = child.value
            if mirror.displayStyle == .optional {
                guard let inner = mirror.children.first?.value else { try c.encodeNil(forKey: key); continue }
                value = inner
            }
            guard let encodable = value as? any Encodable else {
                throw EncodingError.invalidValue(value, .init(codingPath: c.codingPath + [key], debugDescription: "'\(label)' is not Encodable"))
            }
            try c.encode(encodable, forKey: key)
        }
    }
}

/// A coding key made from a property name.
public struct DocumentKey: CodingKey {
    public let stringValue: String
    public var intValue: Int? { nil }
    public init(_ s: String) { stringValue = s }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { nil }
}
