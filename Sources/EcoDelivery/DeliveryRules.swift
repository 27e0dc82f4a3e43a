public import EcoCore
public import EcoKit
import Foundation

/// A rung of the task escalation ladder: issued when a task is `overdueDays` past its deadline (negative: before it).
public struct LadderRung: Codable, Sendable, Hashable {
    /// Stable id: `warning`, `notice`, `bulletin`, `summons`, `inspection`.
    public var id: String
    /// 预警提醒, 督办通知, 通报, 约谈, 专项督察.
    public var name: LocalizedText
    /// Days past the deadline at which the rung is due (−15: fifteen days before the deadline).
    public var overdueDays: Int

    /// Creates a rung.
    public init(id: String, name: LocalizedText, overdueDays: Int) { self.id = id; self.name = name; self.overdueDays = overdueDays }
}

/// The "13710" response deadlines of the Shanxi provincial government office (2016, governance.md §3.1 S12/S13).
public struct ResponseDeadlines: Codable, Sendable, Hashable {
    /// 1: study and assign within this many days of finding the problem.
    public var assignDays: RuleValue<Int>
    /// 3: first progress report to the province within this many days of assignment.
    public var reportDays: RuleValue<Int>
    /// 7: an ordinary problem is solved within this many days of assignment.
    public var ordinaryDays: RuleValue<Int>
    /// 1: a major or complex problem within this many calendar months.
    public var majorMonths: RuleValue<Int>
}

/// The county and city quantitative accountability triggers (量化问责, governance.md §3.3 A1/A2).
public struct AccountabilityRules: Codable, Sendable, Hashable {
    /// Bottom-N of the county ranking (10).
    public var countyBottom: RuleValue<Int>
    /// (a) one month: PM2.5 up year on year by more than this % (20).
    public var monthRise: RuleValue<Double>
    /// (b) consecutive months in the bottom N (3)…
    public var consecutiveMonths: RuleValue<Int>
    /// … with PM2.5 up by more than this % in each (10).
    public var consecutiveRise: RuleValue<Double>
    /// (c) months of the year, cumulative, in the bottom N with PM2.5 up year on year (4).
    public var yearMonths: RuleValue<Int>
    /// City: bottom-N of the 11 cities by annual index and by its improvement (3).
    public var cityBottom: RuleValue<Int>
    /// Water: years running with a binding water target missed (2).
    public var waterYears: RuleValue<Int>
    /// The framework indicators that are binding water targets.
    public var waterIndicators: RuleValue<[String]>
}

/// One step of a stepped (阶梯式) rate: the rate applies to the part of the excess up to `upTo` (nil: no bound).
public struct RateStep: Codable, Sendable, Hashable {
    /// Upper bound of the step, in the excess's unit (µg/m³ or %); nil for the last step.
    public var upTo: Double?
    /// 万元 per unit of excess within the step.
    public var rate: Double

    /// Creates a step.
    public init(upTo: Double?, rate: Double) { self.upTo = upTo; self.rate = rate }
}

/// 《山西省城市环境空气质量改善奖惩方案》 (2019 revision, governance.md §4.2) as configuration.
public struct RewardPenaltyRules: Codable, Sendable, Hashable {
    /// PM2.5, PM10, SO2 penalty steps against the 考核基数: 10万元 per µg/m³ up to 5, 20万元 beyond (R5, found).
    public var concentrationSteps: RuleValue<[RateStep]>
    /// True: each rate applies to its part of the difference (10×min(d,5) + 20×max(d−5,0)); false: the rate of the
    /// step the whole difference falls in applies to all of it. Reconstructed: the source does not say.
    public var marginal: RuleValue<Bool>
    /// No SO2 penalty when the month's SO2 is at or below this (30 µg/m³ since 2019, R7).
    public var so2Exempt: RuleValue<Double>
    /// 综合指数 penalty steps by % worse than the 考核基数 (reconstructed: the step values were not found).
    public var indexSteps: RuleValue<[RateStep]>
    /// Rewards, 万元 per unit of improvement: `pm25`, `pm10` per µg/m³, `index` per % (reconstructed from the Taiyuan
    /// October 2021 example, R8).
    public var rewardRates: RuleValue<[String: Double]>
    /// Penalty for a 综合指数 above the provincial average of the month, 万元 per % above (reconstructed).
    public var averageRate: RuleValue<Double>
    /// What the 考核基数 is: `same-month-last-year` (reconstructed: the definition was not found).
    public var baseline: RuleValue<String>
}

