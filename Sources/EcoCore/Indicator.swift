public import EcoKit
import Foundation

/// One indicator of a framework. See `FrameworkValidator` for the consistency rules a loaded file must satisfy.
public struct Indicator: Sendable, Codable, Hashable {
    /// Stable id, unique in the framework (the key of its observations).
    public var id: String
    /// Its number in the published table (1-based), for display order.
    public var number: Int
    /// Names in Chinese and English.
    public var name: LocalizedText
    /// The id of a `Category` of the same framework.
    public var category: String
    /// A unit from `Unit.catalogue`.
    public var unit: String
    /// Which way it improves.
    public var direction: Direction
    /// How a value is compared with its target.
    public var comparator: Comparator
    /// 约束性 / 预期性 / 参考性.
    public var attribute: IndicatorAttribute
    /// The levels the indicator is assessed at.
    public var levels: [RegionLevel]
    /// Target rules per milestone (see `target(for:milestone:in:)` for how one is chosen).
    public var targets: [TargetRule]
    /// Decimals shown (values are stored as reported).
    public var decimals: Int
    /// How a parent's missing value is derived from its children's.
    public var rollUp: RollUp
    /// How the value is computed from reported data elements, when it is.
    public var formula: Formula?
    /// For `level` indicators: every level a value may take (e.g. 达标, 未达标).
    public var allowedLevels: [String]?
    /// Narrows or widens the unit's physical range (e.g. a reduction ratio that may be negative).
    public var range: ValueRange?
    /// What the indicator measures and how (统计口径).
    public var definition: LocalizedText
    /// Where the definition comes from and how sure it is.
    public var provenance: Provenance
    /// Weight in the composite score (default 1).
    public var weight: Double
    /// 一票否决: a region failing this indicator is vetoed in ranking.
    public var veto: Bool

    /// Creates an indicator; optional fields take the defaults a framework file may leave out.
    public init(id: String, number: Int, name: LocalizedText, category: String, unit: String, direction: Direction,
                comparator: Comparator, attribute: IndicatorAttribute, levels: [RegionLevel], targets: [TargetRule],
                decimals: Int = 1, rollUp: RollUp = .notDerivable, formula: Formula? = nil,
                allowedLevels: [String]? = nil, range: ValueRange? = nil,
                definition: LocalizedText = LocalizedText(zh: "", en: ""),
                provenance: Provenance, weight: Double = 1, veto: Bool = false) {
        self.id = id
        self.number = number
        self.name = name
        self.category = category
        self.unit = unit
        self.direction = direction
        self.comparator = comparator
        self.attribute = attribute
        self.levels = levels
        self.targets = targets
        self.decimals = decimals
        self.rollUp = rollUp
        self.formula = formula
        self.allowedLevels = allowedLevels
        self.range = range
        self.definition = definition
        self.provenance = provenance
        self.weight = weight
        self.veto = veto
    }

    private enum Keys: String, CodingKey {
        case id, number, name, category, unit, direction, comparator, attribute, levels, targets, decimals, rollUp,
             formula, allowedLevels, range, definition, provenance, weight, veto
    }

    /// Optional fields take their defaults when absent, so hand-written files stay short.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        id = try c.decode(String.self, forKey: .id)
        number = try c.decodeIfPresent(Int.self, forKey: .number) ?? 0
        name = try c.decode(LocalizedText.self, forKey: .name)
        category = try c.decode(String.self, forKey: .category)
        unit = try c.decode(String.self, forKey: .unit)
        direction = try c.decode(Direction.self, forKey: .direction)
        comparator = try c.decode(Comparator.self, forKey: .comparator)
        attribute = try c.decode(IndicatorAttribute.self, forKey: .attribute)
        levels = try c.decode([RegionLevel].self, forKey: .levels)
        targets = try c.decodeIfPresent([TargetRule].self, forKey: .targets) ?? []
        decimals = try c.decodeIfPresent(Int.self, forKey: .decimals) ?? 1
        rollUp = try c.decodeIfPresent(RollUp.self, forKey: .rollUp) ?? .notDerivable
        formula = try c.decodeIfPresent(Formula.self, forKey: .formula)
        allowedLevels = try c.decodeIfPresent([String].self, forKey: .allowedLevels)
        range = try c.decodeIfPresent(ValueRange.self, forKey: .range)
        definition = try c.decodeIfPresent(LocalizedText.self, forKey: .definition) ?? LocalizedText(zh: "", en: "")
        provenance = try c.decode(Provenance.self, forKey: .provenance)
        weight = try c.decodeIfPresent(Double.self, forKey: .weight) ?? 1
        veto = try c.decodeIfPresent(Bool.self, forKey: .veto) ?? false
    }

    /// True when the indicator is assessed for regions of `level`.
    public func applies(to level: RegionLevel) -> Bool { levels.contains(level) }

    /// The physical range a value must lie in: the indicator's own, else its unit's.
    public var physicalRange: ValueRange? {
        range ?? Unit.catalogue[unit]?.range
    }
}

/// A group of indicators (经济发展 / 生态环境保护 / 社会进步 …).
public struct Category: Sendable, Codable, Hashable {
    /// Stable id, referenced by `Indicator.category`.
    public var id: String
    /// Names in Chinese and English.
    public var name: LocalizedText

