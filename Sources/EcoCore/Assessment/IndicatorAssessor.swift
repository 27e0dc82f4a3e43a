import Foundation

extension AssessmentEngine {
    /// Assesses one region in one year: every applicable indicator with its milestones, the composite score,
    /// coverage and veto. Ranks are filled by `assessAll(year:)`. Nil for a code that is not a current region.
    public func assess(region code: RegionCode, year t: Int) -> RegionAssessment? {
        guard let r = regionIndex[code] else { return nil }
        return assess(regionIndex: r, year: t, milestones: true)
    }

    func assess(regionIndex r: Int, year t: Int, milestones: Bool = false) -> RegionAssessment {
        let region = regions[r]
        var results: [IndicatorAssessment] = []
        results.reserveCapacity(indicators.count)
        for i in traits.indices where traits[i].levels.contains(region.level) {
            results.append(assessIndicator(r, i, year: t, milestones: milestones))
        }
        var withData = 0, attained = 0
        var vetoed = false
        for k in results.indices {
            if results[k].value != nil, results[k].status != .incomplete { withData += 1 }
            if results[k].attained == true { attained += 1 }
            if results[k].veto, results[k].attained == false { vetoed = true }
        }
        let coverage = results.isEmpty ? 0 : Double(withData) / Double(results.count)
        var out = RegionAssessment(region: region.code, level: region.level, year: t, framework: framework.id, indicators: results,
                                   composite: RegionAssessment.composite(of: results), coverage: coverage,
                                   attainedCount: attained, vetoed: vetoed, rank: nil)
        out.provisional = out.composite != nil && coverage < provisionalCoverage
        return out
    }

    func assessIndicator(_ r: Int, _ i: Int, year t: Int, milestones: Bool = true) -> IndicatorAssessment {
        let ind = traits[i]
        let (k, M, S) = period(of: t)
        let ahead = outlookMilestone(of: t)
        let isMilestoneYear = framework.milestones.contains(t)
        var a = IndicatorAssessment(indicator: ind.id, direction: ind.direction, comparator: ind.comparator,
                                    value: value(r, i, t), derivedFromChildren: slot(r, i, t).flatMap { derived[$0] }, incompleteNote: nil,
                                    target: target(r, i, milestoneIndex: k), milestone: M, periodStart: S, startValue: nil,
                                    startValueIsPreviousTarget: false, attained: nil, gap: nil, expected: nil, onSchedule: nil,
                                    csi: nil, forecast: nil, forecastValue: nil, api: nil, outlook: nil, outlookMilestone: ahead?.milestone,
                                    requiredAnnualChange: nil, growth: nil, status: .noData, score: nil, weight: ind.weight, veto: ind.veto)
        // Forecast through every observed point from the base year to t; the milestones ahead are judged on it. Built
        // only when there is something to forecast: a numeric indicator with at least three points and a target
        // ahead or a value to assess (most empty slots of a county skip the two allocations).
        var points: [(year: Int, value: Double)] = []
        var line: ProgressMeasures.Line?
        let needsLine = ind.direction != .level && (a.value != nil || (ahead.map { target(r, i, milestoneIndex: $0.index) != nil } ?? false))
        if needsLine {
            var n = 0
            for y in framework.baseYear...max(framework.baseYear, t) where number(r, i, y) != nil { n += 1 }
            if n >= 3 || a.value != nil {
                points.reserveCapacity(n)
                for y in framework.baseYear...max(framework.baseYear, t) { if let v = number(r, i, y) { points.append((y, v)) } }
                line = ProgressMeasures.forecastLine(points)
            }
        }
        a.forecast = line
        let latest = latestValue(r, i, upTo: t)
        if a.value == nil, let latest {
            a.latestYear = latest.year
            a.latestValue = latest.value
        }
        if milestones { a.milestones = milestoneStates(r, i, year: t, line: line, latest: latest) }
        if let ahead {
            let next = milestones ? a.milestones[ahead.index] : milestoneState(r, i, k: ahead.index, year: t, line: line, latest: latest)
            a.outlook = next.outlook
            a.forecastValue = next.forecastValue
            a.requiredAnnualChange = a.value == nil ? nil : next.requiredAnnualChange
        }
        if let s = slot(r, i, t), let marked = incomplete[s] {
            // Shown with its note, never assessed as a normal value.
            a.value = marked.value
            a.incompleteNote = marked.note
            a.status = .incomplete
            a.latestYear = nil
            a.latestValue = nil
            return a
        }
        guard let target = a.target else {
            a.status = a.value == nil ? .noData : .noTarget
            return a
        }
        let yt = a.value?.number
        // y_S: observed at S, else the previous milestone's target when S is a milestone.
        let goal = NumericGoal.of(target, direction: ind.direction, value: yt ?? number(r, i, S))
        if let observed = number(r, i, S) {
            a.startValue = observed
        } else if k > 0, let previous = self.target(r, i, milestoneIndex: k - 1),
                  let g = NumericGoal.of(previous, direction: ind.direction, value: yt) {
            a.startValue = g.target
            a.startValueIsPreviousTarget = true
        }
        guard let value = a.value else { return a }
        a.attained = ind.comparator.isMet(value, target: target)
        let attained = a.attained == true
        guard let yt, let goal else {
            // Qualitative: attained or not; there is no schedule to be on.
            a.status = attained ? .attained : isMilestoneYear ? .missed : .behind
            a.score = attained ? 100 : 0
            return a
        }
        let T = goal.target, d = goal.direction
        a.gap = T - yt
        if let expected = planValue(r, i, year: t) {
            a.expected = expected
            a.onSchedule = attained || d * (yt - expected) >= 0
        }
        if let yS = a.startValue {
            a.csi = ProgressMeasures.currentStatusIndex(value: yt, start: yS, target: T, attained: attained)
            if let yM = a.forecastValue, let next = ahead.flatMap({ a.milestone($0.milestone)?.target }),
               let g = NumericGoal.of(next, direction: ind.direction, value: yt) {
                // API toward the milestone ahead, from the period's start (in a milestone year, from the year itself).
                a.api = ProgressMeasures.anticipatedProgress(forecast: yM, start: isMilestoneYear ? yt : yS, target: g.target)
            }
        }
        if let first = points.first {
            a.growth = ProgressMeasures.growthRatio(base: first.value, baseYear: first.year, value: yt, year: t, target: T,
                                                    milestone: M, direction: d, attained: attained)
        }
        if attained {
            a.status = .attained
        } else if isMilestoneYear {
            a.status = .missed
        } else if a.onSchedule == true {
            a.status = .onSchedule
        } else if let csi = a.csi {
            a.status = csi > 0 ? .behind : .regressing
        } else {
            a.status = .behind
        }
        a.score = attained ? 100 : 100 * min(1, max(0, a.csi ?? 0))
        return a
    }

    /// Every current region in `year`, with ranks among siblings filled in; the indicators' `milestones` are left
    /// empty (see `withMilestones`).
    public func assessAll(year t: Int) -> [RegionAssessment] {
        var all = regions.indices.map { assess(regionIndex: $0, year: t) }
        let groups = Dictionary(grouping: all.indices, by: { regions[$0].parent?.rawValue ?? "" })
        for (_, members) in groups {
            let order = Ranking.order(members.map { all[$0] })
            // A region without data gets no rank (they sort last, so the ranks given stay 1…n).
            for (position, m) in order.enumerated() where all[members[m]].composite != nil { all[members[m]].rank = position + 1 }
        }
        return all
    }
}