/// Every configured delivery rule (built-in `data/delivery/rules-shanxi.json`, replaceable by the province).
public struct DeliveryRules: Codable, Sendable, Hashable {
    /// The rules' version label.
    public var version: String
    /// The task escalation ladder, in rising order of `overdueDays`.
    public var ladder: RuleValue<[LadderRung]>
    /// Percentage points a task's or project's reported completion may trail its 序时进度 before it is 滞后.
    public var lagTolerance: RuleValue<Double>
    /// The "13710" case deadlines.
    public var response: ResponseDeadlines
    /// The accountability triggers.
    public var accountability: AccountabilityRules
    /// How many best and worst regions the bulletins list: cities 3, counties 10 (R1–R3, found).
    public var listSizes: RuleValue<[String: Int]>
    /// The air reward and penalty.
    public var rewardPenalty: RewardPenaltyRules

    /// The first problem that makes the rules unusable, nil when they are fine.
    public var problem: String? {
        let rungs = ladder.value
        if rungs.isEmpty { return "the escalation ladder has no rung" }
        if zip(rungs, rungs.dropFirst()).contains(where: { $0.overdueDays >= $1.overdueDays }) { return "the ladder's overdueDays must rise from rung to rung" }
        if Set(rungs.map(\.id)).count != rungs.count { return "a ladder rung id appears twice" }
        if !(0...100).contains(lagTolerance.value) { return "lagTolerance must be 0 to 100 percentage points" }
        for (name, v) in [("assignDays", response.assignDays.value), ("reportDays", response.reportDays.value), ("ordinaryDays", response.ordinaryDays.value),
                          ("majorMonths", response.majorMonths.value)] where !(0...366).contains(v) {
            return "response.\(name) must be 0 to 366"
        }
        let a = accountability
        for (name, v, range) in [("countyBottom", a.countyBottom.value, 1...200), ("consecutiveMonths", a.consecutiveMonths.value, 1...12),
                                 ("yearMonths", a.yearMonths.value, 1...12), ("cityBottom", a.cityBottom.value, 1...11), ("waterYears", a.waterYears.value, 1...10)]
            where !range.contains(v) {
            return "accountability.\(name) must be \(range.lowerBound) to \(range.upperBound)"
        }
        for (name, v) in [("monthRise", a.monthRise.value), ("consecutiveRise", a.consecutiveRise.value)] where !(0...1000).contains(v) {
            return "accountability.\(name) must be 0 to 1000 %"
        }
        for (name, steps) in [("concentrationSteps", rewardPenalty.concentrationSteps.value), ("indexSteps", rewardPenalty.indexSteps.value)] {
            if steps.isEmpty || steps.last?.upTo != nil { return "rewardPenalty.\(name) must end with a step without upTo" }
            let bounds = steps.compactMap(\.upTo)
            if bounds.count != steps.count - 1 || zip(bounds, bounds.dropFirst()).contains(where: { $0 >= $1 }) || bounds.contains(where: { $0 <= 0 }) {
                return "rewardPenalty.\(name): upTo must be positive and rise"
            }
            if steps.contains(where: { !(0...100_000).contains($0.rate) }) { return "rewardPenalty.\(name): a rate must be 0 to 100000 万元" }
        }
        if rewardPenalty.rewardRates.value.values.contains(where: { !(0...100_000).contains($0) }) { return "rewardPenalty.rewardRates must be 0 to 100000 万元" }
        if rewardPenalty.baseline.value != "same-month-last-year" { return "rewardPenalty.baseline must be same-month-last-year (the only 考核基数 implemented)" }
        return nil
    }

    /// Every value marked reconstructed, as `name: source` lines (shown beside results that use them).
    public var reconstructed: [String] {
        var out: [String] = []
        func add<T>(_ name: String, _ v: RuleValue<T>) { if v.certainty == .reconstructed { out.append("\(name) — \(v.source)") } }
        add("ladder", ladder); add("lagTolerance", lagTolerance)
        add("response.assignDays", response.assignDays); add("response.reportDays", response.reportDays)
        add("response.ordinaryDays", response.ordinaryDays); add("response.majorMonths", response.majorMonths)
        add("accountability.countyBottom", accountability.countyBottom); add("accountability.monthRise", accountability.monthRise)
        add("accountability.consecutiveMonths", accountability.consecutiveMonths); add("accountability.consecutiveRise", accountability.consecutiveRise)
        add("accountability.yearMonths", accountability.yearMonths); add("accountability.cityBottom", accountability.cityBottom)
        add("accountability.waterYears", accountability.waterYears); add("accountability.waterIndicators", accountability.waterIndicators)
        add("rewardPenalty.concentrationSteps", rewardPenalty.concentrationSteps); add("rewardPenalty.marginal", rewardPenalty.marginal)
        add("rewardPenalty.so2Exempt", rewardPenalty.so2Exempt); add("rewardPenalty.indexSteps", rewardPenalty.indexSteps)
        add("rewardPenalty.rewardRates", rewardPenalty.rewardRates); add("rewardPenalty.averageRate", rewardPenalty.averageRate)
        add("rewardPenalty.baseline", rewardPenalty.baseline)
        return out
    }
}
