public import EcoAir
import EcoCore
import EcoStore
public import Foundation
import PostgresNIO

/// The air facet on PostgreSQL: `air_station`, `air_hour` (partitioned by month, written by COPY, read through a
/// cursor), `air_annual` and `air_import_run`.
extension PostgresStore: AirStore {
    /// Inserts or updates stations by code, in one transaction.
    public func upsertAirStations(_ stations: [AirStation]) async throws {
        guard !stations.isEmpty else { return }
        try await transaction { conn in
            for s in stations {
                try await conn.query("""
                    INSERT INTO air_station (code, name, region, class, lon, lat, synthetic)
                    VALUES (\(s.code), \(s.name), \(s.region.rawValue), \(s.stationClass.rawValue), \(s.lon), \(s.lat), \(s.synthetic))
                    ON CONFLICT (code) DO UPDATE SET name = excluded.name, region = excluded.region, class = excluded.class,
                        lon = excluded.lon, lat = excluded.lat, synthetic = excluded.synthetic
                    """, logger: Self.logger)
            }
        }
    }

    /// Every station in code order.
    public func airStations() async throws -> [AirStation] {
        try await rows("SELECT code, name, region, class, lon, lat, synthetic FROM air_station ORDER BY code").compactMap { row in
            let (code, name, region, cls, lon, lat, synthetic) = try row.decode((String, String, String, String, Double, Double, Bool).self)
            guard let r = RegionCode(region), let c = StationClass(rawValue: cls) else { return nil }
            return AirStation(code: code, name: name, region: r, stationClass: c, lon: lon, lat: lat, synthetic: synthetic)
        }
    }

    /// One transaction: the batch (the last row of a repeated station-hour wins) is copied straight into `air_hour`
    /// when none of it is stored yet — the usual case of a new file — and otherwise through a temporary table and one
    /// upsert; the counters and the run's row count move in the same transaction.
    public func writeAirHours(_ hours: [AirHour], run: Int64?) async throws {
        let batch = Self.lastOfEachStationHour(hours)
        try await ensurePartitions("air_hour", months: Set(batch.map { MonitoringTables.airHourMonth($0.hourEnd) }))
        let columns = ["station", "hour_end", "so2", "no2", "pm10", "co", "o3", "pm25", "flag"]
        let fill: (Int, inout CopyRows) -> Void = { i, r in
            let h = batch[i], v = h.values
            r.text(h.station); r.integer(h.hourEnd)
            r.integer(v.0); r.integer(v.1); r.integer(v.2); r.integer(v.3); r.integer(v.4); r.integer(v.5)
            r.text(h.flag)
        }
        try await transaction { conn in
            if !batch.isEmpty {
                try await conn.query("SAVEPOINT air_copy", logger: Self.logger)
                do {
                    try await conn.copyRows(into: "air_hour", columns: columns, count: batch.count, logger: Self.logger, fill)
                    try await conn.query("RELEASE SAVEPOINT air_copy", logger: Self.logger)
                } catch where Self.sqlState(error) == "23505" {
                    // Some of the batch is stored already (a file imported again): replace through an upsert.
                    try await conn.query("ROLLBACK TO SAVEPOINT air_copy", logger: Self.logger)
                    try await conn.query("CREATE TEMP TABLE air_hour_in (LIKE air_hour) ON COMMIT DROP", logger: Self.logger)
                    try await conn.copyRows(into: "air_hour_in", columns: columns, count: batch.count, logger: Self.logger, fill)
                    try await conn.query("""
                        INSERT INTO air_hour SELECT * FROM air_hour_in ON CONFLICT (station, hour_end) DO UPDATE SET so2 = excluded.so2,
                            no2 = excluded.no2, pm10 = excluded.pm10, co = excluded.co, o3 = excluded.o3, pm25 = excluded.pm25,
                            flag = excluded.flag
                        """, logger: Self.logger)
                }
                try await conn.query("UPDATE meta SET value = value + 1 WHERE key IN ('revision', 'air_hours_revision')", logger: Self.logger)
            }
            if let run {
                let updated = try await conn.query("""
                    UPDATE air_import_run SET rows_written = rows_written + \(hours.count) WHERE id = \(run) RETURNING id
                    """, logger: Self.logger).collect()
                guard updated.count == 1 else { throw StoreError.database("air import run \(run) does not exist") }
            }
        }
    }

