import EcoAir
import EcoCore
import EcoKit
import EcoStandards
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension AirCSV {
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
}
