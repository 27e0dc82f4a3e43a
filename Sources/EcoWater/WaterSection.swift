public import EcoCore
public import EcoKit
public import EcoStandards
import Foundation

/// Who assesses a section: 国考 (national), 省考 (provincial) or 市考 (city).
public enum ControlLevel: String, Sendable, Codable, CaseIterable {
    case national, provincial, city

    /// The level's name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .national: return LocalizedText(zh: "国考", en: "national")
        case .provincial: return LocalizedText(zh: "省考", en: "provincial")
        case .city: return LocalizedText(zh: "市考", en: "city")
        }
    }

    /// The level by its key or Chinese name (`national`, `国考`, `国控`…).
    public init?(text: String) {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "national", "国考", "国控": self = .national
        case "provincial", "省考", "省控": self = .provincial
        case "city", "市考", "市控": self = .city
        default: return nil
        }
    }
}

/// A surface-water monitoring section (断面).
public struct WaterSection: Sendable, Hashable, Codable {
    /// The section's code, unique.
    public var code: String
    /// Its name.
    public var name: String
    /// The river, lake or reservoir it lies on (e.g. 汾河).
    public var river: String
    /// The basin (黄河, 海河) …
    public var basin: String
    /// … and the sub-basin when there is one (汾河 in the Yellow River basin); empty otherwise.
    public var subBasin: String
    /// The city it belongs to.
    public var city: RegionCode
    /// The county it lies in, when known.
    public var county: RegionCode?
    /// 国考, 省考 or 市考.
    public var control: ControlLevel
    /// Its target class (水质目标), when it has one.
    public var target: WaterClass?
    /// River, lake or reservoir.
    public var body: WaterBody
    /// Longitude, degrees east.
    public var lon: Double
    /// Latitude, degrees north.
    public var lat: Double
    /// For a boundary section: the region upstream (which pays when the section fails, in eco-compensation) …
    public var upstream: RegionCode?
    /// … and the region downstream.
    public var downstream: RegionCode?
    /// True for sections of the synthetic demo generator.
    public var synthetic: Bool

    /// Creates a section.
    public init(code: String, name: String, river: String, basin: String, subBasin: String = "", city: RegionCode, county: RegionCode? = nil,
                control: ControlLevel, target: WaterClass?, body: WaterBody, lon: Double, lat: Double, upstream: RegionCode? = nil,
                downstream: RegionCode? = nil, synthetic: Bool = false) {
        self.code = code
        self.name = name
        self.river = river
        self.basin = basin
        self.subBasin = subBasin
        self.city = city
        self.county = county
        self.control = control
        self.target = target
        self.body = body
        self.lon = lon
        self.lat = lat
        self.upstream = upstream
        self.downstream = downstream
        self.synthetic = synthetic
    }
}

/// One measured item of a sample: a value, or below the detection limit (written `0.01L` or `<0.01`).
public enum SampleValue: Sendable, Hashable, Codable {
    /// A measured value, `WaterValue` units.
    case measured(Int64)
    /// Not detected; the detection limit in `WaterValue` units.
    case belowDetection(Int64)

    /// The value used in means: the value, or half the detection limit (环办〔2011〕22号: "未检出" counts as half
    /// the detection limit in statistics), rounded half to even to one unit.
    public var forMeans: Int64 {
        switch self {
        case .measured(let v): return v
        case .belowDetection(let dl): return Milli.roundedQuotient(dl, 2, step: 1)
        }
    }

    /// Parses the import format: `1.2`, or a detection limit written `0.01L` or `<0.01` (StrictDecimal's grammar,
    /// at most `WaterValue.places` decimals); nil otherwise. Bounds are the reader's (`WaterCSV.bound`).
    public init?(text: String) {
        var t = Substring(text)
        var below = false
        if t.hasSuffix("L") || t.hasSuffix("l") { t = t.dropLast(); below = true } else if t.hasPrefix("<") { t = t.dropFirst(); below = true }
        guard t.utf8.count <= 20, (t.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0) <= WaterValue.places,
              let v = FixedDecimal.parse(t.utf8, places: WaterValue.places), v >= 0, !(below && v == 0) else { return nil }
        self = below ? .belowDetection(v) : .measured(v)
    }

    /// The text in the import format: `1.2`, or `0.01L` below the detection limit.
    public var text: String {
        switch self {
        case .measured(let v): return WaterValue.text(v)
        case .belowDetection(let dl): return WaterValue.text(dl) + "L"
        }
    }
}

/// One sampling of a section on a day.
public struct WaterSample: Sendable, Hashable {
    /// The section's code.
    public var section: String
    /// The sampling day.
    public var date: CivilDay
    /// The items measured.
    public var values: [WaterItem: SampleValue]

    /// Creates a sample.
    public init(section: String, date: CivilDay, values: [WaterItem: SampleValue]) {
        self.section = section
        self.date = date
        self.values = values
    }
}