    /// The batch with only the last row of a repeated (station, hour). A file in station-then-time order (the usual
    /// one) cannot repeat and is passed through after one comparison per row; otherwise a dictionary decides.
    static func lastOfEachStationHour(_ hours: [AirHour]) -> [AirHour] {
        var ordered = true
        for i in hours.indices.dropFirst() {
            let a = hours[i - 1], b = hours[i]
            if a.station < b.station || (a.station == b.station && a.hourEnd < b.hourEnd) { continue }
            ordered = false
            break
        }
        if ordered { return hours }
        var latest: [String: [Int: Int]] = [:]
        for (i, h) in hours.enumerated() { latest[h.station, default: [:]][h.hourEnd] = i }
        return hours.indices.filter { latest[hours[$0].station]?[hours[$0].hourEnd] == $0 }.map { hours[$0] }
    }

    /// Inserts the run record in a transaction of its own.
    public func startAirImport(file: String, size: Int64, actor: String, at: Date) async throws -> Int64 {
        guard let row = try await rows("""
            INSERT INTO air_import_run (file, size, actor, started_at) VALUES (\(file), \(size), \(actor), \(at)) RETURNING id
            """).first else { throw StoreError.database("the import run was not recorded") }
        return try row.decode(Int64.self)
    }

    /// Finishes the run and supersedes the same file's earlier unfinished runs, in one transaction.
    public func finishAirImport(_ id: Int64, rowsRefused: Int, at: Date) async throws {
        try await transaction { conn in
            let done = try await conn.query("""
                UPDATE air_import_run SET finished_at = \(at), rows_refused = \(rowsRefused) WHERE id = \(id) AND finished_at IS NULL
                RETURNING file
                """, logger: Self.logger).collect()
            guard let file = try done.first?.decode(String.self) else { throw StoreError.database("air import run \(id) is not running") }
            try await conn.query("""
                UPDATE air_import_run SET superseded_by = \(id) WHERE id < \(id) AND finished_at IS NULL AND superseded_by IS NULL
                    AND file = \(file)
                """, logger: Self.logger)
        }
    }

    /// Abandons an open run.
    public func abandonAirImport(_ id: Int64, at: Date) async throws -> Bool {
        try await !rows("""
            UPDATE air_import_run SET abandoned_at = \(at) WHERE id = \(id) AND finished_at IS NULL AND superseded_by IS NULL
                AND abandoned_at IS NULL RETURNING id
            """).isEmpty
    }

    /// Every run, newest first.
    public func airImportRuns() async throws -> [AirImportRun] {
        try await rows("""
            SELECT id, file, size, actor, started_at, finished_at, rows_written, rows_refused, superseded_by, abandoned_at
            FROM air_import_run ORDER BY id DESC
            """).map { row in
            let (id, file, size, actor, started, finished, written, refused, superseded, abandoned) =
                try row.decode((Int64, String, Int64, String, Date, Date?, Int, Int, Int64?, Date?).self)
            return AirImportRun(id: id, file: file, size: size, actor: actor, startedAt: started, finishedAt: finished, rowsWritten: written,
                                rowsRefused: refused, supersededBy: superseded, abandonedAt: abandoned)
        }
    }

    /// Streams the rows through a server-side cursor in (station, hour_end) order, one station's hours a row: the
    /// server packs them into one text (`AirHourPacking`), which costs it little, while decoding 2.5 million
    /// nine-column rows through the driver took five times SQLite's whole read (the benchmark in
    /// Benchmarks/README.md). At most one station's year (about 400 kB) is in memory at a time.
    public func forEachAirHour(in hours: ClosedRange<Int>, _ body: @Sendable (AirHour) -> Void) async throws -> Int {
        try await transaction { conn in
            try await conn.query(PostgresQuery(unsafeSQL: """
                DECLARE air_hours NO SCROLL CURSOR FOR SELECT station, string_agg(\(AirHourPacking.expression), ';' ORDER BY hour_end)
                FROM air_hour WHERE hour_end BETWEEN $1 AND $2 GROUP BY station ORDER BY station
                """, binds: { var b = PostgresBindings(); b.append(hours.lowerBound); b.append(hours.upperBound); return b }()),
                logger: Self.logger)
            var n = 0
            while true {
                var fetched = 0
                for try await row in try await conn.query("FETCH FORWARD 20 FROM air_hours", logger: Self.logger) {
                    let (station, packed) = try row.decode((String, String).self)
                    n += try AirHourPacking.unpack(packed, station: station, body)
                    fetched += 1
                }
                if fetched < 20 { break }
            }
            try await conn.query("CLOSE air_hours", logger: Self.logger)
            return n
        }
    }

    /// The `air_hours_revision` counter.
    public func airHoursRevision() async throws -> Int { try await counter("air_hours_revision") }

