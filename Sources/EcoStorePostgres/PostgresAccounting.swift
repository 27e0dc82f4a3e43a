public import EcoAccounting
import EcoCore
import EcoStore
import Foundation
import PostgresNIO

/// The accounting facet on PostgreSQL: the same three tables as SQLite, written in one transaction each.
extension PostgresStore: AccountingStore {
    /// Replaces each (kind, region, year) in one transaction.
    public func replaceAccountingInputs(kind: AccountingInputKind, documents: [AccountingDocument]) async throws {
        guard !documents.isEmpty else { return }
        try await transaction { conn in
            for d in documents {
                try await conn.query("""
                    INSERT INTO accounting_input (kind, region, year, rows) VALUES (\(kind.rawValue), \(d.region.rawValue), \(d.year), \(d.rows))
                    ON CONFLICT (kind, region, year) DO UPDATE SET rows = excluded.rows
                    """, logger: Self.logger)
            }
        }
    }

    /// The documents of a kind (and year), in (region, year) order.
    public func accountingInputs(kind: AccountingInputKind, year: Int?) async throws -> [AccountingDocument] {
        let found: [PostgresRow]
        if let year {
            found = try await rows("SELECT region, year, rows FROM accounting_input WHERE kind = \(kind.rawValue) AND year = \(year) ORDER BY region, year")
        } else {
            found = try await rows("SELECT region, year, rows FROM accounting_input WHERE kind = \(kind.rawValue) ORDER BY region, year")
        }
        return try found.map { row in
            let (r, y, doc) = try row.decode((String, Int, String).self)
            guard let code = RegionCode(r) else { throw StoreError.database("a stored accounting input has a bad region") }
            return AccountingDocument(region: code, year: y, rows: doc)
        }
    }

    /// Inserts or replaces a factor set.
    public func saveFactorSet(_ set: FactorSet) async throws {
        let doc = try StoreJSON.encode(set)
        try await transaction { conn in
            try await conn.query("INSERT INTO factor_set (id, document) VALUES (\(set.id), \(doc)) ON CONFLICT (id) DO UPDATE SET document = excluded.document",
                                 logger: Self.logger)
        }
    }

    /// The user's factor sets by id.
    public func factorSets() async throws -> [FactorSet] {
        try await rows("SELECT document FROM factor_set ORDER BY id").map { row in
            do { return try StoreJSON.decode(try row.decode(String.self)) as FactorSet } catch { throw StoreError.database("a stored factor set cannot be read: \(error)") }
        }
    }

    /// Upserts protected areas by id.
    public func upsertProtectedAreas(_ areas: [ProtectedArea]) async throws {
        guard !areas.isEmpty else { return }
        let docs = try areas.map { ($0.id, try StoreJSON.encode($0)) }
        try await transaction { conn in
            for (id, doc) in docs {
                try await conn.query("INSERT INTO protected_area (id, document) VALUES (\(id), \(doc)) ON CONFLICT (id) DO UPDATE SET document = excluded.document",
                                     logger: Self.logger)
            }
        }
    }

    /// Every protected area by id.
    public func protectedAreas() async throws -> [ProtectedArea] {
        try await rows("SELECT document FROM protected_area ORDER BY id").map { row in
            do { return try StoreJSON.decode(try row.decode(String.self)) as ProtectedArea } catch { throw StoreError.database("a stored protected area cannot be read: \(error)") }
        }
    }
}