    /// Creates a category.
    public init(id: String, name: LocalizedText) {
        self.id = id
        self.name = name
    }
}

/// A basic condition (基本条件): recorded per region and year as met / not met / unknown.
public struct BasicCondition: Sendable, Codable, Hashable {
    /// Stable id, the key of its recorded status.
    public var id: String
    /// Its number in the published list.
    public var number: Int
    /// Short names in Chinese and English.
    public var name: LocalizedText
    /// The condition as the outline words it.
    public var description: LocalizedText
    /// Where it comes from and how sure it is.
    public var provenance: Provenance

    /// Creates a basic condition.
    public init(id: String, number: Int, name: LocalizedText, description: LocalizedText, provenance: Provenance) {
        self.id = id
        self.number = number
        self.name = name
        self.description = description
        self.provenance = provenance
    }
}

/// The naming rule for the framework's top level: the share of cities that must meet the eco-city rule.
public struct EcoCityRule: Sendable, Codable, Hashable {
    /// Share of cities required, 0–1 (0.8 for "80% of cities").
    public var share: Double
    /// How a city "meets": `allApplicableAttained` is the only rule so far.
    public var rule: String

    /// Creates a rule.
    public init(share: Double, rule: String) {
        self.share = share
        self.rule = rule
    }
}

/// When each level's figures of a year are due: a month and day of the following year per level (`"03-31"`), a
/// configuration of the framework file (the province sets it each year in its reporting notice).
public struct ReportingCalendar: Sendable, Codable, Hashable {
    /// `MM-DD` of the year after the reported one, by level name (`county`, `city`, `province`).
    public var deadlines: [String: String]
    /// Where the dates come from.
    public var note: String?

    /// Creates a calendar.
    public init(deadlines: [String: String], note: String? = nil) {
        self.deadlines = deadlines
        self.note = note
    }

    /// The last day to submit `year`'s figures of a region of `level`; nil when none is set or it is malformed.
    public func deadline(level: RegionLevel, year: Int) -> CivilDay? {
        guard let text = deadlines[level.rawValue] else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[0]), (1...31).contains(parts[1]) else { return nil }
        let day = CivilDay(year: year + 1, month: parts[0], day: parts[1])
        return day.components.month == parts[0] ? day : nil
    }
}

/// A versioned, named indicator system. Editable data, loaded from JSON files.
public struct Framework: Sendable, Codable, Hashable {
    /// Stable id (e.g. `shanxi-2021`), kept across versions so the data stays attached.
    public var id: String
    /// Increases by one each time a changed file is imported; old versions are kept.
    public var version: Int
    /// Names in Chinese and English.
    public var name: LocalizedText
    /// A longer description.
    public var description: LocalizedText?
    /// The base year of the plan (2020 for Shanxi).
    public var baseYear: Int
    /// The milestone years, increasing (2025, 2030).
    public var milestones: [Int]
    /// The indicator groups.
    public var categories: [Category]
    /// The indicators.
    public var indicators: [Indicator]
    /// The basic conditions (基本条件) of naming.
    public var basicConditions: [BasicCondition]
    /// Raw figures indicators may be computed from.
    public var dataElements: [DataElement]?
    /// The share-of-cities rule of naming, when the framework has one.
    public var ecoCityRule: EcoCityRule?
    /// Where the framework comes from and how sure it is.
    public var provenance: Provenance
    /// Which domain figures fill which indicators (see `FeedBinding`); nil or empty when no feed writes here.
    public var feeds: [FeedBinding]?
    /// Plausibility checks run on submission and on demand (see `ValidationRule`); nil or empty when none.
    public var validation: [ValidationRule]?
    /// The reporting deadlines per level; nil when the framework sets none.
    public var reporting: ReportingCalendar?

    /// Creates a framework.
    public init(id: String, version: Int, name: LocalizedText, description: LocalizedText?, baseYear: Int, milestones: [Int],
                categories: [Category], indicators: [Indicator], basicConditions: [BasicCondition], dataElements: [DataElement]?,
                ecoCityRule: EcoCityRule?, provenance: Provenance, feeds: [FeedBinding]? = nil, validation: [ValidationRule]? = nil) {
        self.feeds = feeds
        self.validation = validation
        self.id = id
        self.version = version
        self.name = name
        self.description = description
        self.baseYear = baseYear
        self.milestones = milestones
        self.categories = categories
        self.indicators = indicators
        self.basicConditions = basicConditions
        self.dataElements = dataElements
        self.ecoCityRule = ecoCityRule
        self.provenance = provenance
    }

    /// The bindings of one feed, in file order.
    public func bindings(feed: String) -> [FeedBinding] {
        (feeds ?? []).filter { $0.feed == feed }
    }

    /// The indicator with this id, if any.
    public func indicator(_ id: String) -> Indicator? {
        indicators.first { $0.id == id }
    }

    /// Indicators in table order.
    public var orderedIndicators: [Indicator] {
        indicators.sorted { ($0.number, $0.id) < ($1.number, $1.id) }
    }
}
