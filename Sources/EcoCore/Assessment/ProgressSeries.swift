import Foundation

/// One year of an indicator's trajectory for a region: the value, the target of the year's milestone, the expected
/// value on the time-proportional line, and the forecast line.
public struct ProgressPoint: Sendable, Hashable {
    /// The year.
    public var year: Int
    /// The value, reported or derived.
    public var value: ObservationValue?
    /// Children it was derived from, when derived.
    public var derivedFromChildren: Int?
    /// The milestone of the year's plan period.
    public var milestone: Int
    /// The target for that milestone.
    public var target: TargetValue?
    /// The expected value on the time-proportional line.
    public var expected: Double?
    /// The forecast line's value.
    public var forecast: Double?
}

extension AssessmentEngine {
    /// The series from the base year to the last milestone. The expected value is the plan line (`planPoints`). The
    /// forecast is the weighted least-squares line through
    /// every observed value up to the latest year with data (≥ 3 points), drawn for every year.
    public func progressSeries(region code: RegionCode, indicator id: String) -> [ProgressPoint]? {
        guard let r = regionIndex[code], let i = indicators.firstIndex(where: { $0.id == id }),
              indicators[i].applies(to: regions[r].level) else { return nil }
        let last = framework.milestones.last ?? framework.baseYear
        let latest = (framework.baseYear...years.upperBound).last { number(r, i, $0) != nil }
        let line = latest.flatMap { assessIndicator(r, i, year: $0).forecast }
        let plan = planPoints(r, i)
        return (framework.baseYear...last).map { y in
            let a = assessIndicator(r, i, year: y)
            // The expected line is the plan line, defined for years without a value and continuous across milestones.
            return ProgressPoint(year: y, value: a.value, derivedFromChildren: a.derivedFromChildren, milestone: a.milestone,
                                 target: a.target, expected: Self.interpolate(plan, at: y), forecast: line?.value(at: y))
        }
    }
}
