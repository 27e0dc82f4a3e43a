public import EcoCore
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

    /// A JSON text as a value.
    public static func decode<T: Decodable>(_ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// An instant as ISO 8601 text with milliseconds, rounded to the nearest millisecond (Foundation's formatter
    /// truncates, so an instant read back from a text with .340 could print as .339).
    public static func timestamp(_ date: Date) -> String {
        timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
    }

    /// The ISO 8601 text of a count of milliseconds since 1970.
    public static func timestamp(milliseconds ms: Int64) -> String {
        let seconds = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000)
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(Date.ISO8601FormatStyle())
        return String(whole.dropLast()) + String(format: ".%03dZ", Int(ms - seconds * 1000))
    }

    /// An ISO 8601 text with milliseconds as an instant; nil when it is not one.
    public static func date(_ text: String?) -> Date? {
        guard let text else { return nil }
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
