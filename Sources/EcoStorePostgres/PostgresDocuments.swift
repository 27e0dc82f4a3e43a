public import EcoDelivery
public import EcoEnterprise
public import EcoStore
import Foundation
import PostgresNIO

/// The document facets on PostgreSQL — delivery and enterprise — through one implementation: the same tables as
/// SQLite; an expected document is checked under a row lock.
extension PostgresStore: DeliveryStore, EnterpriseStore {
    /// Writes `records` into `table` (a constant of this file, never user text) in one transaction, checking each
    /// expected previous document first under `FOR UPDATE`.
    func saveDocuments<K>(_ records: [DocumentRecord<K>], table: String, expected: [String: String]) async throws {
        guard !records.isEmpty else { return }
        try await transaction { conn in
            for r in records {
                if let before = expected[r.id] {
                    var now: String?
                    let select = PostgresQuery(unsafeSQL: "SELECT document FROM \(table) WHERE kind = $1 AND id = $2 FOR UPDATE", binds: Self.binds(r.kind.rawValue, r.id))
                    for try await row in try await conn.query(select, logger: Self.logger) { now = try row.decode(String.self) }
                    guard now == before else { throw StoreError.database("\(r.kind.rawValue) '\(r.id)' was changed by someone else meanwhile: reload it and try again") }
                }
                let upsert = PostgresQuery(unsafeSQL: "INSERT INTO \(table) (kind, id, document) VALUES ($1, $2, $3) ON CONFLICT (kind, id) DO UPDATE SET document = excluded.document",
                                           binds: Self.binds(r.kind.rawValue, r.id, r.document))
                try await conn.query(upsert, logger: Self.logger)
            }
        }
    }

    /// The documents of a kind in `table`, in id order.
    func documents<K>(_ kind: K, table: String) async throws -> [DocumentRecord<K>] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT id, document FROM \(table) WHERE kind = $1 ORDER BY id", binds: Self.binds(kind.rawValue))).map { row in
            let (id, doc) = try row.decode((String, String).self)
            return DocumentRecord(kind: kind, id: id, document: doc)
        }
    }

    /// Texts as bind parameters.
    static func binds(_ values: String...) -> PostgresBindings {
        var b = PostgresBindings()
        for v in values { b.append(v) }
        return b
    }

    /// Delivery records, in one transaction.
    public func saveDeliveryRecords(_ records: [DeliveryRecord], expected: [String: String]) async throws {
        try await saveDocuments(records, table: "delivery_record", expected: expected)
    }

    /// Delivery records of a kind, in id order.
    public func deliveryRecords(_ kind: DeliveryKind) async throws -> [DeliveryRecord] { try await documents(kind, table: "delivery_record") }

    /// Enterprise records, in one transaction.
    public func saveEnterpriseRecords(_ records: [EnterpriseRecord], expected: [String: String]) async throws {
        try await saveDocuments(records, table: "enterprise_record", expected: expected)
    }

    /// Enterprise records of a kind, in id order.
    public func enterpriseRecords(_ kind: EnterpriseKind) async throws -> [EnterpriseRecord] { try await documents(kind, table: "enterprise_record") }
}
