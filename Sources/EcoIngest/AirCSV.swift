import EcoCore
import EcoStandards
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The air monitoring files.
///
/// Stations: `code,name,region,class,lon,lat[,synthetic]` — region is the county or city code the station lies
/// in, class `national`/`provincial`/`county` (国控/省控/县控 accepted), synthetic `true` for demo stations.
///
/// Hourly values: `station,time,SO2,NO2,PM10,CO,O3,PM2_5[,flag]` — time `YYYY-MM-DD HH:MM` local (Asia/Shanghai),
/// the **end** of the hour (`2024-01-02 00:00` is the 24th hour of 1 January); µg/m³, CO mg/m³; an empty cell is
/// missing. A flag other than empty or `N` (normal) marks the hour invalid — the place where the monitoring system
/// says an hour had fewer than 45 minutes of sampling (GB 3095 Table 4), calibration or a fault; the row is stored
/// with its flag and left out of every statistic.
public enum AirCSV {
    public struct Problem: Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "\(file):\(line):\(column): \(message)" }
    }

    // MARK: Stations

    public static func readStations(_ data: Data, file: String, regions: RegionTree) -> (stations: [AirStation], problems: [Problem]) {
        var problems: [Problem] = []
        let text: String
        do { text = try TextDecoding.decode(data).text } catch {
            return ([], [Problem(file: file, line: 1, column: 1, message: "\(error)")])
        }
        let table: CSVTable
        do { table = try CSVTable(text: text) } catch { return ([], [Problem(file: file, line: 1, column: 1, message: "\(error)")]) }
        guard let header = table.records.first?.fields.map({ $0.trimmedSpaces.lowercased() }),
              Array(header.prefix(6)) == ["code", "name", "region", "class", "lon", "lat"] else {
            return ([], [Problem(file: file, line: 1, column: 1, message: "the header must be code,name,region,class,lon,lat[,synthetic]")])
        }
        var out: [AirStation] = []
        var seen: [String: Int] = [:]
        for rec in table.records.dropFirst() {
            let f = rec.fields.map(\.trimmedSpaces)
            func bad(_ col: Int, _ m: String) { problems.append(Problem(file: file, line: rec.line, column: col, message: m)) }
            guard f.count == header.count else { bad(min(f.count, header.count) + 1, "expected \(header.count) fields, found \(f.count)"); continue }
            let before = problems.count
            if f[0].isEmpty { bad(1, "the station code is empty") }
            if let first = seen[f[0]] { bad(1, "station \(f[0]) is listed twice (first on line \(first))") }
            let region = RegionCode(f[2]).flatMap { regions[$0] }
            if region == nil || region?.validTo != nil || region?.level == .province { bad(3, "'\(f[2])' is not a current city or county code") }
            let cls: StationClass? = ["national": .national, "国控": .national, "provincial": .provincial, "省控": .provincial,
                                      "county": .county, "县控": .county, "city": .county, "市控": .county][f[3]]
            if cls == nil { bad(4, "class '\(f[3])' is not national, provincial or county") }
            let lon = Double(f[4]), lat = Double(f[5])
            if lon.map({ !(-180...180).contains($0) }) ?? true { bad(5, "longitude '\(f[4])' is not a number from −180 to 180") }
            if lat.map({ !(-90...90).contains($0) }) ?? true { bad(6, "latitude '\(f[5])' is not a number from −90 to 90") }
            let synthetic = f.count > 6 && ["true", "1", "是"].contains(f[6].lowercased())
            guard problems.count == before, let region, let cls, let lon, let lat else { continue }
            seen[f[0]] = rec.line
            out.append(AirStation(code: f[0], name: f[1], region: region.code, stationClass: cls, lon: lon, lat: lat, synthetic: synthetic))
        }
        return (problems.isEmpty ? out : [], problems)
    }

    // MARK: Hourly values

    /// One parsed station-hour.
    public struct Hour: Sendable {
        public var station: Int
        public var day: CivilDay
        public var hour: Int
        public var values: (Int64?, Int64?, Int64?, Int64?, Int64?, Int64?)
        public var flag: String?
        public var valid: Bool

        /// Hours since 1970-01-01 00:00 local time of the hour's end.
        public var hourEnd: Int { day.index * 24 + hour }
    }

    /// Plausibility ceilings (not in any standard): a value above them is refused as absurd. µg/m³, CO mg/m³.
    public static let ceilings: [Int64] = [10_000, 5_000, 10_000, 500, 5_000, 5_000].map { $0 * Milli.scale }

    public struct Summary: Sendable {
        public var rows = 0
        public var good = 0
        public var bad = 0
        public var flagged = 0
        public var problems: [Problem] = []
    }

    /// Streams an hourly file in 1 MiB chunks, calling `each` for every good row; a bad row is reported and counted
    /// and the others go on. Memory does not grow with the file. The parser is written by hand over bytes: the
    /// general CSV reader took about 8 µs a row, too slow for millions of station-hours (see Benchmarks/).
    /// `progress` gets the share of the file read, at most once per percent.
    /// `afterChunk` runs after each 1 MiB chunk (the importer writes its batch there, so memory stays bounded).
    public static func streamHours(path: String, stations: [String: Int], keepProblems: Int = 1000,
                                   progress: ((Double) -> Void)? = nil, afterChunk: () async throws -> Void = {},
                                   _ each: (Hour) -> Void) async throws -> Summary {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TextDecoding.Failure(description: "\(path): cannot open the file")
        }
        defer { try? handle.close() }
        let total = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        var summary = Summary()
        var carry: [UInt8] = []
        var lineNo = 0
        var readBytes = 0
        var lastPercent = -1
        var headerSeen = false
        var cache: [[UInt8]: Int] = [:]
        func problem(_ col: Int, _ message: String) {
            summary.bad += 1
            if summary.problems.count < keepProblems { summary.problems.append(Problem(file: path, line: lineNo, column: col, message: message)) }
        }
        func handleLine(_ line: ArraySlice<UInt8>) {
            lineNo += 1
            var line = line
            if line.last == 13 { line = line.dropLast() }
            if lineNo == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
            if line.isEmpty { return }
            if !headerSeen {
                headerSeen = true
                let h = String(decoding: line, as: UTF8.self).lowercased().replacingOccurrences(of: " ", with: "")
                if h.hasPrefix("station,time,") { return }
                // No header: treat the first line as data.
            }
            summary.rows += 1
            parseRow(line)
        }
        func parseRow(_ line: ArraySlice<UInt8>) {
            var fields: [ArraySlice<UInt8>] = []
            fields.reserveCapacity(9)
            var start = line.startIndex
            for i in line.indices where line[i] == 44 {
                fields.append(line[start..<i])
                start = i + 1
            }
            fields.append(line[start..<line.endIndex])
            guard fields.count == 8 || fields.count == 9 else { problem(min(fields.count, 9) + (fields.count > 9 ? 1 : 0), "expected 8 or 9 fields, found \(fields.count)"); return }
            let key = Array(fields[0])
            guard let station = cache[key] ?? stations[String(decoding: key, as: UTF8.self)] else {
                problem(1, "unknown station '\(String(decoding: key, as: UTF8.self))'"); return
            }
            cache[key] = station
            guard let (day, hour) = parseTime(fields[1]) else {
                problem(2, "time '\(String(decoding: fields[1], as: UTF8.self))' is not YYYY-MM-DD HH:00 (hour-ending local time)"); return
            }
            var v: [Int64?] = [nil, nil, nil, nil, nil, nil]
            for p in 0..<6 {
                let raw = fields[p + 2]
                if raw.isEmpty || raw.allSatisfy({ $0 == 32 }) { continue }
                guard let x = Milli.parse(raw) else { problem(p + 3, "'\(String(decoding: raw, as: UTF8.self))' is not a number"); return }
                if x < 0 { problem(p + 3, "negative concentration \(Milli.text(x))"); return }
                if x > ceilings[p] { problem(p + 3, "absurd concentration \(Milli.text(x)) (above \(Milli.text(ceilings[p])))"); return }
                v[p] = x
            }
            var flag: String?
            if fields.count == 9, !fields[8].isEmpty { flag = String(decoding: fields[8], as: UTF8.self) }
            let valid = flag == nil || flag == "N"
            if !valid { summary.flagged += 1 }
            summary.good += 1
            each(Hour(station: station, day: day, hour: hour, values: (v[0], v[1], v[2], v[3], v[4], v[5]), flag: flag, valid: valid))
        }
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            readBytes += chunk.count
            var bytes = carry
            bytes.append(contentsOf: chunk)
            var start = 0
            bytes.withUnsafeBufferPointer { buf in
                var i = 0
                while i < buf.count {
                    // memchr finds the next newline far faster than a byte loop.
                    guard let base = buf.baseAddress, let p = memchr(base + i, 10, buf.count - i) else { break }
                    let end = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    handleLine(bytes[start..<end])
                    start = end + 1
                    i = start
                }
            }
            carry = Array(bytes[start...])
            try await afterChunk()
            if let total, total > 0, let progress {
                let percent = readBytes * 100 / total
                if percent != lastPercent { lastPercent = percent; progress(Double(readBytes) / Double(total)) }
            }
        }
        if !carry.isEmpty { handleLine(carry[...]) }
        try await afterChunk()
        return summary
    }

    /// `YYYY-MM-DD HH:MM` (or with `T`) → the day and hour 1…24 it ends (see `AirHourRecord.dayAndHour`).
    static func parseTime(_ t: ArraySlice<UInt8>) -> (CivilDay, Int)? {
        let u = Array(t)
        guard u.count == 16, u[4] == 45, u[7] == 45, u[10] == 32 || u[10] == 84, u[13] == 58 else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard (48...57).contains(u[i]) else { return nil }; v = v * 10 + Int(u[i] - 48) }
            return v
        }
        guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10), let hh = n(11..<13), let mm = n(14..<16),
              (1...12).contains(m), d >= 1, d <= CivilDay.daysIn(year: y, month: m) else { return nil }
        return AirHourRecord.dayAndHour(date: CivilDay(year: y, month: m, day: d), hh: hh, mm: mm)
    }
}
