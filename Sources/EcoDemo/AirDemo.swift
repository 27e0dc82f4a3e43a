public import EcoAir
public import EcoCore
import EcoKit
public import Foundation

/// The synthetic air monitoring generator (示例数据): stations spread over the cities of the tree and one year of
/// hour-ending values with seasonal and diurnal patterns, heating-season peaks, spring dust days, station outages
/// and scattered missing hours, a few flagged hours and a few invalid (negative) values that the import must refuse.
/// Deterministic for a seed. Stations are marked synthetic, so everything computed from them is too.
public enum AirDemo {
    /// Approximate centres (lon, lat) of Shanxi's cities, for plausible station coordinates.
    static let centres: [String: (Double, Double)] = [
        "140100": (112.55, 37.87), "140200": (113.30, 40.08), "140300": (113.58, 37.86), "140400": (113.12, 36.20),
        "140500": (112.85, 35.49), "140600": (112.43, 39.33), "140700": (112.75, 37.69), "140800": (111.00, 35.03),
        "140900": (112.73, 38.42), "141000": (111.52, 36.09), "141100": (111.14, 37.52),
    ]

    /// What `write` wrote.
    public struct Output: Sendable {
        /// The stations file.
        public var stationsPath: String
        /// The hourly file.
        public var hoursPath: String
        /// Stations written.
        public var stations: Int
        /// Station-hours written.
        public var rows: Int
    }

    /// The demo generator cannot run (no cities in the tree, no stations asked for, or a file it cannot write).
    public struct Failure: Error, CustomStringConvertible {
        /// One sentence saying why.
        public let description: String
    }

    /// The demo stations: `n` stations round-robin over the cities, then over each city's counties; the first two of
    /// each city (and every third) national (国控), the others provincial or county. Marked synthetic.
    public static func stations(_ n: Int, seed: UInt64, tree: RegionTree) throws -> [AirStation] {
        let cities = tree.current(level: .city)
        guard !cities.isEmpty, n > 0 else { throw Failure(description: "no cities to place stations in") }
        var rng = SplitMix64(seed: seed)
        var out: [AirStation] = []
        var perCity = [Int](repeating: 0, count: cities.count)
        for i in 0..<n {
            let c = i % cities.count
            let counties = tree.current(level: .county, parent: cities[c].code)
            let k = perCity[c]
            perCity[c] += 1
            let region = counties.isEmpty ? cities[c].code : counties[k % counties.count].code
            let cls: StationClass = k < 2 || k % 3 == 0 ? .national : (k % 3 == 1 ? .provincial : .county)
            let centre = centres[cities[c].code.rawValue] ?? (112.5, 37.5)
            let name = (tree[region]?.name.zh ?? "") + "示例站\(k + 1)"
            // Coordinates rounded to 4 decimals, as the stations file writes them.
            let lon = ((centre.0 + (rng.unit() - 0.5) * 0.6) * 10_000).rounded() / 10_000
            let lat = ((centre.1 + (rng.unit() - 0.5) * 0.5) * 10_000).rounded() / 10_000
            out.append(AirStation(code: String(format: "DEMO%04d", i + 1), name: name, region: region, stationClass: cls,
                                  lon: lon, lat: lat, synthetic: true))
        }
        return out
    }

