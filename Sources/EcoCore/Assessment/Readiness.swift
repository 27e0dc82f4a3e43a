public import EcoKit
import Foundation

/// 基本条件: met / not met / unknown per region and year, with evidence.
public enum ConditionStatus: String, Sendable, Codable, CaseIterable {
    case met, notMet, unknown

    /// The status's name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .met: return LocalizedText(zh: "满足", en: "met")
        case .notMet: return LocalizedText(zh: "不满足", en: "not met")
        case .unknown: return LocalizedText(zh: "未知", en: "unknown")
        }
    }
}

/// A recorded basic-condition status.
public struct BasicConditionRecord: Sendable, Hashable {
    /// The framework id.
    public var framework: String
    /// The basic condition id.
    public var condition: String
    /// The region (the province, for naming).
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// Met, not met or unknown.
    public var status: ConditionStatus
    /// The evidence (document number, report, link).
    public var evidence: String?

    /// Creates a record.
    public init(framework: String, condition: String, region: RegionCode, year: Int, status: ConditionStatus, evidence: String?) {
        self.framework = framework
        self.condition = condition
        self.region = region
        self.year = year
        self.status = status
        self.evidence = evidence
    }
}

/// The province's readiness to be named an eco-province in a year, with its three parts.
public struct Readiness: Sendable, Hashable {
    /// One city against the eco-city rule.
    public struct CityState: Sendable, Hashable {
        /// The city.
        public var region: RegionCode
        /// Indicators attained.
        public var attained: Int
        /// Indicators that apply to it.
        public var applicable: Int
        /// True when every applicable indicator has data and is attained.
        public var meets: Bool
    }

    /// One basic condition's recorded state.
    public struct ConditionState: Sendable, Hashable {
        /// The condition.
        public var condition: BasicCondition
        /// Its status (unknown when none is recorded).
        public var status: ConditionStatus
        /// The recorded evidence.
        public var evidence: String?
    }

    /// The year.
    public var year: Int
    /// The province's assessment.
    public var province: RegionAssessment
    /// Part 1: every indicator attained at the province.
    public var indicatorsAttained: Int
    /// Province indicators assessed.
    public var indicatorCount: Int
    /// True when every province indicator is attained.
    public var indicatorsPart: Bool
    /// Part 2: every basic condition met (a condition without a record is unknown, so not met).
    public var conditions: [ConditionState]
    /// True when every basic condition is met.
    public var conditionsPart: Bool
    /// Part 3: at least `requiredShare` of the cities meet the eco-city rule.
    public var cities: [CityState]
    /// The share of cities required, 0–1.
    public var requiredShare: Double
    /// True when the share of cities meeting the rule reaches `requiredShare`.
    public var citiesPart: Bool
    /// True when all three parts are met.
    public var ready: Bool

    /// Cities meeting the eco-city rule.
    public var citiesMeeting: Int { cities.filter(\.meets).count }
    /// Basic conditions met.
    public var conditionsMet: Int { conditions.filter { $0.status == .met }.count }
}

extension AssessmentEngine {
    /// Naming readiness: all indicators attained, all basic conditions met, and at least the framework's share of
    /// cities (80% for Shanxi) meeting the eco-city rule — for now `allApplicableAttained`: a city meets when every
    /// indicator that applies to it has data and is attained. Nil without a province or an eco-city rule.
    public func readiness(year t: Int, conditions records: [BasicConditionRecord]) -> Readiness? {
        guard let rule = framework.ecoCityRule, let root = regions.first(where: { $0.level == .province }),
              let province = assess(region: root.code, year: t) else { return nil }
        let attained = province.indicators.filter { $0.attained == true }.count
        var byCondition: [String: BasicConditionRecord] = [:]
        for r in records where r.framework == framework.id && r.region == root.code && r.year == t { byCondition[r.condition] = r }
        let conditions = framework.basicConditions.sorted { $0.number < $1.number }.map { c in
            Readiness.ConditionState(condition: c, status: byCondition[c.id]?.status ?? .unknown, evidence: byCondition[c.id]?.evidence)
        }
        let cities = regions.filter { $0.level == .city && $0.parent == root.code }.compactMap { city -> Readiness.CityState? in
            guard let a = assess(region: city.code, year: t) else { return nil }
            let n = a.indicators.filter { $0.attained == true }.count
            return Readiness.CityState(region: city.code, attained: n, applicable: a.indicators.count,
                                       meets: !a.indicators.isEmpty && n == a.indicators.count)
        }
        let indicatorsPart = !province.indicators.isEmpty && attained == province.indicators.count
        let conditionsPart = conditions.allSatisfy { $0.status == .met }
        let share = cities.isEmpty ? 0 : Double(cities.filter(\.meets).count) / Double(cities.count)
        let citiesPart = share >= rule.share
        return Readiness(year: t, province: province, indicatorsAttained: attained, indicatorCount: province.indicators.count,
                         indicatorsPart: indicatorsPart, conditions: conditions, conditionsPart: conditionsPart, cities: cities,
                         requiredShare: rule.share, citiesPart: citiesPart, ready: indicatorsPart && conditionsPart && citiesPart)
    }
}
