public import EcoDelivery
public import EcoEnterprise
public import EcoStore
import Foundation
import GRDB

/// The document facets on SQLite — delivery (`delivery_record`) and enterprise (`enterprise_record`) — through one
/// implementation: one JSON document per (kind, id), written in one transaction with the expected-document guard.
extension SQLiteStore: DeliveryStore, EnterpriseStore {
    /// Writes `records` into `table` (a constant of this file) in one transaction, checking each expected previous
    /// document first: a changed one refuses the whole write.
    func saveDocuments<K>(_ records: [DocumentRecord<K>], table: String, expected: [String: String]) async throws {
        try await pool.write { db in
            for r in records {
                if let before = expected[r.id] {
                    let now = try String.fetchOne(db, sql: "SELECT document FROM \(table) WHERE kind = ? AND id = ?", arguments: [r.kind.rawValue, r.id])
                    guard now == before else { throw StoreError.database("\(r.kind.rawValue) '\(r.id)' was changed by someone else meanwhile: reload it and try again") }
                }
                try db.execute(sql: "INSERT OR REPLACE INTO \(table) (kind, id, document) VALUES (?, ?, ?)", arguments: [r.kind.rawValue, r.id, r.document])
            }
        }
    }

    /// The documents of a kind in `table`, in id order.
    func documents<K>(_ kind: K, table: String) async throws -> [DocumentRecord<K>] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, document FROM \(table) WHERE kind = ? ORDER BY id", arguments: [kind.rawValue]).map {
                DocumentRecord(kind: kind, id: $0["id"], document: $0["document"])
            }
        }
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
