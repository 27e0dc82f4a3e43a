import EcoCore
import EcoKit
import EcoStore
import Foundation

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
public struct RegionJSON: Encodable, Sendable {
    public let code: String
    public let name: LocalizedText
    public let level: String
    public let parent: String?
    public let kind: String
    public let validFrom: String?
    public let validTo: String?
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

    private enum Keys: String, CodingKey { case code, name, level, parent, kind, validFrom, validTo, attributes }

    /// Every key present, `null` where absent.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(code, forKey: .code)
        try c.encode(name, forKey: .name)
        try c.encode(level, forKey: .level)
        try c.encode(parent, forKey: .parent)
        try c.encode(kind, forKey: .kind)
        try c.encode(validFrom, forKey: .validFrom)
        try c.encode(validTo, forKey: .validTo)
        try c.encode(attributes, forKey: .attributes)
    }
}

/// One stored value: `export --format json`, `/api/v1/export` and the items of `/api/v1/observations`.
public struct ObservationJSON: Encodable, Sendable {
    public let region: String
    public let indicator: String
    public let year: Int
    /// The number, or null for a qualitative value.
    public let value: Double?
    /// The level of a qualitative value, else null.
    public let level: String?
    public let source: String?
    public let note: String?
    public let certainty: String?
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

    private enum Keys: String, CodingKey { case region, indicator, year, value, level, source, note, certainty, synthetic }

    /// Every key present, `null` where absent.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(region, forKey: .region)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(year, forKey: .year)
        try c.encode(value, forKey: .value)
        try c.encode(level, forKey: .level)
        try c.encode(source, forKey: .source)
        try c.encode(note, forKey: .note)
        try c.encode(certainty, forKey: .certainty)
        try c.encode(synthetic, forKey: .synthetic)
    }
}

/// An indicator's definition: `/api/v1/indicators` and `/api/v1/indicators/{id}`.
public struct IndicatorJSON: Encodable, Sendable {
    public let id: String
    public let number: Int
    public let name: LocalizedText
    public let category: String
    public let unit: String
    public let direction: String
    public let comparator: String
    public let attribute: String
    public let levels: [String]
    public let decimals: Int
    public let definition: LocalizedText
    public let provenance: Provenance
    public let weight: Double
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
public struct RankingRowJSON: Encodable, Sendable {
    public let rank: Int
    public let region: String
    public let name: LocalizedText
    /// The composite score as computed (not rounded).
    public let composite: Double?
    public let coverage: Double
    public let attained: Int
    public let applicable: Int
    public let vetoed: Bool
    public let previousRank: Int?
    public let rankChange: Int?

    /// The rows of a ranking table.
    public static func rows(_ table: [Ranking.Entry], tree: RegionTree) -> [RankingRowJSON] {
        table.map { e in
            let a = e.assessment
            return RankingRowJSON(rank: e.rank, region: a.region.rawValue, name: tree[a.region]?.name ?? LocalizedText(zh: "", en: ""),
                                  composite: jsonNumber(a.composite), coverage: jsonNumber(a.coverage) ?? 0, attained: a.attainedCount,
                                  applicable: a.indicators.count, vetoed: a.vetoed, previousRank: e.previousRank, rankChange: e.rankChange)
        }
    }

    private enum Keys: String, CodingKey { case rank, region, name, composite, coverage, attained, applicable, vetoed, previousRank, rankChange }

    /// Every key present, `null` where absent.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(rank, forKey: .rank)
        try c.encode(region, forKey: .region)
        try c.encode(name, forKey: .name)
        try c.encode(composite, forKey: .composite)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(attained, forKey: .attained)
        try c.encode(applicable, forKey: .applicable)
        try c.encode(vetoed, forKey: .vetoed)
        try c.encode(previousRank, forKey: .previousRank)
        try c.encode(rankChange, forKey: .rankChange)
    }
}

/// The naming readiness: `readiness --format json` and `/api/v1/readiness`.
public struct ReadinessJSON: Encodable, Sendable {
    /// One basic condition's state.
    public struct Condition: Encodable, Sendable {
        public let id: String
        public let status: String
        public let evidence: String?

        private enum Keys: String, CodingKey { case id, status, evidence }

        /// Every key present.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(id, forKey: .id)
            try c.encode(status, forKey: .status)
            try c.encode(evidence, forKey: .evidence)
        }
    }

    /// One city against the eco-city rule.
    public struct City: Encodable, Sendable {
        public let region: String
        public let attained: Int
        public let applicable: Int
        public let meets: Bool
    }

    public let year: Int
    public let framework: String
    public let ready: Bool
    public let indicatorsAttained: Int
    public let indicatorCount: Int
    public let indicatorsPart: Bool
    public let conditions: [Condition]
    public let conditionsPart: Bool
    public let cities: [City]
    public let citiesMeeting: Int
    public let requiredShare: Double
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
