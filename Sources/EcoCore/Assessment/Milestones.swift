import Foundation

extension Outlook {
    /// The outlook of a milestone ahead (issue #14): with the forecast ŷ_M of the weighted least-squares line,
    /// - on track when ŷ_M meets the target, or when the latest value already meets it and the trend does not move
    ///   away from it (d · slope ≥ 0: a value at 100 % with a flat fit is not "needs acceleration");
    /// - needs acceleration when the trend moves toward the target (d · slope > 0) but ŷ_M falls short;
    /// - off track when the trend is flat or moves away (d · slope ≤ 0).
    /// d is the goal direction of `NumericGoal` (+1 higher is better, −1 lower). Nil without a line.
    public static func judge(line: ProgressMeasures.Line?, target: TargetValue, direction: Direction, comparator: Comparator,
                             milestone: Int, latest: Double?) -> (outlook: Outlook, forecast: Double)? {
        guard let line, let goal = NumericGoal.of(target, direction: direction, value: latest ?? line.value(at: milestone)) else { return nil }
        let forecast = line.value(at: milestone)
        let trend = goal.direction * line.slope
        if comparator.isMet(.number(forecast), target: target) == true { return (.onTrack, forecast) }
        if let latest, comparator.isMet(.number(latest), target: target) == true, trend >= 0 { return (.onTrack, forecast) }
        return (trend > 0 ? .needsAcceleration : .offTrack, forecast)
    }

    /// The outlook of a qualitative indicator, which has no trend: on track while its latest level meets the
    /// target, needs acceleration while it does not; nil without a value.
    public static func judge(level latest: ObservationValue?, target: TargetValue, comparator: Comparator) -> Outlook? {
        guard let latest, let met = comparator.isMet(latest, target: target) else { return nil }
        return met ? .onTrack : .needsAcceleration
    }
}

extension AssessmentEngine {
    /// The plan line of an indicator for a region, as the plan reads (issue #14): from the base year's value through
    /// each milestone's target, so it is continuous across milestones and never restarts from an actual value. A
    /// target behind the line's previous point (a placeholder below a baseline already passed) holds the line flat
    /// there instead of sloping away from the goal. Empty for a qualitative indicator.
    func planPoints(_ r: Int, _ i: Int) -> [(year: Int, value: Double)] {
        guard traits[i].direction != .level else { return [] }
        var points: [(year: Int, value: Double)] = []
        var last = number(r, i, framework.baseYear)
        if let b = last { points.append((framework.baseYear, b)) }
        for (k, m) in framework.milestones.enumerated() where m > framework.baseYear {
            guard let t = target(r, i, milestoneIndex: k), let goal = NumericGoal.of(t, direction: traits[i].direction, value: last) else { continue }
            var v = goal.target
            if let previous = last, goal.direction * (v - previous) < 0 { v = previous }
            points.append((m, v))
            last = v
        }
        return points
    }

    /// E_t: the plan line's value in year t, by linear interpolation between its points,
    /// E_t = P_a + (P_b − P_a) · (t − a)/(b − a) (the time-proportional line 按时序进度 of each period); nil before
    /// its first point or after its last.
    func planValue(_ r: Int, _ i: Int, year t: Int) -> Double? {
        Self.interpolate(planPoints(r, i), at: t)
    }

    /// Linear interpolation in a list of points sorted by year; nil outside it.
    static func interpolate(_ points: [(year: Int, value: Double)], at t: Int) -> Double? {
        guard let j = points.firstIndex(where: { $0.year >= t }) else { return nil }
        if points[j].year == t { return points[j].value }
        guard j > 0 else { return nil }
        let a = points[j - 1], b = points[j]
        return ProgressMeasures.expected(start: a.value, target: b.value, year: t, periodStart: a.year, milestone: b.year)
    }

    /// Every milestone of one indicator seen from year t: reached ones (M ≤ t) judged on the milestone year's own
    /// value, those ahead by `Outlook.judge` on `line` from the latest value `latest`.
    func milestoneStates(_ r: Int, _ i: Int, year t: Int, line: ProgressMeasures.Line?,
                         latest: (year: Int, value: ObservationValue)?) -> [MilestoneState] {
        framework.milestones.indices.map { milestoneState(r, i, k: $0, year: t, line: line, latest: latest) }
    }

