public import EcoKit

/// The command parameters of a packet (HJ 212-2017 §6.3.3, Table 4): items `Name=Value` separated by `;`, values of
/// the same pollutant by `,`, pollutant values written `<code>-<suffix>=<value>`. Split only outside `//…//` (log
/// texts may hold any character, hj212.md §5.3); spaces around names and values are trimmed (§10 row 8).
public struct HJ212CP: Sendable, Equatable {
    /// Plain fields (`DataTime`, `RtdInterval`, `QnRtn`, …) in order.
    public var fields: [HJ212Field]
    /// Pollutant groups in the order of their first appearance.
    public var readings: [HJ212Reading]

    /// The text of a plain field.
    public func field(_ name: String) -> String? { fields.first { $0.name == name }?.value }

    /// Whether a suffix's values are numbers of type Nx.y (Table 4): real-time, period minimum/average/maximum,
    /// cumulative amount and their 折算 forms. A switch: hashing each suffix into a set cost more than the rest.
    static func isNumeric(_ suffix: String) -> Bool {
        switch suffix {
        case "Rtd", "Min", "Avg", "Max", "Cou", "ZsRtd", "ZsMin", "ZsAvg", "ZsMax": return true
        default: return false
        }
    }

    /// Parses the text between `CP=&&` and the closing `&&`.
    public static func parse(_ text: Substring) throws(HJ212PacketError) -> HJ212CP {
        let bytes = Array(text.utf8)
        return try parse(bytes: bytes[...])
    }

    /// Parses the bytes between `CP=&&` and the closing `&&` (UTF-8 already checked).
    static func parse(bytes: ArraySlice<UInt8>) throws(HJ212PacketError) -> HJ212CP {
        var fields: [HJ212Field] = []
        var readings: [HJ212Reading] = []
        for item in splitOutsideLogs(bytes, on: 0x3B) {
            for pair in splitOutsideLogs(item, on: 0x2C) {
                if pair.allSatisfy({ $0 == 0x20 }) { continue }
                guard let eq = pair.firstIndex(of: 0x3D) else {
                    throw HJ212PacketError(field: "CP", reason: "'\(HJ212Bytes.text(pair.prefix(24)))' is not name=value")
                }
                let nameBytes = HJ212Bytes.trimmed(pair, pair.startIndex, eq), value = HJ212Bytes.text(HJ212Bytes.trimmed(pair, eq + 1, pair.endIndex))
                guard !nameBytes.isEmpty else { throw HJ212PacketError(field: "CP", reason: "a value '\(value.prefix(24))' has no name") }
                if let dash = nameBytes.firstIndex(of: 0x2D), dash != nameBytes.startIndex {
                    let code = HJ212Bytes.text(nameBytes[..<dash]), suffix = HJ212Bytes.text(nameBytes[(dash + 1)...])
                    if isNumeric(suffix), HJ212Number(value) == nil {
                        throw HJ212PacketError(field: code + "-" + suffix, reason: "expected a number (digits, an optional sign and decimal point), found '\(value.prefix(24))'")
                    }
                    // The values of one pollutant come together: look at the last group first, then the others.
                    if let i = readings.last?.code == code ? readings.count - 1 : readings.lastIndex(where: { $0.code == code }) {
                        readings[i].values.append(HJ212Field(name: suffix, value: value))
                    } else {
                        readings.append(HJ212Reading(code: code, values: [HJ212Field(name: suffix, value: value)]))
                    }
                } else {
                    fields.append(HJ212Field(name: HJ212Bytes.text(nameBytes), value: value))
                }
            }
        }
        return HJ212CP(fields: fields, readings: readings)
    }

    /// Splits on a separator byte that is not inside a `//…//` log text.
    static func splitOutsideLogs(_ text: ArraySlice<UInt8>, on separator: UInt8) -> [ArraySlice<UInt8>] {
        var out: [ArraySlice<UInt8>] = []
        var from = text.startIndex
        var i = text.startIndex
        var inLog = false
        while i < text.endIndex {
            let c = text[i]
            if c == 0x2F, i + 1 < text.endIndex, text[i + 1] == 0x2F {
                inLog.toggle()
                i += 2
                continue
            }
            if c == separator, !inLog { out.append(text[from..<i]); from = i + 1 }
            i += 1
        }
        out.append(text[from..<text.endIndex])
        return out
    }
}

