public import EcoCore
public import EcoKit
public import Foundation

/// The one JSON encoding of every resource: `ecoprov X --format json` (pretty-printed) and `/api/v1/...` (compact)
/// write the same document for the same parameters — keys sorted, slashes unescaped, `null` for what cannot be
/// computed (a key is never left out).
public enum JSONDocument {
    /// Compact encoding, for the API.
    public static func data<T: Encodable>(_ value: T) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value)
    }

    /// Pretty-printed text, for the CLI.
    public static func text<T: Encodable>(_ value: T) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self)
    }
}

/// A region: `region list --format json`, `/api/v1/regions`, and inside `/api/v1/regions/{code}`.
public struct RegionJSON: CompleteKeysEncodable, Sendable {
    /// The 6-digit division code.
    public let code: String
    /// Names in Chinese and English.
    public let name: LocalizedText
    /// `province`, `city` or `county`.
    public let level: String
    /// The parent's code; null for the province.
    public let parent: String?
    /// The legal kind in Chinese: 省, 地级市, 市辖区, 县, 县级市.
    public let kind: String
    /// First day the code is valid (ISO date), null when valid since before the records start.
    public let validFrom: String?
    /// Last day the code is valid (ISO date), null while current.
    public let validTo: String?
    /// The region's own attributes (terrain, economic zone, population…), not the inherited ones.
    public let attributes: [String: String]

    /// The document of a region.
    public init(_ r: Region) {
        code = r.code.rawValue
        name = r.name
        level = r.level.rawValue
        parent = r.parent?.rawValue
        kind = r.kind
        validFrom = r.validFrom
        validTo = r.validTo
        attributes = r.attributes
    }
}

/// One stored value: `export --format json`, `/api/v1/export` and the items of `/api/v1/observations`.
public struct ObservationJSON: CompleteKeysEncodable, Sendable {
    /// The region's division code.
    public let region: String
    /// The indicator id.
    public let indicator: String
    /// The year the value is for.
    public let year: Int
    /// The number, or null for a qualitative value.
    public let value: Double?
    /// The level of a qualitative value, else null.
    public let level: String?
    /// The publication, file or process the value came from.
    public let source: String?
    /// The reporter's note.
    public let note: String?
    /// A, B-d or B for values from the reference publications; null for ordinary reports.
    public let certainty: String?
    /// True for synthetic demo data.
    public let synthetic: Bool

    /// The document of a value.
    public init(_ o: Observation) {
        region = o.key.region.rawValue
        indicator = o.key.indicator
        year = o.key.year
        value = o.value.number.flatMap { $0.isFinite ? $0 : nil }
        level = o.value.number == nil ? o.value.description : nil
        source = o.source
        note = o.note
        certainty = o.certainty?.rawValue
        synthetic = o.synthetic
    }
}

/// An indicator's definition: `/api/v1/indicators` and `/api/v1/indicators/{id}`.
public struct IndicatorJSON: Encodable, Sendable {
    /// The indicator id.
    public let id: String
    /// Its number in the published table.
    public let number: Int
    /// Names in Chinese and English.
    public let name: LocalizedText
    /// The category id.
    public let category: String
    /// The unit symbol (from the unit catalogue).
    public let unit: String
    /// `higher`, `lower`, `range` or `level`.
    public let direction: String
    /// `>=`, `>`, `<=`, `<`, `range` or `level`.
    public let comparator: String
    /// `binding` (约束性), `expected` (预期性) or `reference` (参考性).
    public let attribute: String
    /// The levels it is assessed at.
    public let levels: [String]
    /// Decimals shown.
    public let decimals: Int
    /// The definition text.
    public let definition: LocalizedText
    /// Where the definition comes from and how sure it is.
    public let provenance: Provenance
    /// Weight in the composite score.
    public let weight: Double
    /// True for a veto (一票否决) indicator.
    public let veto: Bool

    /// The document of an indicator.
    public init(_ i: Indicator) {
        id = i.id
        number = i.number
        name = i.name
        category = i.category
        unit = i.unit
        direction = i.direction.rawValue
        comparator = i.comparator.rawValue
        attribute = i.attribute.rawValue
        levels = i.levels.map(\.rawValue)
        decimals = i.decimals
        definition = i.definition
        provenance = i.provenance
        weight = i.weight
        veto = i.veto
    }
}

/// One year of an indicator's series: `progress --format json` and `/api/v1/series`.
public struct SeriesPointJSON: Encodable, Sendable {
    let point: ProgressPoint

    /// The document of a point.
    public init(_ p: ProgressPoint) { point = p }

    private enum Keys: String, CodingKey { case year, value, level, derived, milestone, target, expected, forecast }

    /// Every key present; `target` is the threshold (null for a range or a level target).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(point.year, forKey: .year)
        try c.encode(jsonNumber(point.value?.number), forKey: .value)
        try c.encode(point.value?.number == nil ? point.value?.description : nil, forKey: .level)
        try c.encode(point.derivedFromChildren, forKey: .derived)
        try c.encode(point.milestone, forKey: .milestone)
        var t: Double?
        if case .threshold(let v)? = point.target { t = v }
        try c.encode(jsonNumber(t), forKey: .target)
        try c.encode(jsonNumber(point.expected), forKey: .expected)
        try c.encode(jsonNumber(point.forecast), forKey: .forecast)
    }
}

