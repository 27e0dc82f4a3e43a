public import EcoKit
import Foundation

/// The status shown to users, decided in this order: no data → attained → (in a milestone year: not attained on
/// time) → on schedule → behind schedule (CSI > 0) → regressing (CSI ≤ 0). In a milestone year (t = M) there is no
/// schedule left to be on: a value that misses the milestone's target is `missed` (未按期达标). Qualitative indicators have no schedule: not attained reads as behind. A value without
/// any target (e.g. a terrain-dependent target for a region of unknown terrain) is `noTarget`: it counts toward
/// coverage but not toward the composite score. A value marked incomplete (`Observation.incompletePrefix`, e.g. an
/// air year below the GB 3095 completeness rule) is `incomplete`: shown with its note, but neither attained nor
/// scored, not counted as data in the coverage, and never a point of a trend.
public enum AssessmentStatus: String, Sendable, Codable, CaseIterable {
    case noData, noTarget, attained, onSchedule, behind, regressing, missed, incomplete

    /// Behind the plan: behind schedule, regressing, or a milestone missed. What "lagging" means on the dashboard.
    public var isLagging: Bool { self == .behind || self == .regressing || self == .missed }

    /// The status's name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .noData: return LocalizedText(zh: "无数据", en: "no data")
        case .noTarget: return LocalizedText(zh: "无目标值", en: "no target")
        case .attained: return LocalizedText(zh: "已达标", en: "attained")
        case .onSchedule: return LocalizedText(zh: "符合序时进度", en: "on schedule")
        case .behind: return LocalizedText(zh: "滞后于序时进度", en: "behind schedule")
        case .regressing: return LocalizedText(zh: "倒退", en: "regressing")
        case .missed: return LocalizedText(zh: "未按期达标", en: "not attained on time")
        case .incomplete: return LocalizedText(zh: "数据不完整", en: "incomplete data")
        }
    }
}

/// Will a coming milestone be met at the current trend? Decided by `Outlook.judge`: on track when the forecast at
/// the milestone meets its target (or the value already meets it and the trend does not move away); needs
/// acceleration when the trend moves toward the target too slowly; off track when it is flat or moves away.
public enum Outlook: String, Sendable, Codable, CaseIterable {
    case onTrack, needsAcceleration, offTrack

    /// The outlook's name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .onTrack: return LocalizedText(zh: "可如期达标", en: "on track")
        case .needsAcceleration: return LocalizedText(zh: "需加快进度", en: "needs acceleration")
        case .offTrack: return LocalizedText(zh: "偏离目标", en: "off track")
        }
    }
}

/// The result of a milestone that has been reached (M ≤ t), judged on the value of the milestone year itself.
public enum MilestoneResult: String, Sendable, Codable, CaseIterable {
    case attained, missed, noData

    /// The result's name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .attained: return LocalizedText(zh: "按期达标", en: "attained")
        case .missed: return LocalizedText(zh: "未按期达标", en: "not attained on time")
        case .noData: return LocalizedText(zh: "无数据", en: "no data")
        }
    }
}

/// One milestone of an indicator seen from the year assessed: its result when reached, its outlook when ahead.
public struct MilestoneState: Sendable, Hashable {
    /// The milestone year.
    public var milestone: Int
    /// The region's target for it.
    public var target: TargetValue?
    /// Set when the milestone has been reached (milestone ≤ year): judged on the milestone year's value.
    public var result: MilestoneResult?
    /// The milestone year's value, for a reached milestone.
    public var value: ObservationValue?
    /// Set for a milestone ahead (milestone > year) with a forecast or a qualitative value to judge.
    public var outlook: Outlook?
    /// ŷ_M: the forecast line's value at the milestone, for a milestone ahead.
    public var forecastValue: Double?
    /// (T − y)/(M − t) from the latest value y, for a milestone ahead.
    public var requiredAnnualChange: Double?
}

