import Foundation

/// One stored JSON document of a facet that keeps its records as documents by (kind, id) — the delivery and the
/// enterprise facets. The backends store every such facet the same way (a table `kind, id, document` with the
/// expected-document guard), written once in each backend for all of them.
public struct DocumentRecord<Kind: RawRepresentable & Sendable & Hashable>: Sendable, Hashable where Kind.RawValue == String {
    /// The kind.
    public var kind: Kind
    /// The id within the kind.
    public var id: String
    /// The record, JSON.
    public var document: String

    /// Creates a record.
    public init(kind: Kind, id: String, document: String) { self.kind = kind; self.id = id; self.document = document }

    /// The record of a value.
    public static func of<T: Encodable>(_ kind: Kind, id: String, _ value: T) throws -> DocumentRecord {
        DocumentRecord(kind: kind, id: id, document: try StoreJSON.encode(value))
    }

    /// The value back.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        do { return try StoreJSON.decode(document) as T } catch { throw StoreError.database("stored \(kind.rawValue) '\(id)' cannot be read: \(error)") }
    }
}
