public import EcoDelivery
import EcoStore
import Foundation
import GRDB

/// The delivery facet on SQLite: `delivery_record`, one JSON document per (kind, id).
extension SQLiteStore: DeliveryStore {
    /// Writes the records in one transaction, checking each expected previous document first.
    public func saveDeliveryRecords(_ records: [DeliveryRecord], expected: [String: String]) async throws {
        try await pool.write { db in
            for r in records {
                if let before = expected[r.id] {
                    let now = try String.fetchOne(db, sql: "SELECT document FROM delivery_record WHERE kind = ? AND id = ?", arguments: [r.kind.rawValue, r.id])
                    guard now == before else { throw StoreError.database("\(r.kind.rawValue) '\(r.id)' was changed by someone else meanwhile: reload it and try again") }
                }
                try db.execute(sql: "INSERT OR REPLACE INTO delivery_record (kind, id, document) VALUES (?, ?, ?)", arguments: [r.kind.rawValue, r.id, r.document])
            }
        }
    }

    /// The records of a kind in id order.
    public func deliveryRecords(_ kind: DeliveryKind) async throws -> [DeliveryRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, document FROM delivery_record WHERE kind = ? ORDER BY id", arguments: [kind.rawValue]).map {
                DeliveryRecord(kind: kind, id: $0["id"], document: $0["document"])
            }
        }
    }
}