    /// One year of hour-ending values for `stations` (from `stations(_:seed:tree:)`), in station then time order.
    /// About 0.02 % of the hours carry the flag `H`, and a few PM2.5 values are negative on purpose — the import
    /// must refuse those rows; `AirHour.implausibility` names them.
    public static func hours(stations: [AirStation], year: Int, seed: UInt64, tree: RegionTree, _ each: (AirHour) throws -> Void) rethrows {
        let cities = tree.current(level: .city)
        var cityIndex: [RegionCode: Int] = [:]
        for (i, c) in cities.enumerated() { cityIndex[c.code] = i }
        var rng = SplitMix64(seed: seed)
        // The station generator's draws come first, so that the weather below is the same as before the split.
        for _ in stations { _ = rng.unit(); _ = rng.unit() }
        let first = CivilDay(year: year, month: 1, day: 1)
        let days = CivilDay(year: year + 1, month: 1, day: 1).index - first.index
        // Shared weather: a day factor per city (episodes), and dust days for the whole province.
        var cityDay = [[Double]](repeating: [], count: cities.count)
        for c in 0..<cities.count {
            var f = 1.0
            cityDay[c] = (0..<days).map { _ in f = max(0.35, min(2.6, f * 0.8 + 0.2 + (rng.unit() - 0.5) * 0.55)); return f }
        }
        let dust = Set((0..<6).map { _ in 60 + Int(rng.unit() * 90) })
        for s in stations {
            guard let city = tree.city(of: s.region).flatMap({ cityIndex[$0] }) else { continue }
            var r = SplitMix64(seed: seed ^ stableHash(s.code))
            let stationBias = 0.8 + r.unit() * 0.4
            // One to three outages of one to five days.
            var outage = Set<Int>()
            for _ in 0..<(1 + Int(r.unit() * 3)) {
                let start = Int(r.unit() * Double(days)), len = 1 + Int(r.unit() * 5)
                for d in start..<min(days, start + len) { outage.insert(d) }
            }
            for d in 0..<days {
                if outage.contains(d) { continue }
                let doy = Double(d)
                let (_, month, dayOfMonth) = first.adding(d).components
                let heating = month >= 11 && (month > 11 || dayOfMonth >= 15) || month <= 2 || (month == 3 && dayOfMonth <= 15)
                let season = cos(2 * .pi * (doy - 15) / 365.25)
                let f = cityDay[city][d] * stationBias
                let isDust = dust.contains(d)
                for h in 1...24 {
                    if r.unit() < 0.02 { continue }
                    let diurnalPM = 1 + 0.25 * cos(2 * .pi * (Double(h) - 8) / 24)
                    let pm25 = max(3, (27 + 20 * season) * (heating ? 1.6 : 1) * f * diurnalPM * (isDust ? 1.8 : 1) * (0.85 + 0.3 * r.unit()))
                    let pm10 = pm25 * (isDust ? 4 : 1.7) * (0.9 + 0.2 * r.unit())
                    let so2 = max(2, (12 + 10 * season) * (heating ? 2 : 1) * f * (0.8 + 0.4 * r.unit()))
                    let no2 = max(5, (28 + 8 * season) * f * (1 + 0.3 * cos(2 * .pi * (Double(h) - 20) / 24)) * (0.8 + 0.4 * r.unit()))
                    let co = max(0.2, (0.8 + 0.5 * season) * (heating ? 1.5 : 1) * f * (0.8 + 0.4 * r.unit()))
                    let o3 = max(4, (62 - 36 * season) * (1 + 0.55 * sin(2 * .pi * (Double(h) - 9) / 24)) / max(0.7, f) * (0.85 + 0.3 * r.unit()))
                    // Integers in µg/m³, CO to one decimal: thousandths.
                    var v = [so2, no2, pm10, co * 10, o3, pm25].map { Int64($0.rounded()) * 1000 }
                    v[3] /= 10
                    var flag: String?
                    let u = r.unit()
                    if u < 0.0003 { flag = "H" } else if u < 0.00032 { v[5] = -5000 }
                    try each(AirHour(station: s.code, day: first.adding(d), hour: h, values: (v[0], v[1], v[2], v[3], v[4], v[5]), flag: flag))
                }
            }
        }
    }

    /// Writes the demo as the two files `air stations import` and `air import` read: `stations-YEAR.csv` and
    /// `hourly-YEAR.csv` in `directory`.
    public static func write(stations n: Int, year: Int, seed: UInt64, tree: RegionTree, directory: URL) throws -> Output {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let stations = try self.stations(n, seed: seed, tree: tree)
        let stationsPath = directory.appendingPathComponent("stations-\(year).csv").path
        var st = "code,name,region,class,lon,lat,synthetic\n"
        for s in stations {
            st += "\(s.code),\(s.name),\(s.region),\(s.stationClass.rawValue),\(String(format: "%.4f", s.lon)),\(String(format: "%.4f", s.lat)),true\n"
        }
        try st.write(toFile: stationsPath, atomically: true, encoding: .utf8)

        let hoursPath = directory.appendingPathComponent("hourly-\(year).csv").path
        _ = FileManager.default.createFile(atPath: hoursPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: hoursPath) else { throw Failure(description: "cannot write \(hoursPath)") }
        defer { try? out.close() }
        var buf: [UInt8] = []
        buf.reserveCapacity(1 << 21)
        buf.append(contentsOf: Array("station,time,SO2,NO2,PM10,CO,O3,PM2_5,flag\n".utf8))
        var rows = 0
        hours(stations: stations, year: year, seed: seed, tree: tree) { hour in
            // The hour ends at h o'clock; hour 24 is written as 00:00 of the next day.
            let h = hour.hour
            let stamp = h == 24 ? hour.day.adding(1).description + " 00:00" : hour.day.description + String(format: " %02d:00", h)
            buf.append(contentsOf: Array(hour.station.utf8)); buf.append(44)
            buf.append(contentsOf: Array(stamp.utf8))
            let v = hour.values
            for (p, x) in [v.0, v.1, v.2, v.3, v.4, v.5].enumerated() {
                buf.append(44)
                guard let x else { continue }
                if p == 3 { appendInt(&buf, Int(x / 1000)); buf.append(46); appendInt(&buf, Int(abs(x) % 1000 / 100)) } else { appendInt(&buf, Int(x / 1000)) }
            }
            buf.append(44); buf.append(contentsOf: Array((hour.flag ?? "").utf8)); buf.append(10)
            rows += 1
            if buf.count > 1 << 20 { out.write(Data(buf)); buf.removeAll(keepingCapacity: true) }
        }
        out.write(Data(buf))
        return Output(stationsPath: stationsPath, hoursPath: hoursPath, stations: stations.count, rows: rows)
    }

    static func appendInt(_ buf: inout [UInt8], _ v: Int) {
        if v < 0 { buf.append(45); appendInt(&buf, -v); return }
        if v >= 10 { appendInt(&buf, v / 10) }
        buf.append(UInt8(48 + v % 10))
    }
}
