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
    /// One refused row or file, located.
    public struct Problem: Sendable, CustomStringConvertible {
        /// The file as named on the command line.
        public let file: String
        /// The physical line, counted from 1.
        public let line: Int
        /// The field, counted from 1.
        public let column: Int
        /// What is wrong and what was expected.
        public let message: String
        /// `FILE:LINE:COLUMN: message`.
        public var description: String { "\(file):\(line):\(column): \(message)" }

        /// Creates a problem.
        public init(file: String, line: Int, column: Int, message: String) {
            self.file = file
            self.line = line
            self.column = column
            self.message = message
        }
    }

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

    /// The per-line state of `streamHours`.
    struct LineParser {
        let path: String
        let keepProblems: Int
        var summary = Summary()
        var lineNo = 0
        var headerSeen = false
        /// Station codes by FNV-1a hash of their bytes (checked against the code on a hit).
        var byHash: [UInt64: [(code: [UInt8], index: Int)]] = [:]
        var lastStation: (code: [UInt8], index: Int)?
        let ceilings = AirCSV.ceilings
        /// When set, good rows of the fast path go straight into this year (the loader's case) instead of `each`.
        var sink: AirYearData?
        /// The last date parsed, with its day: rows come in runs of the same date.
        var lastDate: (UInt64, UInt16, CivilDay)?
        /// Starts and ends of the fields of the current line (reused, never reallocated).
        var starts = [Int](repeating: 0, count: 12)
        var ends = [Int](repeating: 0, count: 12)

        /// Station codes by index (the index the callback receives).
        var codes: [String]

        init(path: String, stations: [String: Int], keepProblems: Int) {
            self.path = path
            self.keepProblems = keepProblems
            codes = Array(repeating: "", count: (stations.values.max() ?? -1) + 1)
            for (code, i) in stations {
                codes[i] = code
                let bytes = Array(code.utf8)
                byHash[Self.fnv(bytes), default: []].append((bytes, i))
            }
        }

        static func fnv<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
            var h: UInt64 = 0xcbf29ce484222325
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 }
            return h
        }

        /// The line with RFC 4180 quotes undone (`"1001A"` → `1001A`, `""` → `"`); nil when a quote is not closed on
        /// the line or a quoted field holds a comma.
        static func unquoted(_ p: UnsafePointer<UInt8>, _ n: Int) -> [UInt8]? {
            var out: [UInt8] = []
            out.reserveCapacity(n)
            var i = 0, inQuotes = false, fieldStart = true
            while i < n {
                let b = p[i]
                if inQuotes {
                    if b == 34 {
                        if i + 1 < n, p[i + 1] == 34 { out.append(34); i += 2; continue }
                        inQuotes = false
                    } else if b == 44 {
                        return nil
                    } else {
                        out.append(b)
                    }
                } else if b == 34, fieldStart {
                    inQuotes = true
                } else {
                    out.append(b)
                }
                fieldStart = b == 44 && !inQuotes
                i += 1
            }
            return inQuotes ? nil : out
        }

        /// `parseTime` with the date part cached (the date's 10 bytes compared in two words).
        mutating func time(_ u: UnsafeBufferPointer<UInt8>) -> (CivilDay, Int)? {
            guard u.count == 16, u[13] == 58, u[14] == 48, u[15] == 48, (48...50).contains(u[11]), (48...57).contains(u[12]),
                  u[10] == 32 || u[10] == 84, let cached = lastDate else { return remember(u) }
            var key: UInt64 = 0
            for i in 0..<8 { key = key << 8 | UInt64(u[i]) }
            guard key == cached.0, UInt16(u[8]) << 8 | UInt16(u[9]) == cached.1 else { return remember(u) }
            let hh = Int(u[11] - 48) * 10 + Int(u[12] - 48)
            return AirHour.dayAndHour(date: cached.2, hh: hh, mm: 0)
        }

        mutating func remember(_ u: UnsafeBufferPointer<UInt8>) -> (CivilDay, Int)? {
            guard let r = AirCSV.parseTime(u) else { return nil }
            var key: UInt64 = 0
            for i in 0..<8 { key = key << 8 | UInt64(u[i]) }
            let date = r.1 == 24 ? r.0.adding(1) : r.0
            lastDate = (key, UInt16(u[8]) << 8 | UInt16(u[9]), date)
            return r
        }

        /// Sets value `k` (SO2, NO2, PM10, CO, O3, PM2.5) of a row's tuple.
        @inline(__always)
        static func set(_ v: inout AirValues, _ k: Int, _ x: Int64) {
            switch k {
            case 0: v.0 = x
            case 1: v.1 = x
            case 2: v.2 = x
            case 3: v.3 = x
            case 4: v.4 = x
            default: v.5 = x
            }
        }

        /// The field index of station, time, the six pollutants (`AirValues` order) and the flag (−1: none).
        var columns = [0, 1, 2, 3, 4, 5, 6, 7, 8]
        /// Fields the header has.
        var headerFields = 9
        /// True when the columns are in the standard order (the fast path's assumption).
        var standardOrder = true
        /// Set when the header is unusable: every row is refused.
        var noHeader = false

        /// The header's column names, by name in any order (Chinese names too); quotes and spaces are ignored.
        mutating func readHeader(_ p: UnsafePointer<UInt8>, _ length: Int, report: Bool) {
            var n = length
            if n > 0, p[n - 1] == 13 { n -= 1 }
            var text = String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "\"", with: "").trimmingCharacters(in: .whitespaces).lowercased()
            }
            let aliases: [String: Int] = ["station": 0, "code": 0, "站点": 0, "站点编码": 0, "time": 1, "时间": 1,
                                          "so2": 2, "no2": 3, "pm10": 4, "co": 5, "o3": 6, "pm2_5": 7, "pm2.5": 7, "pm25": 7,
                                          "flag": 8, "标识": 8]
            var found = [Int](repeating: -1, count: 9)
            for (i, name) in names.enumerated() { if let k = aliases[name], found[k] < 0 { found[k] = i } }
            headerFields = names.count
            let missing = (0..<8).filter { found[$0] < 0 }
            guard missing.isEmpty else {
                noHeader = true
                if report {
                    let wanted = ["station", "time", "SO2", "NO2", "PM10", "CO", "O3", "PM2_5"]
                    problem(1, "the first line must be the header station,time,SO2,NO2,PM10,CO,O3,PM2_5[,flag] (columns are found by name); missing: \(missing.map { wanted[$0] }.joined(separator: ", "))", reason: "header")
                }
                return
            }
            columns = found
            standardOrder = found[0..<8].elementsEqual(0..<8) && (found[8] == 8 || (found[8] == -1 && names.count == 8))
        }

        mutating func problem(_ col: Int, _ message: String, reason: String) {
            summary.badByReason[reason, default: 0] += 1
            summary.bad += 1
            if summary.problems.count < keepProblems { summary.problems.append(Problem(file: path, line: lineNo, column: col, message: message)) }
        }

        /// The common case in one pass with no lookups beyond the last station and date: a well-formed row of a
        /// known station. Anything else (header, errors, flags, unusual numbers) returns false and takes `slowLine`,
        /// which gives the exact messages.
        @inline(__always)
        mutating func fastLine(_ p: UnsafePointer<UInt8>, _ n: Int, _ each: (Int, AirHour) -> Void) -> Bool {
            guard headerSeen, standardOrder, n > 26, let last = lastStation else { return false }
            // Station.
            let k = last.code.count
            guard n > k + 17, p[k] == 44, last.code.withUnsafeBufferPointer({ b in b.baseAddress.map { memcmp($0, p, k) == 0 } ?? false }) else { return false }
            // Time: the date must be the cached one.
            let t = p + k + 1
            guard t[16] == 44, t[13] == 58, t[14] == 48, t[15] == 48, t[10] == 32, let cached = lastDate else { return false }
            var key: UInt64 = 0
            for i in 0..<8 { key = key << 8 | UInt64(t[i]) }
            guard key == cached.0, UInt16(t[8]) << 8 | UInt16(t[9]) == cached.1 else { return false }
            let h1 = Int(t[11]) - 48, h2 = Int(t[12]) - 48
            guard (0...2).contains(h1), (0...9).contains(h2), let (day, hour) = AirHour.dayAndHour(date: cached.2, hh: h1 * 10 + h2, mm: 0) else { return false }
            // Six values, each digits with an optional point and up to three decimals, or empty.
            var i = k + 18
            var out: AirValues = (nil, nil, nil, nil, nil, nil)
            for f in 0..<6 {
                var value: Int64 = 0, digits = 0, decimals = -1
                while i < n, p[i] != 44 {
                    let b = p[i]
                    if b >= 48 && b <= 57 {
                        if decimals >= 0 { if decimals == 3 { return false }; decimals += 1 }
                        value = value * 10 + Int64(b - 48)
                        digits += 1
                        if digits > 12 { return false }
                    } else if b == 46 && decimals < 0 {
                        decimals = 0
                    } else {
                        return false
                    }
                    i += 1
                }
                if digits > 0 {
                    switch max(decimals, 0) {
                    case 0: value *= 1000
                    case 1: value *= 100
                    case 2: value *= 10
                    default: break
                    }
                    if value > ceilings[f] { return false }
                    Self.set(&out, f, value)
                } else if decimals >= 0 {
                    return false
                }
                if f < 5 {
                    guard i < n else { return false }
                    i += 1
                }
            }
            // Nothing after the values, or one empty flag field.
            guard i == n || (i == n - 1 && p[i] == 44) else { return false }
            summary.rows += 1
            summary.good += 1
            if let sink {
                _ = sink.store(station: last.index, day: day.index, hour: hour, values: out, valid: true)
            } else {
                each(last.index, AirHour(station: codes[last.index], day: day, hour: hour, values: out, flag: nil))
            }
            return true
        }

        mutating func line(_ p: UnsafePointer<UInt8>, _ length: Int, _ each: (Int, AirHour) -> Void) {
            lineNo += 1
            var n = length
            if n > 0, p[n - 1] == 13 { n -= 1 }
            if fastLine(p, n, each) { return }
            slowLine(p, length, each)
        }

        mutating func slowLine(_ p: UnsafePointer<UInt8>, _ length: Int, unquoted done: Bool = false, _ each: (Int, AirHour) -> Void) {
            var p = p, n = length
            if n > 0, p[n - 1] == 13 { n -= 1 }
            if lineNo == 1, n >= 3, p[0] == 0xEF, p[1] == 0xBB, p[2] == 0xBF { p += 3; n -= 3 }
            if n == 0 { return }
            if !headerSeen {
                headerSeen = true
                readHeader(p, n, report: true)
                return
            }
            summary.rows += 1
            if noHeader { summary.bad += 1; summary.badByReason["header", default: 0] += 1; return }
            if !done, memchr(p, 34, n) != nil {
                // A quoted field: unquote the line (RFC 4180) and read it again; a quoted comma or line break has no
                // place in an hourly file.
                guard let plain = Self.unquoted(p, n) else {
                    problem(1, "a quoted field is not closed on its line or holds a comma", reason: "quote"); return
                }
                summary.rows -= 1
                // Once: an escaped quote ("") is a literal quote afterwards, not a new quoted field.
                plain.withUnsafeBufferPointer { b in if let base = b.baseAddress { slowLine(base, b.count, unquoted: true, each) } }
                return
            }
            var count = 0
            var s = 0
            // memchr for the commas: a byte loop here was a third of the parse time.
            while s <= n, let c = memchr(p + s, 44, n - s) {
                let i = p.distance(to: c.assumingMemoryBound(to: UInt8.self))
                if count < 11 { starts[count] = s; ends[count] = i }
                count += 1
                s = i + 1
            }
            if count < 11 { starts[count] = s; ends[count] = n }
            count += 1
            func text(_ f: Int) -> String { String(decoding: UnsafeBufferPointer(start: p + starts[f], count: ends[f] - starts[f]), as: UTF8.self) }
            let needed = (columns[0..<8].max() ?? 7) + 1
            guard count <= headerFields, count >= needed, count <= 11 else {
                problem(count > headerFields ? headerFields + 1 : count, "expected \(headerFields) fields as in the header, found \(count)", reason: "fieldCount"); return
            }
            let cs = columns[0], ct = columns[1]
            let code = UnsafeBufferPointer(start: p + starts[cs], count: ends[cs] - starts[cs])
            let station: Int
            // Files come in runs of one station: compare with the last one before hashing.
            if let last = lastStation, last.code.count == code.count,
               let cb = code.baseAddress, last.code.withUnsafeBufferPointer({ b in b.baseAddress.map { memcmp($0, cb, code.count) == 0 } ?? false }) {
                station = last.index
            } else if let hit = byHash[Self.fnv(code)]?.first(where: { $0.code.elementsEqual(code) }) {
                station = hit.index
                lastStation = hit
            } else {
                problem(cs + 1, "unknown station '\(text(cs))'", reason: "unknownStation"); return
            }
            guard let (day, hour) = time(UnsafeBufferPointer(start: p + starts[ct], count: ends[ct] - starts[ct])) else {
                problem(ct + 1, "time '\(text(ct))' is not YYYY-MM-DD HH:00 (hour-ending local time)", reason: "badTime"); return
            }
            var v: AirValues = (nil, nil, nil, nil, nil, nil)
            for k in 0..<6 {
                let f = columns[k + 2]
                let len = ends[f] - starts[f]
                if len == 0 { continue }
                guard let x = Milli.parse(p + starts[f], len) else {
                    if (0..<len).allSatisfy({ p[starts[f] + $0] == 32 }) { continue }
                    problem(f + 1, "'\(text(f))' is not a number", reason: "notANumber"); return
                }
                if let why = AirHour.implausibility(x, pollutant: k) { problem(f + 1, why, reason: "implausible"); return }
                Self.set(&v, k, x)
            }
            var flag: String?
            let cf = columns[8]
            if cf >= 0, cf < count, ends[cf] > starts[cf] { flag = text(cf) }
            let record = AirHour(station: codes[station], day: day, hour: hour, values: v, flag: flag)
            if !record.isValid { summary.flagged += 1 }
            summary.good += 1
            each(station, record)
        }
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
