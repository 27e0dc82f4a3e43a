public import EcoAccounting
import EcoCore
import EcoStore
import Foundation
import GRDB

/// The accounting facet on SQLite: `accounting_input` (one JSON document of rows per kind, region and year),
/// `factor_set` and `protected_area` (one JSON document per id).
extension SQLiteStore: AccountingStore {
    /// Replaces each (kind, region, year) in one transaction.
    public func replaceAccountingInputs(kind: AccountingInputKind, documents: [AccountingDocument]) async throws {
        try await pool.write { db in
            let st = try db.cachedStatement(sql: "INSERT OR REPLACE INTO accounting_input (kind, region, year, rows) VALUES (?, ?, ?, ?)")
            for d in documents {
                st.setUncheckedArguments([kind.rawValue, d.region.rawValue, d.year, d.rows])
                try st.execute()
            }
        }
    }

    /// The documents of a kind (and year), in (region, year) order.
    public func accountingInputs(kind: AccountingInputKind, year: Int?) async throws -> [AccountingDocument] {
        try await pool.read { db in
            let sql = "SELECT region, year, rows FROM accounting_input WHERE kind = ?" + (year == nil ? "" : " AND year = ?") + " ORDER BY region, year"
            let args: StatementArguments = year.map { [kind.rawValue, $0] } ?? [kind.rawValue]
            return try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                guard let code = RegionCode(row["region"] as String) else { throw StoreError.database("a stored accounting input has a bad region") }
                return AccountingDocument(region: code, year: row["year"], rows: row["rows"])
            }
        }
    }

    /// Inserts or replaces a factor set.
    public func saveFactorSet(_ set: FactorSet) async throws {
        let doc = try StoreJSON.encode(set)
        try await pool.write { db in try db.execute(sql: "INSERT OR REPLACE INTO factor_set (id, document) VALUES (?, ?)", arguments: [set.id, doc]) }
    }

    /// The user's factor sets by id.
    public func factorSets() async throws -> [FactorSet] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM factor_set ORDER BY id").map { doc in
                do { return try StoreJSON.decode(doc) as FactorSet } catch { throw StoreError.database("a stored factor set cannot be read: \(error)") }
            }
        }
    }

    /// Upserts protected areas by id.
    public func upsertProtectedAreas(_ areas: [ProtectedArea]) async throws {
        let docs = try areas.map { ($0.id, try StoreJSON.encode($0)) }
        try await pool.write { db in
            for (id, doc) in docs { try db.execute(sql: "INSERT OR REPLACE INTO protected_area (id, document) VALUES (?, ?)", arguments: [id, doc]) }
        }
    }

    /// Every protected area by id.
    public func protectedAreas() async throws -> [ProtectedArea] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM protected_area ORDER BY id").map { doc in
                do { return try StoreJSON.decode(doc) as ProtectedArea } catch { throw StoreError.database("a stored protected area cannot be read: \(error)") }
            }
        }
    }
}
