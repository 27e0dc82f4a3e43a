import EcoKit
import Foundation

/// The JSON form of an assessment: `ecoprov assess --format json` and the web API's `/api/v1/assessment` write
/// exactly this. Numbers are JSON numbers, `null` where a figure cannot be computed.
extension RegionAssessment: Encodable {
    private enum Keys: String, CodingKey { case region, level, year, framework, composite, coverage, provisional, attainedCount, vetoed, rank, indicators }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(region.rawValue, forKey: .region)
        try c.encode(level.rawValue, forKey: .level)
        try c.encode(year, forKey: .year)
        try c.encode(framework, forKey: .framework)
        try c.encode(jsonNumber(composite), forKey: .composite)
        try c.encode(jsonNumber(coverage), forKey: .coverage)
        try c.encode(provisional, forKey: .provisional)
        try c.encode(attainedCount, forKey: .attainedCount)
        try c.encode(vetoed, forKey: .vetoed)
        try c.encode(rank, forKey: .rank)
        try c.encode(indicators, forKey: .indicators)
    }
}

extension IndicatorAssessment: Encodable {
    private enum Keys: String, CodingKey {
        case indicator, direction, comparator, value, target, milestone, periodStart, startValue, startValueIsPreviousTarget,
             attained, gap, expected, onSchedule, csi, forecast, forecastLine, api, outlook, requiredAnnualChange, cagrRatio,
             cagrScore, cagrCategory, status, score, derived, incompleteNote, weight, veto, outlookMilestone, milestones, latestYear,
             latestValue
    }

    private enum MilestoneKeys: String, CodingKey { case milestone, target, result, value, outlook, forecast, requiredAnnualChange }

    private struct LineJSON: Encodable {
        let slope: Double?
        let intercept: Double?
        let points: [ProgressMeasures.WeightedPoint]
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(indicator, forKey: .indicator)
        try c.encode(direction.rawValue, forKey: .direction)
        try c.encode(comparator.rawValue, forKey: .comparator)
        try Self.encode(value, into: &c, forKey: .value)
        try Self.encode(target, into: &c, forKey: .target)
        try c.encode(milestone, forKey: .milestone)
        try c.encode(periodStart, forKey: .periodStart)
        try c.encode(jsonNumber(startValue), forKey: .startValue)
        try c.encode(startValueIsPreviousTarget, forKey: .startValueIsPreviousTarget)
        try c.encode(attained, forKey: .attained)
        try c.encode(jsonNumber(gap), forKey: .gap)
        try c.encode(jsonNumber(expected), forKey: .expected)
        try c.encode(onSchedule, forKey: .onSchedule)
        try c.encode(jsonNumber(csi), forKey: .csi)
        try c.encode(jsonNumber(forecastValue), forKey: .forecast)
        try c.encode(forecast.map { LineJSON(slope: jsonNumber($0.slope), intercept: jsonNumber($0.intercept), points: $0.points) }, forKey: .forecastLine)
        try c.encode(jsonNumber(api), forKey: .api)
        try c.encode(outlook?.rawValue, forKey: .outlook)
        try c.encode(jsonNumber(requiredAnnualChange), forKey: .requiredAnnualChange)
        try c.encode(jsonNumber(growth?.ratio), forKey: .cagrRatio)
        try c.encode(jsonNumber(growth?.score), forKey: .cagrScore)
        try c.encode(growth?.category.rawValue, forKey: .cagrCategory)
        try c.encode(status.rawValue, forKey: .status)
        try c.encode(jsonNumber(score), forKey: .score)
        try c.encode(derivedFromChildren, forKey: .derived)
        try c.encode(incompleteNote, forKey: .incompleteNote)
        try c.encode(jsonNumber(weight) ?? 0, forKey: .weight)
        try c.encode(veto, forKey: .veto)
        try c.encode(outlookMilestone, forKey: .outlookMilestone)
        var list = c.nestedUnkeyedContainer(forKey: .milestones)
        for m in milestones {
            var mc = list.nestedContainer(keyedBy: MilestoneKeys.self)
            try mc.encode(m.milestone, forKey: .milestone)
            try Self.encode(m.target, into: &mc, forKey: .target)
            try mc.encode(m.result?.rawValue, forKey: .result)
            try Self.encode(m.value, into: &mc, forKey: .value)
            try mc.encode(m.outlook?.rawValue, forKey: .outlook)
            try mc.encode(jsonNumber(m.forecastValue), forKey: .forecast)
            try mc.encode(jsonNumber(m.requiredAnnualChange), forKey: .requiredAnnualChange)
        }
        try c.encode(latestYear, forKey: .latestYear)
        try Self.encode(latestValue, into: &c, forKey: .latestValue)
    }

    /// A value as a JSON number or level text, null when absent.
    private static func encode<K: CodingKey>(_ value: ObservationValue?, into c: inout KeyedEncodingContainer<K>, forKey key: K) throws {
        switch value {
        case .number(let v)?: try c.encode(jsonNumber(v), forKey: key)
        case .level(let l)?: try c.encode(l, forKey: key)
        case nil: try c.encodeNil(forKey: key)
        }
    }

    /// A target as a number, a [min, max] pair or a list of levels, null when absent.
    private static func encode<K: CodingKey>(_ target: TargetValue?, into c: inout KeyedEncodingContainer<K>, forKey key: K) throws {
        switch target {
        case .threshold(let t)?: try c.encode(t, forKey: key)
        case .range(let lo, let hi)?: try c.encode([lo, hi], forKey: key)
        case .levels(let l)?: try c.encode(l, forKey: key)
        case nil: try c.encodeNil(forKey: key)
        }
    }
}