/// One indicator of one region in one year, with every component it was computed from.
public struct IndicatorAssessment: Sendable, Hashable {
    /// The indicator id.
    public var indicator: String
    /// Which way it improves.
    public var direction: Direction
    /// How the value is compared with the target.
    public var comparator: Comparator
    /// y_t, reported or derived.
    public var value: ObservationValue?
    /// Set when the value was derived from the children by the roll-up rule: the number of children used.
    public var derivedFromChildren: Int?
    /// The note of a value marked incomplete (`incomplete: N valid days`); nil for every other value.
    public var incompleteNote: String?
    /// T: the region's target for the milestone M.
    public var target: TargetValue?
    /// The milestone M of the period the year belongs to.
    public var milestone: Int
    /// S: the previous milestone, or the base year for the first period.
    public var periodStart: Int
    /// y_S: the value observed at S, or the previous milestone's target when S is a milestone without data.
    public var startValue: Double?
    /// True when y_S is the previous milestone's target, not an observed value.
    public var startValueIsPreviousTarget: Bool
    /// Whether the value meets the target by the comparator; nil without data.
    public var attained: Bool?
    /// T − y_t.
    public var gap: Double?
    /// E_t = y_S + (T − y_S)(t − S)/(M − S), the value on the time-proportional line (按时序进度).
    public var expected: Double?
    /// Attained, or d(y_t − E_t) ≥ 0.
    public var onSchedule: Bool?
    /// Current status index: 1 when attained, else (y_t − y_S)/(T − y_S).
    public var csi: Double?
    /// The weighted least-squares line through the values from the base year to t (≥ 3 points).
    public var forecast: ProgressMeasures.Line?
    /// ŷ_M: the forecast at the milestone.
    public var forecastValue: Double?
    /// Anticipated progress (ŷ_M − y_S)/(T − y_S).
    public var api: Double?
    /// The outlook of the next milestone after the year (`outlookMilestone`).
    public var outlook: Outlook?
    /// The milestone the schedule and outlook look to: the first after the year (in a milestone year, the next
    /// one); nil after the last milestone.
    public var outlookMilestone: Int?
    /// (T − y_t)/(M − t) toward the outlook milestone.
    public var requiredAnnualChange: Double?
    /// The Open SDG growth-rate ratio, its score and category.
    public var growth: ProgressMeasures.GrowthRatio?
    /// The status shown to users.
    public var status: AssessmentStatus
    /// 0–100: 100 when attained, else 100 · clamp(CSI, 0, 1); nil without data.
    public var score: Double?
    /// Weight in the composite.
    public var weight: Double
    /// True for a veto indicator.
    public var veto: Bool
    /// Every milestone of the framework: results of those reached, outlooks of those ahead.
    public var milestones: [MilestoneState] = []
    /// When the year has no value: the latest earlier year with one, and that value (shown with its year; never
    /// scored for this year, so a region that stops reporting loses score).
    public var latestYear: Int?
    /// The value of `latestYear`.
    public var latestValue: ObservationValue?

    /// The state of one milestone.
    public func milestone(_ year: Int) -> MilestoneState? { milestones.first { $0.milestone == year } }

    /// True when the indicator has a target and so enters the composite's denominator.
    public var isScorable: Bool { target != nil && status != .noTarget }
}

/// One region in one year: its indicators, composite score, coverage, veto and ranks.
public struct RegionAssessment: Sendable, Hashable {
    /// The region.
    public var region: RegionCode
    /// Its level.
    public var level: RegionLevel
    /// The year assessed.
    public var year: Int
    /// The framework id.
    public var framework: String
    /// Every indicator that applies to the region's level, in table order.
    public var indicators: [IndicatorAssessment]
    /// Σ wᵢ·scoreᵢ / Σ wᵢ over every applicable indicator with a target, an indicator without a value (or with an
    /// incomplete one) scoring 0 — so not reporting lowers the score; nil when no indicator has data.
    public var composite: Double?
    /// Share of applicable indicators with data (0–1).
    public var coverage: Double
    /// Indicators attained.
    public var attainedCount: Int
    /// True when a veto indicator (一票否决) has data and is not attained.
    public var vetoed: Bool
    /// Rank among siblings (cities in the province, counties in their city), filled by `Ranking`; nil without data.
    public var rank: Int?
    /// True when there is a score and the coverage is below the engine's `provisionalCoverage`: the score and rank
    /// are provisional.
    public var provisional: Bool = false

    /// Creates an assessment.
    public init(region: RegionCode, level: RegionLevel, year: Int, framework: String, indicators: [IndicatorAssessment],
                composite: Double?, coverage: Double, attainedCount: Int, vetoed: Bool, rank: Int?) {
        self.region = region
        self.level = level
        self.year = year
        self.framework = framework
        self.indicators = indicators
        self.composite = composite
        self.coverage = coverage
        self.attainedCount = attainedCount
        self.vetoed = vetoed
        self.rank = rank
    }
}

extension RegionAssessment {
    /// The composite score over the indicators of one category only (same rule as `composite`), for ranking by
    /// category; nil when none of them has data.
    public func composite(category: String, in framework: Framework) -> Double? {
        Self.composite(of: indicators.filter { framework.indicator($0.indicator)?.category == category })
    }

    /// The composite rule, in one place: Σ wᵢ·scoreᵢ / Σ wᵢ over the scorable indicators (those with a target), a
    /// missing or incomplete value scoring 0; nil when none of `items` has data.
    public static func composite(of items: [IndicatorAssessment]) -> Double? {
        var weighted = 0.0, weights = 0.0, withData = false
        // By index, reading fields in place: a `for a in items` copy of each assessment retains its arrays and
        // strings, which the assessment benchmark showed.
        for k in items.indices {
            if items[k].value != nil, items[k].status != .incomplete { withData = true }
            guard items[k].isScorable else { continue }
            weighted += items[k].weight * (items[k].score ?? 0)
            weights += items[k].weight
        }
        return withData && weights > 0 ? weighted / weights : nil
    }
}
