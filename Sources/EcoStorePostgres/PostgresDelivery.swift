public import EcoDelivery
import EcoStore
import Foundation
import PostgresNIO

/// The delivery facet on PostgreSQL: the same table as SQLite; an expected document is checked under a row lock.
extension PostgresStore: DeliveryStore {
    /// Writes the records in one transaction, checking each expected previous document first.
    public func saveDeliveryRecords(_ records: [DeliveryRecord], expected: [String: String]) async throws {
        guard !records.isEmpty else { return }
        try await transaction { conn in
            for r in records {
                if let before = expected[r.id] {
                    var now: String?
                    for try await row in try await conn.query("SELECT document FROM delivery_record WHERE kind = \(r.kind.rawValue) AND id = \(r.id) FOR UPDATE",
                                                              logger: Self.logger) {
                        now = try row.decode(String.self)
                    }
                    guard now == before else { throw StoreError.database("\(r.kind.rawValue) '\(r.id)' was changed by someone else meanwhile: reload it and try again") }
                }
                try await conn.query("""
                    INSERT INTO delivery_record (kind, id, document) VALUES (\(r.kind.rawValue), \(r.id), \(r.document))
                    ON CONFLICT (kind, id) DO UPDATE SET document = excluded.document
                    """, logger: Self.logger)
            }
        }
    }

    /// The records of a kind in id order.
    public func deliveryRecords(_ kind: DeliveryKind) async throws -> [DeliveryRecord] {
        try await rows("SELECT id, document FROM delivery_record WHERE kind = \(kind.rawValue) ORDER BY id").map { row in
            let (id, doc) = try row.decode((String, String).self)
            return DeliveryRecord(kind: kind, id: id, document: doc)
        }
    }
}
