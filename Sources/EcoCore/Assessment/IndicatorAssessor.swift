import Foundation

extension AssessmentEngine {
    /// Assesses one region in one year: every applicable indicator, the composite score, coverage and veto.
    /// Ranks are filled by `assessAll(year:)`. Nil for a code that is not a current region.
    public func assess(region code: RegionCode, year t: Int) -> RegionAssessment? {
        guard let r = regionIndex[code] else { return nil }
        return assess(regionIndex: r, year: t)
    }

    func assess(regionIndex r: Int, year t: Int) -> RegionAssessment {
        let region = regions[r]
        var results: [IndicatorAssessment] = []
        results.reserveCapacity(indicators.count)
        for i in traits.indices where traits[i].levels.contains(region.level) {
            results.append(assessIndicator(r, i, year: t))
        }
        var weighted = 0.0, weights = 0.0, withData = 0, attained = 0
        var vetoed = false
        for a in results {
            if a.value != nil, a.status != .incomplete { withData += 1 }
            if a.attained == true { attained += 1 }
            if a.veto, a.attained == false { vetoed = true }
            if let s = a.score {
                weighted += a.weight * s
                weights += a.weight
            }
        }
        return RegionAssessment(region: region.code, level: region.level, year: t, framework: framework.id, indicators: results,
                                composite: weights > 0 ? weighted / weights : nil,
                                coverage: results.isEmpty ? 0 : Double(withData) / Double(results.count),
                                attainedCount: attained, vetoed: vetoed, rank: nil)
    }

    func assessIndicator(_ r: Int, _ i: Int, year t: Int) -> IndicatorAssessment {
        let ind = traits[i]
        let (k, M, S) = period(of: t)
        var a = IndicatorAssessment(indicator: ind.id, direction: ind.direction, comparator: ind.comparator,
                                    value: value(r, i, t), derivedFromChildren: slot(r, i, t).flatMap { derived[$0] }, incompleteNote: nil,
                                    target: target(r, i, milestoneIndex: k), milestone: M, periodStart: S, startValue: nil,
                                    startValueIsPreviousTarget: false, attained: nil, gap: nil, expected: nil, onSchedule: nil,
                                    csi: nil, forecast: nil, forecastValue: nil, api: nil, outlook: nil, requiredAnnualChange: nil,
                                    growth: nil, status: .noData, score: nil, weight: ind.weight, veto: ind.veto)
        if let s = slot(r, i, t), let marked = incomplete[s] {
            // Shown with its note, never assessed as a normal value.
            a.value = marked.value
            a.incompleteNote = marked.note
            a.status = .incomplete
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
        guard let yt, let goal else {
            // Qualitative: attained or not; there is no schedule to be on.
            a.status = a.attained == true ? .attained : .behind
            a.score = a.attained == true ? 100 : 0
            return a
        }
        let attained = a.attained == true
        let T = goal.target, d = goal.direction
        a.gap = T - yt
        a.requiredAnnualChange = ProgressMeasures.requiredAnnualChange(value: yt, target: T, year: t, milestone: M)
        if let yS = a.startValue {
            let expected = ProgressMeasures.expected(start: yS, target: T, year: t, periodStart: S, milestone: M)
            a.expected = expected
            a.onSchedule = attained || d * (yt - expected) >= 0
            a.csi = ProgressMeasures.currentStatusIndex(value: yt, start: yS, target: T, attained: attained)
        }
        // Forecast through every observed point from the base year to t.
        var points: [(year: Int, value: Double)] = []
        points.reserveCapacity(max(0, t - framework.baseYear + 1))
        for y in framework.baseYear...max(framework.baseYear, t) { if let v = number(r, i, y) { points.append((y, v)) } }
        if let line = ProgressMeasures.forecastLine(points) {
            let yM = line.value(at: M)
            a.forecast = line
            a.forecastValue = yM
            if let yS = a.startValue { a.api = ProgressMeasures.anticipatedProgress(forecast: yM, start: yS, target: T) }
            if ind.comparator.isMet(.number(yM), target: target) == true {
                a.outlook = .onTrack
            } else {
                a.outlook = (a.api ?? 0) > 0 ? .needsAcceleration : .regressing
            }
        }
        if let first = points.first {
            a.growth = ProgressMeasures.growthRatio(base: first.value, baseYear: first.year, value: yt, year: t, target: T,
                                                    milestone: M, direction: d, attained: attained)
        }
        if attained {
            a.status = .attained
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

    /// Every current region in `year`, with ranks among siblings filled in.
    public func assessAll(year t: Int) -> [RegionAssessment] {
        var all = regions.indices.map { assess(regionIndex: $0, year: t) }
        let groups = Dictionary(grouping: all.indices, by: { regions[$0].parent?.rawValue ?? "" })
        for (_, members) in groups {
            let order = Ranking.order(members.map { all[$0] })
            for (position, m) in order.enumerated() { all[members[m]].rank = position + 1 }
        }
        return all
    }
}
