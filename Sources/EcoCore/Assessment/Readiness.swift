import EcoKit
import Foundation

/// 基本条件: met / not met / unknown per region and year, with evidence.
public enum ConditionStatus: String, Sendable, Codable, CaseIterable {
    case met, notMet, unknown

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
    public var framework: String
    public var condition: String
    public var region: RegionCode
    public var year: Int
    public var status: ConditionStatus
    public var evidence: String?

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
    public struct CityState: Sendable, Hashable {
        public var region: RegionCode
        public var attained: Int
        public var applicable: Int
        public var meets: Bool
    }

    public struct ConditionState: Sendable, Hashable {
        public var condition: BasicCondition
        public var status: ConditionStatus
        public var evidence: String?
    }

    public var year: Int
    public var province: RegionAssessment
    /// Part 1: every indicator attained at the province.
    public var indicatorsAttained: Int
    public var indicatorCount: Int
    public var indicatorsPart: Bool
    /// Part 2: every basic condition met (a condition without a record is unknown, so not met).
    public var conditions: [ConditionState]
    public var conditionsPart: Bool
    /// Part 3: at least `requiredShare` of the cities meet the eco-city rule.
    public var cities: [CityState]
    public var requiredShare: Double
    public var citiesPart: Bool
    public var ready: Bool

    public var citiesMeeting: Int { cities.filter(\.meets).count }
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
