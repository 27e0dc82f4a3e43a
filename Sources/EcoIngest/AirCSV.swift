public import EcoAir
public import EcoCore
import EcoKit
import EcoStandards
public import Foundation
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
    /// One refused row or file, located (`FileProblem`).
    public typealias Problem = FileProblem

    // MARK: Stations

    /// Reads a stations file; a file with any problem yields no station (all-or-nothing).
    public static func readStations(_ data: Data, file: String, regions: RegionTree) -> (stations: [AirStation], problems: [Problem]) {
        var problems: [Problem] = []
        let text: String
        do { text = try TextDecoding.decode(data).text } catch {
            return ([], [Problem(file: file, line: 1, column: 1, message: "\(error)")])
        }
        let table: CSVTable
        do { table = try CSVTable(text: text) } catch let failure as CSVTable.Failure {
            return ([], [Problem(file: file, line: failure.line, column: failure.column, message: failure.reason)])
        } catch { return ([], [Problem(file: file, line: 1, column: 1, message: "\(error)")]) }
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

    /// Plausibility ceilings: `AirHour.ceilings`.
    public static var ceilings: [Int64] { AirHour.ceilings }

    /// What reading an hourly file found.
    public struct Summary: Sendable {
        /// Lines read (header and blank lines included).
        public var lines = 0
        /// Refused rows per reason (`unknownStation`, `badTime`, `notANumber`, `implausible`, `fieldCount`,
        /// `header`, `quote`), so a file with 100,000 identical errors reads as one line of counts.
        public var badByReason: [String: Int] = [:]
        /// Data rows read (header and blank lines not counted).
        public var rows = 0
        /// Rows accepted (flagged ones included).
        public var good = 0
        /// Rows refused.
        public var bad = 0
        /// Accepted rows whose flag marks the hour invalid.
        public var flagged = 0
        /// The first refused rows, located (at most `keepProblems`).
        public var problems: [Problem] = []

        /// An empty summary.
        public init() {}
    }

    /// Streams an hourly file in 1 MiB chunks, calling `each` for every good row; a bad row is reported and counted
    /// and the others go on. Memory does not grow with the file. The parser is written by hand over raw bytes
    /// (no per-row allocation): the general CSV reader took about 8 µs a row and a first byte-slice version 1.8 µs,
    /// too slow for millions of station-hours (see Benchmarks/README.md for the figures).
    /// `progress` gets the share of the file read, at most once per percent; `afterChunk` runs after each chunk (the
    /// importer writes its batch there, so memory stays bounded).
    /// `byteRange` limits the reading to part of the file (it must start at a line start); its line numbers then
    /// count from the start of the part, and `Summary.lines` says how many lines the part had.
    public static func streamHours(path: String, stations: [String: Int], keepProblems: Int = 1000, byteRange: Range<Int>? = nil,
                                   sink: AirYearData? = nil,
                                   progress: ((Double) -> Void)? = nil, afterChunk: () async throws -> Void = {},
                                   _ each: (Int, AirHour) -> Void) async throws -> Summary {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TextDecoding.Failure(description: "\(path): cannot open the file")
        }
        defer { try? handle.close() }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        var remaining = Int.max
        if let byteRange {
            try handle.seek(toOffset: UInt64(byteRange.lowerBound))
            remaining = byteRange.count
        }
        let total = byteRange?.count ?? size
        var parser = LineParser(path: path, stations: stations, keepProblems: keepProblems)
        if let byteRange, byteRange.lowerBound > 0 {
            // A later part of a split file: its columns are the file's header's.
            try handle.seek(toOffset: 0)
            let head = [UInt8](handle.readData(ofLength: 1 << 16))
            let end = head.firstIndex(of: 10) ?? head.count
            head.withUnsafeBufferPointer { b in if let base = b.baseAddress { parser.readHeader(base, end, report: false) } }
            parser.headerSeen = true
            try handle.seek(toOffset: UInt64(byteRange.lowerBound))
        }
        parser.sink = sink
        var carry: [UInt8] = []
        var readBytes = 0
        var lastPercent = -1
        while remaining > 0 {
            let chunk = handle.readData(ofLength: min(1 << 20, remaining))
            if chunk.isEmpty { break }
            remaining -= chunk.count
            readBytes += chunk.count
            var bytes = carry
            bytes.append(contentsOf: chunk)
            let consumed = bytes.withUnsafeBufferPointer { buf -> Int in
                guard let base = buf.baseAddress else { return 0 }
                var start = 0
                while start < buf.count, let nl = memchr(base + start, 10, buf.count - start) {
                    let end = base.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                    parser.line(base + start, end - start, each)
                    start = end + 1
                }
                return start
            }
            carry = Array(bytes[consumed...])
            try await afterChunk()
            if let total, total > 0, let progress {
                let percent = readBytes * 100 / total
                if percent != lastPercent { lastPercent = percent; progress(Double(readBytes) / Double(total)) }
            }
        }
        if !carry.isEmpty { carry.withUnsafeBufferPointer { b in if let base = b.baseAddress { parser.line(base, b.count, each) } } }
        try await afterChunk()
        parser.summary.lines = parser.lineNo
        return parser.summary
    }

    /// Parses hourly values held in memory (the same parser as `streamHours`, for tests, fuzzing and small
    /// uploads), calling `each` for every good row.
    public static func parseHours(_ data: Data, file: String, stations: [String: Int], keepProblems: Int = 1000,
                                  _ each: (Int, AirHour) -> Void) -> Summary {
        var parser = LineParser(path: file, stations: stations, keepProblems: keepProblems)
        data.withUnsafeBytes { raw in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress else { return }
            let n = raw.count
            var start = 0
            while start < n {
                let end = memchr(base + start, 10, n - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) } ?? n
                parser.line(base + start, end - start, each)
                start = end + 1
            }
        }
        parser.summary.lines = parser.lineNo
        return parser.summary
    }

    /// Byte offsets that cut a file into `parts` pieces at line starts.
    public static func split(path: String, parts: Int) throws -> [Range<Int>] {
        guard let h = FileHandle(forReadingAtPath: path) else { throw TextDecoding.Failure(description: "\(path): cannot open the file") }
        defer { try? h.close() }
        let size = Int(try h.seekToEnd())
        var cuts = [0]
        for k in 1..<max(1, parts) {
            try h.seek(toOffset: UInt64(size * k / parts))
            let probe = [UInt8](h.readData(ofLength: 1 << 16))
            guard let nl = probe.firstIndex(of: 10) else { continue }
            let cut = size * k / parts + nl + 1
            if let last = cuts.last, cut > last, cut < size { cuts.append(cut) }
        }
        cuts.append(size)
        return zip(cuts, cuts.dropFirst()).map { $0..<$1 }
    }

    /// `YYYY-MM-DD HH:MM` (or with `T`) → the day and hour 1…24 it ends (see `AirHour.dayAndHour`).
    static func parseTime(_ u: UnsafeBufferPointer<UInt8>) -> (CivilDay, Int)? {
        guard u.count == 16, u[4] == 45, u[7] == 45, u[10] == 32 || u[10] == 84, u[13] == 58 else { return nil }
        func n(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard (48...57).contains(u[i]) else { return nil }; v = v * 10 + Int(u[i] - 48) }
            return v
        }
        guard let y = n(0..<4), let m = n(5..<7), let d = n(8..<10), let hh = n(11..<13), let mm = n(14..<16),
              (1...12).contains(m), d >= 1, d <= CivilDay.daysIn(year: y, month: m) else { return nil }
        return AirHour.dayAndHour(date: CivilDay(year: y, month: m, day: d), hh: hh, mm: mm)
    }
}