/// One pollutant's values in a packet: `w01018-Rtd=40.1,w01018-Flag=N`.
public struct HJ212Reading: Sendable, Equatable {
    /// The factor code (HJ 212-2017 Appendix B, or an older or vendor code: kept as sent).
    public var code: String
    /// The suffixes and their texts in order (`Rtd`, `Avg`, `Flag`, `EFlag`, `SampleTime`, …).
    public var values: [HJ212Field]

    /// The text of a suffix.
    public func text(_ suffix: String) -> String? { values.first { $0.name == suffix }?.value }
}

/// A number of type Nx.y (HJ 212-2017 §6.3.3): an optional sign, digits, an optional decimal point with digits; at
/// most 20 characters (N14.2 is 18 with sign and point). The text is kept, since precision matters.
public struct HJ212Number: Sendable, Equatable {
    /// The text as sent.
    public var text: String
    /// Its value.
    public var value: Double

    /// A number from its text, nil when it is not one.
    public init?(_ text: String) {
        let u = text.utf8
        guard !u.isEmpty, u.count <= 20 else { return nil }
        var digits = 0, points = 0, first = true
        for c in u {
            defer { first = false }
            if c >= 0x30 && c <= 0x39 { digits += 1 } else if c == 0x2E { points += 1 } else if first && (c == 0x2B || c == 0x2D) { continue } else { return nil }
        }
        guard digits > 0, points <= 1, let v = Double(text), v.isFinite else { return nil }
        self.text = text
        self.value = v
    }
}

/// A time of the protocol, `YYYYMMDDhhmmss` (14 digits) or with milliseconds (17, hj212.md §10 row 6), local time of
/// the device (China Standard Time; the standard names no zone).
public struct HJ212Time: Sendable, Equatable, Comparable, Hashable, CustomStringConvertible {
    /// Year, month, day, hour, minute, second.
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// A checked time; nil outside the calendar.
    public init?(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute),
              (0...59).contains(second) else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        guard (1...days).contains(day) else { return nil }
        (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
    }

    /// A time from its 14- or 17-digit text.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 14 || u.count == 17, u.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func n(_ a: Int, _ b: Int) -> Int { u[a..<b].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        self.init(year: n(0, 4), month: n(4, 6), day: n(6, 8), hour: n(8, 10), minute: n(10, 12), second: n(12, 14))
    }

    /// `YYYY-MM-DD hh:mm:ss`, which also sorts as time.
    public var description: String {
        func p(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, w - s.count)) + s }
        return "\(p(year, 4))-\(p(month, 2))-\(p(day, 2)) \(p(hour, 2)):\(p(minute, 2)):\(p(second, 2))"
    }

    /// The protocol's 14 digits.
    public var compact: String { description.filter { $0.isNumber } }

    public static func < (a: HJ212Time, b: HJ212Time) -> Bool { a.description < b.description }
}

extension HJ212Time: Codable {
    /// Decodes `YYYY-MM-DD hh:mm:ss`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let t = HJ212Time(text.filter { $0.isNumber }) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a time YYYY-MM-DD hh:mm:ss, found '\(text)'")
        }
        self = t
    }

    /// Encodes `YYYY-MM-DD hh:mm:ss`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    /// The day of the time.
    public var civilDay: CivilDay { CivilDay(year: year, month: month, day: day) }

    /// The time from a day and the seconds since its midnight. Days outside 1900–2999 (the range a time may have)
    /// are clamped to it, so a query bound typed as `0001-01-01` or `9999-12-31` means "from the start" / "to the end".
    public init(day: CivilDay, seconds: Int) {
        let lo = CivilDay(year: 1900, month: 1, day: 1), hi = CivilDay(year: 2999, month: 12, day: 31)
        let c = min(max(day, lo), hi).components
        let s = min(max(seconds, 0), 86_399)
        self.init(year: c.year, month: c.month, day: c.day, hour: s / 3600, minute: s / 60 % 60, second: s % 60)!
    }

    /// Seconds since 1970-01-01 00:00 of the same local clock.
    public var localSeconds: Int { civilDay.index * 86_400 + hour * 3600 + minute * 60 + second }

    /// The time `seconds` later on the same local clock.
    public func adding(seconds: Int) -> HJ212Time {
        // Clamped to 1900-01-01 00:00:00 … 2999-12-31 23:59:59, the range a time may have.
        let lo = CivilDay(year: 1900, month: 1, day: 1).index * 86_400, hi = CivilDay(year: 2999, month: 12, day: 31).index * 86_400 + 86_399
        let t = min(max(localSeconds + seconds, lo), hi)
        return HJ212Time(day: CivilDay(index: Int((Double(t) / 86_400).rounded(.down))), seconds: ((t % 86_400) + 86_400) % 86_400)
    }
}
