public import EcoCore
public import EcoStandards
import EcoKit
import Foundation

/// The air feed: which figures of an annual evaluation can fill indicators. Which figure fills which indicator id
/// is the framework's choice (`Framework.feeds`, e.g. `{"feed": "air", "figure": "pm25Annual", "indicator":
/// "pm25"}`), so a framework without those ids, or with other ids, just works.
public enum AirFeed {
    /// The feed's name in `FeedBinding.feed`.
    public static let name = "air"

    /// The figures this feed offers.
    public enum Figure: String, CaseIterable, Sendable {
        /// 优良天数比例, % of valid days with AQI ≤ 100.
        case goodDayRatio
        /// PM2.5 annual mean, µg/m³.
        case pm25Annual
        /// PM10 annual mean, µg/m³.
        case pm10Annual
        /// Days with AQI > 200 (重污染天数).
        case heavyDays
        /// 环境空气质量综合指数.
        case compositeIndex
        /// All six pollutants within GB 3095 class-2 limits: 达标 / 未达标.
        case attained
    }

    /// The pollutants whose completeness the figure rests on: one for an annual mean, all six for the figures built
    /// on valid days (a valid day has all six).
    public static func pollutants(_ figure: Figure) -> [AirPollutant] {
        switch figure {
        case .pm25Annual: return [.pm25]
        case .pm10Annual: return [.pm10]
        case .goodDayRatio, .heavyDays, .compositeIndex, .attained: return AirPollutant.allCases
        }
    }

    /// The figure's value in a region's statistics, nil when it cannot be computed.
    public static func value(_ figure: Figure, _ s: AnnualAirStatistics) -> ObservationValue? {
        switch figure {
        case .goodDayRatio: return s.goodDayRatio.map { .number($0) }
        case .pm25Annual: return s.pm25Annual.map { .number($0) }
        case .pm10Annual: return s.pm10Annual.map { .number($0) }
        case .heavyDays: return .number(Double(s.heavyDays))
        case .compositeIndex: return s.compositeIndex.map { .number($0) }
        case .attained: return s.attained.map { .level($0 ? "达标" : "未达标") }
        }
    }

    /// The indicator values the results give, for every binding of the framework to this feed, with the
    /// provenance "computed from N station-hours, HJ 663-…". A value the indicator's rules refuse (e.g. outside
    /// its range) is left out. A figure of a year below the GB 3095 completeness rule is written with the note
    /// `incomplete: N valid days (…)`, which the assessment shows but never scores (`AssessmentStatus.incomplete`).
    public static func observations(_ results: [AirAnalysis.RegionResult], framework: Framework) -> [Observation] {
        let bindings = framework.bindings(feed: name).compactMap { b in Figure(rawValue: b.figure).map { (b, $0) } }
        var out: [Observation] = []
        for r in results {
            let s = r.statistics
            let hours = NumberText.grouped(s.stationHours)
            let source = "computed from \(hours) station-hours, \(s.standard.evaluationName)"
            for (binding, figure) in bindings {
                guard let value = value(figure, s), let ind = framework.indicator(binding.indicator),
                      case .success = ValueRules.parse(value.description, for: ind) else { continue }
                out.append(Observation(key: ObservationKey(framework: framework.id, indicator: ind.id, region: r.region, year: s.year),
                                       value: value, source: source, note: s.incompleteNote(needs: pollutants(figure)), synthetic: r.synthetic))
            }
        }
        return out
    }
}
