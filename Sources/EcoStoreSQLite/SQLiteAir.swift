public import EcoAir
import EcoCore
import EcoStore
public import Foundation
import GRDB

/// The air facet on SQLite: `air_station`, `air_hour` (WITHOUT ROWID, keyed by station and hour) and
/// `air_annual` (one JSON document per region and year).
extension SQLiteStore: AirStore {
    /// Inserts or updates stations by code, in one transaction.
    public func upsertAirStations(_ stations: [AirStation]) async throws {
        try await pool.write { db in
            for s in stations {
                try db.execute(sql: """
                    INSERT INTO air_station (code, name, region, class, lon, lat, synthetic) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(code) DO UPDATE SET name = excluded.name, region = excluded.region, class = excluded.class,
                        lon = excluded.lon, lat = excluded.lat, synthetic = excluded.synthetic
                    """, arguments: [s.code, s.name, s.region.rawValue, s.stationClass.rawValue, s.lon, s.lat, s.synthetic])
            }
        }
    }

    /// Every station in code order.
    public func airStations() async throws -> [AirStation] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM air_station ORDER BY code").compactMap { row in
                guard let region = RegionCode(row["region"]), let cls = StationClass(rawValue: row["class"]) else { return nil }
                return AirStation(code: row["code"], name: row["name"], region: region, stationClass: cls, lon: row["lon"], lat: row["lat"],
                                  synthetic: row["synthetic"])
            }
        }
    }

    /// `INSERT OR REPLACE` per (station, hour), one transaction, one revision bump per batch; the run's row count
    /// moves in the same transaction.
    public func writeAirHours(_ hours: [AirHour], run: Int64?) async throws {
        try await pool.write { db in
            let st = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO air_hour (station, hour_end, so2, no2, pm10, co, o3, pm25, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for h in hours {
                let v = h.values
                st.setUncheckedArguments([h.station, h.hourEnd, v.0, v.1, v.2, v.3, v.4, v.5, h.flag])
                try st.execute()
            }
            // One revision bump per batch (a trigger per station-hour would cost millions of updates).
            if !hours.isEmpty {
                try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key IN ('revision', 'air_hours_revision')")
            }
            if let run {
                try db.execute(sql: "UPDATE air_import_run SET rows_written = rows_written + ? WHERE id = ?", arguments: [hours.count, run])
                guard db.changesCount == 1 else { throw StoreError.database("air import run \(run) does not exist") }
            }
        }
    }

    /// Inserts the run record in a transaction of its own.
    public func startAirImport(file: String, size: Int64, actor: String, at: Date) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO air_import_run (file, size, actor, started_at) VALUES (?, ?, ?, ?)",
                           arguments: [file, size, actor, StoreJSON.timestamp(at)])
            return db.lastInsertedRowID
        }
    }

    /// Finishes the run and supersedes the same file's earlier unfinished runs, in one transaction.
    public func finishAirImport(_ id: Int64, rowsRefused: Int, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE air_import_run SET finished_at = ?, rows_refused = ? WHERE id = ? AND finished_at IS NULL",
                           arguments: [StoreJSON.timestamp(at), rowsRefused, id])
            guard db.changesCount == 1 else { throw StoreError.database("air import run \(id) is not running") }
            try db.execute(sql: """
                UPDATE air_import_run SET superseded_by = ? WHERE id < ? AND finished_at IS NULL AND superseded_by IS NULL
                    AND file = (SELECT file FROM air_import_run WHERE id = ?)
                """, arguments: [id, id, id])
        }
    }

    /// Abandons an open run.
    public func abandonAirImport(_ id: Int64, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE air_import_run SET abandoned_at = ? WHERE id = ? AND finished_at IS NULL AND superseded_by IS NULL AND abandoned_at IS NULL
                """, arguments: [StoreJSON.timestamp(at), id])
            return db.changesCount == 1
        }
    }

    /// Every run, newest first.
    public func airImportRuns() async throws -> [AirImportRun] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM air_import_run ORDER BY id DESC").map { row in
                AirImportRun(id: row["id"], file: row["file"], size: row["size"], actor: row["actor"],
                             startedAt: StoreJSON.date(row["started_at"]) ?? Date(timeIntervalSince1970: 0),
                             finishedAt: (row["finished_at"] as String?).flatMap(StoreJSON.date), rowsWritten: row["rows_written"],
                             rowsRefused: row["rows_refused"], supersededBy: row["superseded_by"],
                             abandonedAt: (row["abandoned_at"] as String?).flatMap(StoreJSON.date))
            }
        }
    }

    /// Streams the rows through a cursor in (station, hour_end) order.
    public func forEachAirHour(in hours: ClosedRange<Int>, _ body: @Sendable (AirHour) -> Void) async throws -> Int {
        try await pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT station, hour_end, so2, no2, pm10, co, o3, pm25, flag FROM air_hour WHERE hour_end BETWEEN ? AND ?
                ORDER BY station, hour_end
                """, arguments: [hours.lowerBound, hours.upperBound])
            var n = 0
            while let row = try rows.next() {
                body(AirHour(station: row[0], hourEnd: row[1], values: (row[2], row[3], row[4], row[5], row[6], row[7]), flag: row[8]))
                n += 1
            }
            return n
        }
    }

    /// The `air_hours_revision` counter.
    public func airHoursRevision() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'air_hours_revision'") ?? 0 }
    }

    /// Deletes the year's rows and inserts the new ones, in one transaction.
    public func saveAirAnnual(_ records: [AirAnnualRecord], year: Int) async throws {
        let docs = try records.map { ($0.region.rawValue, try StoreJSON.encode($0)) }
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM air_annual WHERE year = ?", arguments: [year])
            for (region, doc) in docs {
                try db.execute(sql: "INSERT INTO air_annual (region, year, document) VALUES (?, ?, ?)", arguments: [region, year, doc])
            }
        }
    }

    /// The stored documents of a year in region order.
    public func airAnnual(year: Int) async throws -> [AirAnnualRecord] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM air_annual WHERE year = ? ORDER BY region", arguments: [year]).map { doc in
                do { return try StoreJSON.decode(doc) as AirAnnualRecord } catch {
                    throw StoreError.database("stored air evaluation of \(year) cannot be read: \(error)")
                }
            }
        }
    }

    /// Years with stored evaluations.
    public func airAnnualYears() async throws -> [Int] {
        try await pool.read { db in try Int.fetchAll(db, sql: "SELECT DISTINCT year FROM air_annual ORDER BY year") }
    }
}
