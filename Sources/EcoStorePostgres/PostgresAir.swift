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

    /// Streams the rows through a server-side cursor in (station, hour_end) order, one station's hours a row as
    /// eight arrays (`array_agg` per column, in PostgreSQL's binary array format, read by `BinaryArray`): decoding
    /// 2.5 million nine-column rows through the driver took 5.5× SQLite's whole read, packing them as text on the
    /// server 2.8× (Benchmarks/README.md). At most one station's year (about 9,000 hours) is in memory at a time; its
    /// hours are put in time order here, since the aggregate's input order is not guaranteed.
    public func forEachAirHour(in hours: ClosedRange<Int>, _ body: @Sendable (AirHour) -> Void) async throws -> Int {
        try await transaction { conn in
            try await conn.query("""
                DECLARE air_hours NO SCROLL CURSOR FOR SELECT station, array_agg(hour_end), array_agg(so2), array_agg(no2),
                    array_agg(pm10), array_agg(co), array_agg(o3), array_agg(pm25), array_agg(flag)
                FROM air_hour WHERE hour_end BETWEEN \(hours.lowerBound) AND \(hours.upperBound) GROUP BY station ORDER BY station
                """, logger: Self.logger)
            var n = 0
            while true {
                var fetched = 0
                for try await row in try await conn.query("FETCH FORWARD 20 FROM air_hours", logger: Self.logger) {
                    fetched += 1
                    var cells = row.makeIterator()
                    guard let stationCell = cells.next(), let station = try stationCell.decode(String?.self) else { continue }
                    var columns: [[Int64?]] = []
                    for _ in 0..<7 {
                        guard let cell = cells.next() else { throw StoreError.database("the station-hours of \(station) came back incomplete") }
                        columns.append(try BinaryArray.integers(cell.bytes, what: "air_hour of \(station)"))
                    }
                    guard let flagCell = cells.next() else { throw StoreError.database("the station-hours of \(station) came back incomplete") }
                    let flags = try BinaryArray.texts(flagCell.bytes, what: "air_hour flags of \(station)")
                    let count = columns[0].count
                    guard columns.allSatisfy({ $0.count == count }), flags.count == count else {
                        throw StoreError.database("the station-hours of \(station) came back with columns of different lengths")
                    }
                    var order = Array(0..<count)
                    let hourEnds = columns[0].map { Int($0 ?? 0) }
                    if zip(hourEnds, hourEnds.dropFirst()).contains(where: { $0 >= $1 }) { order.sort { hourEnds[$0] < hourEnds[$1] } }
                    for k in order {
                        body(AirHour(station: station, hourEnd: hourEnds[k],
                                     values: (columns[1][k], columns[2][k], columns[3][k], columns[4][k], columns[5][k], columns[6][k]), flag: flags[k]))
                    }
                    n += count
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

/// PostgreSQL's binary array format (src/backend/utils/adt/arrayfuncs.c, array_send): int32 dimensions, int32
/// has-nulls flag, int32 element type, per dimension int32 length and int32 lower bound, then per element an int32
/// byte length (−1 for NULL) and the element's binary value. PostgresNIO decodes arrays without NULL elements only,
/// so this small reader is written here for the one-dimensional integer and text arrays of `array_agg`.
enum BinaryArray {
    /// A one-dimensional int4 or int8 array.
    static func integers(_ bytes: ByteBuffer?, what: String) throws -> [Int64?] {
        try elements(bytes, what: what) { buffer, length in
            switch length {
            case 4: return buffer.readInteger(as: Int32.self).map(Int64.init)
            case 8: return buffer.readInteger(as: Int64.self)
            default: return nil
            }
        }
    }

    /// A one-dimensional text array.
    static func texts(_ bytes: ByteBuffer?, what: String) throws -> [String?] {
        try elements(bytes, what: what) { buffer, length in buffer.readString(length: length) }
    }

    private static func elements<T>(_ bytes: ByteBuffer?, what: String, _ read: (inout ByteBuffer, Int) -> T?) throws -> [T?] {
        guard var buffer = bytes else { return [] }
        func bad() -> StoreError { StoreError.database("\(what) came back as an array that cannot be read") }
        guard let dims = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
              buffer.readInteger(as: UInt32.self) != nil else { throw bad() }
        if dims == 0 { return [] }
        guard dims == 1, let count = buffer.readInteger(as: Int32.self), count >= 0, buffer.readInteger(as: Int32.self) != nil,
              Int(count) <= buffer.readableBytes / 4 else { throw bad() }
        var out: [T?] = []
        out.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let length = buffer.readInteger(as: Int32.self) else { throw bad() }
            if length < 0 {
                out.append(nil)
                continue
            }
            guard buffer.readableBytes >= Int(length), let value = read(&buffer, Int(length)) else { throw bad() }
            out.append(value)
        }
        return out
    }
}
