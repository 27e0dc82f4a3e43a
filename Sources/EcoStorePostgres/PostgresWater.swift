import EcoCore
import EcoKit
import EcoStore
import EcoStandards
public import EcoWater
import Foundation
import PostgresNIO

/// The water facet on PostgreSQL: `water_section` (one JSON document per section), `water_sample` (partitioned by
/// month of its day, written by COPY through a temporary table and one upsert) and `water_year`.
extension PostgresStore: WaterStore {
    /// Inserts or updates sections by code, in one transaction.
    public func upsertWaterSections(_ sections: [WaterSection]) async throws {
        guard !sections.isEmpty else { return }
        let docs = try sections.map { ($0.code, try StoreJSON.encode($0)) }
        try await transaction { conn in
            for (code, doc) in docs {
                try await conn.query("""
                    INSERT INTO water_section (code, document) VALUES (\(code), \(doc)) ON CONFLICT (code) DO UPDATE SET document = excluded.document
                    """, logger: Self.logger)
            }
        }
    }

    /// Every section in code order.
    public func waterSections() async throws -> [WaterSection] {
        try await rows("SELECT document FROM water_section ORDER BY code").map { row in
            do { return try StoreJSON.decode(try row.decode(String.self)) as WaterSection } catch {
                throw StoreError.database("a stored water section cannot be read: \(error)")
            }
        }
    }

    /// Copies the samples (the last of a repeated section and day wins) into a temporary table and upserts them, with
    /// one revision bump, in one transaction.
    public func writeWaterSamples(_ samples: [WaterSample]) async throws {
        guard !samples.isEmpty else { return }
        var byKey: [String: Int] = [:]
        for (i, s) in samples.enumerated() { byKey[s.section + "\u{0}" + s.date.description] = i }
        let batch = try samples.indices.filter { byKey[samples[$0].section + "\u{0}" + samples[$0].date.description] == $0 }.map { i in
            let s = samples[i]
            return (s.section, s.date.description,
                    try StoreJSON.encode(s.storedTexts))
        }
        try await ensurePartitions("water_sample", months: Set(samples.map { MonitoringTables.month(of: $0.date) }))
        try await transaction { conn in
            try await conn.query("CREATE TEMP TABLE water_sample_in (LIKE water_sample) ON COMMIT DROP", logger: Self.logger)
            try await conn.copyRows(into: "water_sample_in", columns: ["section", "date", "items"], count: batch.count,
                                    logger: Self.logger) { i, r in
                r.text(batch[i].0); r.text(batch[i].1); r.text(batch[i].2)
            }
            try await conn.query("""
                INSERT INTO water_sample SELECT * FROM water_sample_in ON CONFLICT (section, date) DO UPDATE SET items = excluded.items
                """, logger: Self.logger)
            try await conn.query("UPDATE meta SET value = value + 1 WHERE key IN ('revision', 'water_samples_revision')", logger: Self.logger)
        }
    }

    /// The samples of a year in (section, date) order.
    public func waterSamples(year: Int) async throws -> [WaterSample] {
        let from = String(format: "%04d-01-01", year), to = String(format: "%04d-12-31", year)
        return try await rows("""
            SELECT section, date::text, items FROM water_sample WHERE date BETWEEN \(from)::date AND \(to)::date ORDER BY section, date
            """).map { row in
            let (section, date, items) = try row.decode((String, String, String).self)
            guard let day = CivilDay(date), let texts = try? StoreJSON.decode(items) as [String: String] else {
                throw StoreError.database("a stored water sample (\(section), \(date)) cannot be read")
            }
            return WaterSample(stored: section, date: day, texts: texts)
        }
    }

    /// The `water_samples_revision` counter.
    public func waterSamplesRevision() async throws -> Int { try await counter("water_samples_revision") }

    /// Replaces the year's document.
    public func saveWaterYear(_ record: WaterYearRecord) async throws {
        let doc = try StoreJSON.encode(record)
        try await rows("""
            INSERT INTO water_year (year, document) VALUES (\(record.year), \(doc)) ON CONFLICT (year) DO UPDATE SET document = excluded.document
            """)
    }

    /// The year's document, nil when none.
    public func waterYear(_ year: Int) async throws -> WaterYearRecord? {
        guard let row = try await rows("SELECT document FROM water_year WHERE year = \(year)").first else { return nil }
        do { return try StoreJSON.decode(try row.decode(String.self)) as WaterYearRecord } catch {
            throw StoreError.database("the stored water evaluation of \(year) cannot be read: \(error)")
        }
    }

    /// Years with a stored evaluation.
    public func waterYears() async throws -> [Int] {
        try await rows("SELECT year FROM water_year ORDER BY year").map { try $0.decode(Int.self) }
    }
}