    /// Deletes the year's rows and inserts the new ones, in one transaction.
    public func saveAirAnnual(_ records: [AirAnnualRecord], year: Int) async throws {
        let docs = try records.map { ($0.region.rawValue, try StoreJSON.encode($0)) }
        try await transaction { conn in
            try await conn.query("DELETE FROM air_annual WHERE year = \(year)", logger: Self.logger)
            for (region, doc) in docs {
                try await conn.query("INSERT INTO air_annual (region, year, document) VALUES (\(region), \(year), \(doc))", logger: Self.logger)
            }
        }
    }

    /// The stored documents of a year in region order.
    public func airAnnual(year: Int) async throws -> [AirAnnualRecord] {
        try await rows("SELECT document FROM air_annual WHERE year = \(year) ORDER BY region").map { row in
            do { return try StoreJSON.decode(try row.decode(String.self)) as AirAnnualRecord } catch {
                throw StoreError.database("stored air evaluation of \(year) cannot be read: \(error)")
            }
        }
    }

    /// Years with stored evaluations.
    public func airAnnualYears() async throws -> [Int] {
        try await rows("SELECT DISTINCT year FROM air_annual ORDER BY year").map { try $0.decode(Int.self) }
    }
}

/// One station's hours as the server packs them for reading: `hour_end,so2,no2,pm10,co,o3,pm25,flag` per hour,
/// hours separated by `;`, an empty field for NULL, and the flag as `x` + its UTF-8 bytes in hex (so no flag text can
/// break the packing; NULL stays empty). Parsed here by hand over the bytes, because the point is speed.
enum AirHourPacking {
    /// The SQL expression of one hour's text.
    static let expression = """
        hour_end::text || ',' || coalesce(so2::text, '') || ',' || coalesce(no2::text, '') || ',' || coalesce(pm10::text, '') || ','
        || coalesce(co::text, '') || ',' || coalesce(o3::text, '') || ',' || coalesce(pm25::text, '') || ','
        || coalesce('x' || encode(convert_to(flag, 'UTF8'), 'hex'), '')
        """

    /// Calls `body` with every hour of the packed text; returns their number. A text not in the packing is an error.
    static func unpack(_ packed: String, station: String, _ body: (AirHour) -> Void) throws -> Int {
        var text = packed
        return try text.withUTF8 { bytes -> Int in
            var i = 0, n = 0
            let end = bytes.count
            func bad() -> StoreError { StoreError.database("the packed station-hours of \(station) cannot be read at byte \(i)") }
            func number() throws -> Int64? {
                if i < end, bytes[i] == 0x2C || bytes[i] == 0x3B { return nil }
                var negative = false
                if i < end, bytes[i] == 0x2D { negative = true; i += 1 }
                var v: Int64 = 0, digits = 0
                // Accumulated with the sign, so that Int64.min reads too.
                while i < end, bytes[i] >= 0x30, bytes[i] <= 0x39 {
                    let d = Int64(bytes[i] - 0x30)
                    let (m, o1) = v.multipliedReportingOverflow(by: 10)
                    let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                    guard !o1, !o2 else { throw bad() }
                    v = a; i += 1; digits += 1
                }
                guard digits > 0 else { throw bad() }
                return v
            }
            func comma() throws {
                guard i < end, bytes[i] == 0x2C else { throw bad() }
                i += 1
            }
            while i < end {
                guard let hourEnd = try number() else { throw bad() }
                try comma()
                let so2 = try number(); try comma()
                let no2 = try number(); try comma()
                let pm10 = try number(); try comma()
                let co = try number(); try comma()
                let o3 = try number(); try comma()
                let pm25 = try number(); try comma()
                var flag: String?
                if i < end, bytes[i] == 0x78 {
                    i += 1
                    var raw: [UInt8] = []
                    func nibble(_ b: UInt8) throws -> UInt8 {
                        switch b {
                        case 0x30...0x39: return b - 0x30
                        case 0x61...0x66: return b - 0x61 + 10
                        default: throw bad()
                        }
                    }
                    while i + 1 < end, bytes[i] != 0x3B {
                        raw.append(try nibble(bytes[i]) << 4 | nibble(bytes[i + 1]))
                        i += 2
                    }
                    flag = String(decoding: raw, as: UTF8.self)
                }
                if i < end {
                    guard bytes[i] == 0x3B else { throw bad() }
                    i += 1
                }
                body(AirHour(station: station, hourEnd: Int(hourEnd), values: (so2, no2, pm10, co, o3, pm25), flag: flag))
                n += 1
            }
            return n
        }
    }
}
