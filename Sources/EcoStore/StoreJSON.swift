public import EcoCore
import EcoKit
public import Foundation

/// Encoding helpers shared by the backends: JSON columns (sorted keys, so a document copied between backends is
/// byte-identical) and timestamps as text (ISO 8601 UTC with milliseconds).
public enum StoreJSON {
    /// A value as a JSON text with sorted keys.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }

    /// A string map as a JSON object with sorted keys — the object `encode` gives (which also escapes `/`), written by hand because
    /// JSONEncoder cost ~20 µs per reading on the HJ 212 write path (tens of thousands a second). Escapes `"`, `\`
    /// and control characters as JSON requires (`\u00XX`).
    public static func encode(strings: [String: String]) -> String {
        var out = "{"
        var first = true
        for (key, value) in strings.sorted(by: { $0.key < $1.key }) {
            if !first { out += "," }
            first = false
            quote(key, into: &out)
            out += ":"
            quote(value, into: &out)
        }
        return out + "}"
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) { out += s; out += "\""; return }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        out += "\""
    }

    /// A JSON text as a value.
    public static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// An instant as ISO 8601 text with milliseconds, rounded to the nearest millisecond (Foundation's formatter
    /// truncates, so an instant read back from a text with .340 could print as .339).
    public static func timestamp(_ date: Date) -> String {
        timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The ISO 8601 text of a count of milliseconds since 1970, `YYYY-MM-DDTHH:MM:SS.sssZ`. Written by hand over
    /// `CivilDay` (days from the civil calendar): Foundation's formatter took most of a snapshot's rebuild — 17,000
    /// stored values read back in 0.19 s, of which the timestamps were the larger part (see `date`).
    public static func timestamp(milliseconds ms: Int64) -> String {
        let dayMs: Int64 = 86_400_000
        let days = ms >= 0 ? ms / dayMs : -((-ms + dayMs - 1) / dayMs)
        let rest = ms - days * dayMs
        let (y, m, d) = CivilDay(index: Int(days)).components
        let h = rest / 3_600_000, mi = rest / 60_000 % 60, sec = rest / 1000 % 60, milli = rest % 1000
        func pad(_ v: Int64, _ width: Int) -> String {
            let t = String(v)
            return t.count >= width ? t : String(repeating: "0", count: width - t.count) + t
        }
        return "\(pad(Int64(y), 4))-\(pad(Int64(m), 2))-\(pad(Int64(d), 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(sec, 2)).\(pad(milli, 3))Z"
    }

    /// An ISO 8601 text with milliseconds as an instant; nil when it is not one. The stored form
    /// (`YYYY-MM-DDTHH:MM:SS.sssZ`, 24 characters) is read by hand, and refused when its day or time does not exist;
    /// anything else goes to Foundation's parser.
    public static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
        let u = Array(text.utf8)
        if u.count == 24, u[4] == 45, u[7] == 45, u[10] == 84, u[13] == 58, u[16] == 58, u[19] == 46, u[23] == 90 {
            func n(_ from: Int, _ to: Int) -> Int? {
                var v = 0
                for i in from..<to {
                    let c = u[i]
                    guard c >= 48, c <= 57 else { return nil }
                    v = v * 10 + Int(c - 48)
                }
                return v
            }
            if let y = n(0, 4), let mo = n(5, 7), let d = n(8, 10), let h = n(11, 13), let mi = n(14, 16), let s = n(17, 19), let ms = n(20, 23),
               (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60 {
                let day = CivilDay(year: y, month: mo, day: d)
                if day.components == (y, mo, d) {
                    let total = Int64(day.index) * 86_400_000 + Int64(h * 3_600_000 + mi * 60_000 + s * 1000 + ms)
                    return Date(timeIntervalSince1970: Double(total) / 1000)
                }
            }
            // The stored shape with a day or time that does not exist (Foundation would roll 02-30 over to 03-01).
            return nil
        }
        return try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
    }
}

/// How the backends store an outline: its rings as a JSON array of flat `[lon, lat, lon, lat, …]` arrays.
public enum BoundaryText {
    /// The rings as stored.
    public static func encode(_ rings: [[GeoPoint]]) throws -> String {
        try StoreJSON.encode(rings.map { ring in ring.flatMap { [$0.lon, $0.lat] } })
    }

    /// The stored text as rings; nil when it is not such an array.
    public static func decode(_ text: String) -> [[GeoPoint]]? {
        guard let flat: [[Double]] = try? StoreJSON.decode(text) else { return nil }
        return flat.map { coords in stride(from: 0, to: coords.count - 1, by: 2).map { GeoPoint(lon: coords[$0], lat: coords[$0 + 1]) } }
    }
}

extension ObservationValue {
    /// The value of a stored row's two columns: the number, else the level; nil when both are NULL.
    public init?(number: Double?, level: String?) {
        if let number { self = .number(number) } else if let level { self = .level(level) } else { return nil }
    }

    /// The level column of a stored value (nil for a number).
    public var levelText: String? {
        if case .level(let l) = self { return l }
        return nil
    }
}

/// How the backends read a stored framework document.
public enum StoredFramework {
    /// The framework of a stored document with the version of its row; a document that cannot be read is a
    /// `StoreError.corruptFramework` naming the id and version.
    public static func decode(_ document: String, id: String, version: Int) throws -> Framework {
        do {
            var fw = try FrameworkCoding.decode(Data(document.utf8))
            fw.version = version
            return fw
        } catch {
            throw StoreError.corruptFramework(id: id, version: version, detail: "\(error)")
        }
    }
}