    /// One milestone (index k) of one indicator seen from year t (see `milestoneStates`).
    func milestoneState(_ r: Int, _ i: Int, k: Int, year t: Int, line: ProgressMeasures.Line?,
                        latest: (year: Int, value: ObservationValue)?) -> MilestoneState {
        let direction = traits[i].direction, comparator = traits[i].comparator
        let m = framework.milestones[k]
        var state = MilestoneState(milestone: m, target: target(r, i, milestoneIndex: k))
        guard let target = state.target else { return state }
        if m <= t {
            let v = value(r, i, m)  // a value marked incomplete is not in the series: no data
            state.value = v
            state.result = v.flatMap { comparator.isMet($0, target: target) }.map { $0 ? .attained : .missed } ?? .noData
        } else if direction == .level {
            state.outlook = Outlook.judge(level: latest?.value, target: target, comparator: comparator)
        } else {
            let y = latest?.value.number
            if let judged = Outlook.judge(line: line, target: target, direction: direction, comparator: comparator, milestone: m, latest: y) {
                state.outlook = judged.outlook
                state.forecastValue = judged.forecast
            }
            if let y, let goal = NumericGoal.of(target, direction: direction, value: y) {
                state.requiredAnnualChange = ProgressMeasures.requiredAnnualChange(value: y, target: goal.target, year: t, milestone: m)
            }
        }
        return state
    }

    /// `assessment` with every indicator's `milestones` filled in. `assessAll(year:)` leaves them empty — the
    /// rankings and the benchmark's bulk assessment do not read them, and building them for every region and
    /// indicator doubled its time —; `assess(region:year:)` and this fill them for the region a page or document
    /// shows.
    public func withMilestones(_ assessment: RegionAssessment) -> RegionAssessment {
        guard let r = regionIndex[assessment.region] else { return assessment }
        var out = assessment
        for k in out.indicators.indices where out.indicators[k].milestones.isEmpty {
            guard let i = indicatorIndex[out.indicators[k].indicator] else { continue }
            let t = assessment.year
            let line = out.indicators[k].forecast
            out.indicators[k].milestones = milestoneStates(r, i, year: t, line: line, latest: latestValue(r, i, upTo: t))
        }
        return out
    }

    /// The latest year ≤ t with a value that is not marked incomplete, and that value.
    func latestValue(_ r: Int, _ i: Int, upTo t: Int) -> (year: Int, value: ObservationValue)? {
        var y = min(t, years.upperBound)
        while y >= years.lowerBound {
            if let v = value(r, i, y) { return (y, v) }
            y -= 1
        }
        return nil
    }

    /// The milestone the schedule and the outlook look to in year t: the first milestone after t (so in a
    /// milestone year, the next one); nil after the last.
    public func outlookMilestone(of t: Int) -> (index: Int, milestone: Int)? {
        framework.milestones.enumerated().first { $0.element > t }.map { ($0.offset, $0.element) }
    }
}

/// The headline of one milestone for one category: results of a milestone reached, outlooks of one ahead.
public struct MilestoneSummary: Sendable, Hashable {
    /// The category id, or nil for all categories together.
    public var category: String?
    /// The milestone year.
    public var milestone: Int
    /// True when the milestone has been reached in the year assessed (counts are results), false when ahead
    /// (counts are outlooks).
    public var reached: Bool
    /// Results by `MilestoneResult.allCases` order (reached), or outlooks by `Outlook.allCases` order plus one
    /// last count of indicators with too little data for a forecast (ahead).
    public var counts: [Int]
    /// Indicators counted.
    public var total: Int

    /// The summaries of `assessment` per category (framework order) and, first, for all categories together, for
    /// every milestone.
    public static func of(_ assessment: RegionAssessment, framework: Framework) -> [MilestoneSummary] {
        let groups: [(String?, [IndicatorAssessment])] = [(nil, assessment.indicators)] + framework.categories.map { c in
            (c.id, assessment.indicators.filter { framework.indicator($0.indicator)?.category == c.id })
        }
        var out: [MilestoneSummary] = []
        for (category, items) in groups {
            for m in framework.milestones {
                let states = items.compactMap { $0.milestone(m) }.filter { $0.target != nil }
                let reached = m <= assessment.year
                let counts = reached
                    ? MilestoneResult.allCases.map { r in states.filter { $0.result == r }.count }
                    : Outlook.allCases.map { o in states.filter { $0.outlook == o }.count } + [states.filter { $0.outlook == nil }.count]
                out.append(MilestoneSummary(category: category, milestone: m, reached: reached, counts: counts, total: states.count))
            }
        }
        return out
    }
}