/// One row of a ranking: `rank --format json` and `/api/v1/ranking`.
public struct RankingRowJSON: CompleteKeysEncodable, Sendable {
    /// Position, 1 = best; null for a region without data (never ranked).
    public let rank: Int?
    /// The region's division code.
    public let region: String
    /// Names in Chinese and English.
    public let name: LocalizedText
    /// The composite score as computed (not rounded).
    public let composite: Double?
    /// Share of applicable indicators with data, 0–1.
    public let coverage: Double
    /// Indicators attained.
    public let attained: Int
    /// Indicators that apply to the region's level.
    public let applicable: Int
    /// True when a veto indicator failed (ranked after all others).
    public let vetoed: Bool
    /// True when the coverage is below the provisional threshold: score and rank are provisional.
    public let provisional: Bool
    /// The rank the year before, null when not ranked then.
    public let previousRank: Int?
    /// Places gained since the year before (positive = moved up).
    public let rankChange: Int?

    /// The rows of a ranking table.
    public static func rows(_ table: [Ranking.Entry], tree: RegionTree) -> [RankingRowJSON] {
        table.map { e in
            let a = e.assessment
            return RankingRowJSON(rank: e.rank, region: a.region.rawValue, name: tree[a.region]?.name ?? LocalizedText(zh: "", en: ""),
                                  composite: jsonNumber(a.composite), coverage: jsonNumber(a.coverage) ?? 0, attained: a.attainedCount,
                                  applicable: a.indicators.count, vetoed: a.vetoed, provisional: a.provisional, previousRank: e.previousRank, rankChange: e.rankChange)
        }
    }
}

/// The naming readiness: `readiness --format json` and `/api/v1/readiness`.
public struct ReadinessJSON: Encodable, Sendable {
    /// One basic condition's state.
    public struct Condition: CompleteKeysEncodable, Sendable {
        /// The condition id.
        public let id: String
        /// `met`, `notMet` or `unknown`.
        public let status: String
        /// The recorded evidence (document number, report).
        public let evidence: String?

    }

    /// One city against the eco-city rule.
    public struct City: Encodable, Sendable {
        /// The city's division code.
        public let region: String
        /// Indicators attained.
        public let attained: Int
        /// Indicators that apply to cities.
        public let applicable: Int
        /// True when every applicable indicator is attained.
        public let meets: Bool
    }

    /// The year assessed.
    public let year: Int
    /// The framework id.
    public let framework: String
    /// True when all three parts are met.
    public let ready: Bool
    /// Province indicators attained.
    public let indicatorsAttained: Int
    /// Province indicators assessed.
    public let indicatorCount: Int
    /// True when every province indicator is attained.
    public let indicatorsPart: Bool
    /// The basic conditions, in framework order.
    public let conditions: [Condition]
    /// True when every basic condition is met.
    public let conditionsPart: Bool
    /// The cities against the eco-city rule.
    public let cities: [City]
    /// Cities meeting the rule.
    public let citiesMeeting: Int
    /// The share of cities required, 0–1 (0.8 for Shanxi).
    public let requiredShare: Double
    /// True when the share of cities meeting the rule reaches the required share.
    public let citiesPart: Bool

    /// The document of a readiness.
    public init(_ r: Readiness, framework: String) {
        year = r.year
        self.framework = framework
        ready = r.ready
        indicatorsAttained = r.indicatorsAttained
        indicatorCount = r.indicatorCount
        indicatorsPart = r.indicatorsPart
        conditions = r.conditions.map { Condition(id: $0.condition.id, status: $0.status.rawValue, evidence: $0.evidence) }
        conditionsPart = r.conditionsPart
        cities = r.cities.map { City(region: $0.region.rawValue, attained: $0.attained, applicable: $0.applicable, meets: $0.meets) }
        citiesMeeting = r.citiesMeeting
        requiredShare = r.requiredShare
        citiesPart = r.citiesPart
    }
}

/// The province overview: `/api/v1/overview`.
public struct OverviewJSON: Encodable, Sendable {
    let assessment: RegionAssessment
    let readiness: Readiness
    let synthetic: Bool

    /// The overview of a province assessment and its readiness.
    public init(assessment: RegionAssessment, readiness: Readiness, synthetic: Bool) {
        self.assessment = assessment
        self.readiness = readiness
        self.synthetic = synthetic
    }

    private enum Keys: String, CodingKey { case year, framework, synthetic, ready, indicatorsAttained, indicatorCount, conditionsMet, conditionCount, citiesMeeting, cityCount, requiredShare, assessment }

    /// The readiness counts and the province's assessment.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(readiness.year, forKey: .year)
        try c.encode(assessment.framework, forKey: .framework)
        try c.encode(synthetic, forKey: .synthetic)
        try c.encode(readiness.ready, forKey: .ready)
        try c.encode(readiness.indicatorsAttained, forKey: .indicatorsAttained)
        try c.encode(readiness.indicatorCount, forKey: .indicatorCount)
        try c.encode(readiness.conditionsMet, forKey: .conditionsMet)
        try c.encode(readiness.conditions.count, forKey: .conditionCount)
        try c.encode(readiness.citiesMeeting, forKey: .citiesMeeting)
        try c.encode(readiness.cities.count, forKey: .cityCount)
        try c.encode(readiness.requiredShare, forKey: .requiredShare)
        try c.encode(assessment, forKey: .assessment)
    }
}
