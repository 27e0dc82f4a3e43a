import EcoCore
import EcoKit
import EcoStore
import EcoStandards
public import EcoWater
public import Foundation
import GRDB

/// The water facet on SQLite: `water_section` (one JSON document per section), `water_sample` (keyed by section and
/// day, the item values as a JSON object of import-format texts) and `water_year` (one JSON document per year).
extension SQLiteStore: WaterStore {
    /// Inserts or updates sections by code, in one transaction.
    public func upsertWaterSections(_ sections: [WaterSection]) async throws {
        let docs = try sections.map { ($0.code, try StoreJSON.encode($0)) }
        try await pool.write { db in
            for (code, doc) in docs {
                try db.execute(sql: "INSERT INTO water_section (code, document) VALUES (?, ?) ON CONFLICT(code) DO UPDATE SET document = excluded.document",
                               arguments: [code, doc])
            }
        }
    }

    /// Every section in code order.
    public func waterSections() async throws -> [WaterSection] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM water_section ORDER BY code").map { doc in
                do { return try StoreJSON.decode(doc) as WaterSection } catch { throw StoreError.database("a stored water section cannot be read: \(error)") }
            }
        }
    }

    /// `INSERT OR REPLACE` per (section, date), one transaction, one revision bump.
    public func writeWaterSamples(_ samples: [WaterSample]) async throws {
        let rows = try samples.map { s in
            (s.section, s.date.description, try StoreJSON.encode(s.storedTexts))
        }
        try await pool.write { db in
            let st = try db.cachedStatement(sql: "INSERT OR REPLACE INTO water_sample (section, date, items) VALUES (?, ?, ?)")
            for (section, date, items) in rows {
                st.setUncheckedArguments([section, date, items])
                try st.execute()
            }
            if !rows.isEmpty { try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key IN ('revision', 'water_samples_revision')") }
        }
    }

    /// The samples of a year in (section, date) order.
    public func waterSamples(year: Int) async throws -> [WaterSample] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT section, date, items FROM water_sample WHERE date BETWEEN ? AND ? ORDER BY section, date",
                             arguments: [String(format: "%04d-01-01", year), String(format: "%04d-12-31", year)]).map { row in
                let date: String = row["date"]
                guard let day = CivilDay(date), let texts = try? StoreJSON.decode(row["items"] as String) as [String: String] else {
                    throw StoreError.database("a stored water sample (\(row["section"] as String), \(date)) cannot be read")
                }
                return WaterSample(stored: row["section"], date: day, texts: texts)
            }
        }
    }

    /// The `water_samples_revision` counter.
    public func waterSamplesRevision() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'water_samples_revision'") ?? 0 }
    }

    /// Replaces the year's document.
    public func saveWaterYear(_ record: WaterYearRecord) async throws {
        let doc = try StoreJSON.encode(record)
        try await pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO water_year (year, document) VALUES (?, ?)", arguments: [record.year, doc])
        }
    }

    /// The year's document, nil when none.
    public func waterYear(_ year: Int) async throws -> WaterYearRecord? {
        try await pool.read { db -> WaterYearRecord? in
            guard let doc = try String.fetchOne(db, sql: "SELECT document FROM water_year WHERE year = ?", arguments: [year]) else { return nil }
            do { return try StoreJSON.decode(doc) as WaterYearRecord } catch {
                throw StoreError.database("the stored water evaluation of \(year) cannot be read: \(error)")
            }
        }
    }

    /// Years with a stored evaluation.
    public func waterYears() async throws -> [Int] {
        try await pool.read { db in try Int.fetchAll(db, sql: "SELECT year FROM water_year ORDER BY year") }
    }
}
