import EcoCore
import EcoStandards
import Foundation

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

    public struct Output: Sendable {
        public var stationsPath: String
        public var hoursPath: String
        public var stations: Int
        public var rows: Int
    }

    public static func write(stations n: Int, year: Int, seed: UInt64, tree: RegionTree, directory: URL) throws -> Output {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cities = tree.current(level: .city)
        guard !cities.isEmpty, n > 0 else { throw TextDecoding.Failure(description: "no cities to place stations in") }
        var rng = SplitMix64(seed: seed)
        // Stations: round-robin over cities, then over each city's counties; the first two of each city national.
        var stations: [(code: String, name: String, region: RegionCode, cls: String, lon: Double, lat: Double, city: Int)] = []
        var perCity = [Int](repeating: 0, count: cities.count)
        for i in 0..<n {
            let c = i % cities.count
            let counties = tree.current(level: .county, parent: cities[c].code)
            let k = perCity[c]
            perCity[c] += 1
            let region = counties.isEmpty ? cities[c].code : counties[k % counties.count].code
            let cls = k < 2 || k % 3 == 0 ? "national" : (k % 3 == 1 ? "provincial" : "county")
            let centre = centres[cities[c].code.rawValue] ?? (112.5, 37.5)
            let name = (tree[region]?.name.zh ?? "") + "示例站\(k + 1)"
            stations.append((String(format: "DEMO%04d", i + 1), name, region, cls, centre.0 + (rng.unit() - 0.5) * 0.6,
                             centre.1 + (rng.unit() - 0.5) * 0.5, c))
        }
        let stationsPath = directory.appendingPathComponent("stations-\(year).csv").path
        var st = "code,name,region,class,lon,lat,synthetic\n"
        for s in stations { st += "\(s.code),\(s.name),\(s.region),\(s.cls),\(String(format: "%.4f", s.lon)),\(String(format: "%.4f", s.lat)),true\n" }
        try st.write(toFile: stationsPath, atomically: true, encoding: .utf8)

        let hoursPath = directory.appendingPathComponent("hourly-\(year).csv").path
        FileManager.default.createFile(atPath: hoursPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: hoursPath) else { throw TextDecoding.Failure(description: "cannot write \(hoursPath)") }
        defer { try? out.close() }
        var buf: [UInt8] = []
        buf.reserveCapacity(1 << 21)
        buf.append(contentsOf: Array("station,time,SO2,NO2,PM10,CO,O3,PM2_5,flag\n".utf8))
        let first = CivilDay(year: year, month: 1, day: 1)
        let days = CivilDay(year: year + 1, month: 1, day: 1).index - first.index
        // Shared weather: a day factor per city (episodes), and dust days for the whole province.
        var cityDay = [[Double]](repeating: [], count: cities.count)
        for c in 0..<cities.count {
            var f = 1.0
            cityDay[c] = (0..<days).map { _ in f = max(0.35, min(2.6, f * 0.8 + 0.2 + (rng.unit() - 0.5) * 0.55)); return f }
        }
        let dust = Set((0..<6).map { _ in 60 + Int(rng.unit() * 90) })
        var rows = 0
        for s in stations {
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
                let f = cityDay[s.city][d] * stationBias
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
                    var values = [so2, no2, pm10, co * 10, o3, pm25].map { Int($0.rounded()) }
                    var flag = ""
                    let u = r.unit()
                    if u < 0.0003 { flag = "H" } else if u < 0.00032 { values[5] = -5 }
                    // The hour ends at h o'clock; hour 24 is written as 00:00 of the next day.
                    let stamp = h == 24 ? first.adding(d + 1).description + " 00:00" : first.adding(d).description + String(format: " %02d:00", h)
                    buf.append(contentsOf: Array(s.code.utf8)); buf.append(44)
                    buf.append(contentsOf: Array(stamp.utf8))
                    for (p, v) in values.enumerated() {
                        buf.append(44)
                        if p == 3 { appendInt(&buf, v / 10); buf.append(46); appendInt(&buf, v % 10) } else { appendInt(&buf, v) }
                    }
                    buf.append(44); buf.append(contentsOf: Array(flag.utf8)); buf.append(10)
                    rows += 1
                    if buf.count > 1 << 20 { out.write(Data(buf)); buf.removeAll(keepingCapacity: true) }
                }
            }
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
