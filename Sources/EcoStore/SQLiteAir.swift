import EcoCore
import Foundation
import GRDB

extension SQLiteStore {
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

    public func airStations() async throws -> [AirStation] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM air_station ORDER BY code").compactMap { row in
                guard let region = RegionCode(row["region"]), let cls = StationClass(rawValue: row["class"]) else { return nil }
                return AirStation(code: row["code"], name: row["name"], region: region, stationClass: cls, lon: row["lon"], lat: row["lat"],
                                  synthetic: row["synthetic"])
            }
        }
    }

    public func writeAirHours(_ rows: [AirHourRow]) async throws {
        try await pool.write { db in
            let st = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO air_hour (station, hour_end, so2, no2, pm10, co, o3, pm25, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for r in rows {
                let v = r.values + Array(repeating: nil, count: max(0, 6 - r.values.count))
                st.setUncheckedArguments([r.station, r.hourEnd, v[0], v[1], v[2], v[3], v[4], v[5], r.flag])
                try st.execute()
            }
            // One revision bump per batch (a trigger per station-hour would cost millions of updates).
            if !rows.isEmpty { try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'revision'") }
        }
    }

    public func forEachAirHour(in hours: ClosedRange<Int>, _ body: @Sendable (AirHourRow) -> Void) async throws -> Int {
        try await pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT station, hour_end, so2, no2, pm10, co, o3, pm25, flag FROM air_hour WHERE hour_end BETWEEN ? AND ?
                ORDER BY station, hour_end
                """, arguments: [hours.lowerBound, hours.upperBound])
            var n = 0
            while let row = try rows.next() {
                body(AirHourRow(station: row[0], hourEnd: row[1], values: (2...7).map { row[$0] as Int64? }, flag: row[8]))
                n += 1
            }
            return n
        }
    }
}
