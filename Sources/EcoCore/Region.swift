public import EcoKit
import Foundation

/// A 6-digit administrative division code (GB/T 2260), e.g. `140000` for Shanxi.
public struct RegionCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The six digits.
    public let rawValue: String

    /// Returns nil unless `text` is exactly six ASCII digits.
    public init?(_ text: String) {
        guard text.utf8.count == 6, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        rawValue = text
    }

    /// The six digits.
    public var description: String { rawValue }
    /// Codes order as text.
    public static func < (a: RegionCode, b: RegionCode) -> Bool { a.rawValue < b.rawValue }

    /// Reads a code, refusing anything but six digits.
    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let code = RegionCode(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                debugDescription: "'\(text)' is not a 6-digit division code"))
        }
        self = code
    }

    /// Writes the six digits.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// 省 / 地级市 / 县(市、区). Ordered from the top of the tree down.
public enum RegionLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case province
    case city
    case county

    private var depth: Int {
        switch self {
        case .province: return 0
        case .city: return 1
        case .county: return 2
        }
    }

    /// Province < city < county.
    public static func < (a: RegionLevel, b: RegionLevel) -> Bool { a.depth < b.depth }

    /// The level's name in Chinese and English.
    public var name: LocalizedText {
        switch self {
        case .province: return LocalizedText(zh: "省", en: "province")
        case .city: return LocalizedText(zh: "市", en: "city")
        case .county: return LocalizedText(zh: "县", en: "county")
        }
    }
}

/// A division with its history: codes change when counties merge, so a region has a validity interval and
/// retired codes are kept with `validTo` set.
public struct Region: Sendable, Codable, Hashable {
    /// The division code.
    public var code: RegionCode
    /// Names in Chinese and English (English names are pinyin renderings).
    public var name: LocalizedText
    /// Province, city or county.
    public var level: RegionLevel
    /// The parent's code; nil for the province.
    public var parent: RegionCode?
    /// The legal kind in Chinese: 省, 地级市, 市辖区, 县, 县级市.
    public var kind: String
    /// First day the code is valid (ISO date), nil when valid since before the records start.
    public var validFrom: String?
    /// Last day the code is valid (ISO date), nil while current.
    public var validTo: String?
    /// Editable attributes used by target rules, keyed by `RegionAttribute` name (e.g. `terrain` → `山区`).
    public var attributes: [String: String]

    /// Creates a region.
    public init(code: RegionCode, name: LocalizedText, level: RegionLevel, parent: RegionCode?, kind: String,
                validFrom: String? = nil, validTo: String? = nil, attributes: [String: String] = [:]) {
        self.code = code
        self.name = name
        self.level = level
        self.parent = parent
        self.kind = kind
        self.validFrom = validFrom
        self.validTo = validTo
        self.attributes = attributes
    }

    /// True when the code is in force on `date` (an ISO `YYYY-MM-DD` string; ISO dates compare as text).
    public func isValid(on date: String) -> Bool {
        if let from = validFrom, date < from { return false }
        if let to = validTo, date > to { return false }
        return true
    }

    /// True when the code is in force at some time during `year`.
    public func isValid(inYear year: Int) -> Bool {
        if let from = validFrom, String(format: "%04d-12-31", year) < from { return false }
        if let to = validTo, String(format: "%04d-01-01", year) > to { return false }
        return true
    }
}

/// The attributes a region may carry and target rules may test. `level` is always available and is taken from
/// the region itself; the others are editable data with the allowed values listed here.
public enum RegionAttribute {
    /// The attribute name of the region's level.
    public static let level = "level"
    /// 东部 / 中部 / 西部.
    public static let economicZone = "economicZone"
    /// 山区 / 丘陵 / 平原 / 未知.
    public static let terrain = "terrain"
    /// Numeric attributes (weights for roll-up by weighted mean); any non-negative number is allowed.
    public static let numeric: Set<String> = ["population", "landArea", "gdp"]

    /// Allowed values per categorical attribute. `未知` (unknown) is the default for terrain.
    public static let allowedValues: [String: [String]] = [
        level: RegionLevel.allCases.map(\.rawValue),
        economicZone: ["东部", "中部", "西部"],
        terrain: ["山区", "丘陵", "平原", "未知"],
    ]

    /// True when `name` is a known attribute (categorical or numeric).
    public static func isKnown(_ name: String) -> Bool {
        allowedValues[name] != nil || numeric.contains(name)
    }
}
