public import EcoCore
import EcoKit
import EcoStandards
import Foundation

/// The water feed: which figures of a year's evaluation can fill indicators (bound by the framework's `feeds`, e.g.
/// `{"feed": "water", "figure": "goodShareNational", "indicator": "surface_water_good_share"}`).
public enum WaterFeed {
    /// The feed's name in `FeedBinding.feed`.
    public static let name = "water"

    /// The figures this feed offers, per region (county, city, province).
    public enum Figure: String, CaseIterable, Sendable {
        /// 地表水国考断面优良水体比例: 国考 sections at Ⅰ–Ⅲ, %.
        case goodShareNational
        /// 国考 sections at 劣Ⅴ, %.
        case worseThanVShareNational
        /// All sections at Ⅰ–Ⅲ, %.
        case goodShare
        /// All sections at 劣Ⅴ, %.
        case worseThanVShare
        /// 水环境质量: 达标 when every section with a target class meets it (达到功能区标准), else 未达标.
        case targetsMet
    }

    /// The value of a figure from a region's aggregates (all sections and 国考 only), nil when it cannot be computed.
    /// Shares are rounded to one decimal (GB/T 8170).
    public static func value(_ figure: Figure, all: WaterAggregate?, national: WaterAggregate?) -> ObservationValue? {
        func share(_ v: Double?) -> ObservationValue? { v.map { .number(GBT8170Rounding.round($0, decimals: 1)) } }
        switch figure {
        case .goodShareNational: return share(national?.shareGood)
        case .worseThanVShareNational: return share(national?.shareWorseThanV)
        case .goodShare: return share(all?.shareGood)
        case .worseThanVShare: return share(all?.shareWorseThanV)
        case .targetsMet: return all?.shareTargetMet.map { .level($0 >= 100 ? "达标" : "未达标") }
        }
    }

    /// The indicator values of a year's evaluation for every binding of the framework to this feed, with the source
    /// "computed from N samples of M sections, 环办〔2011〕22号"; a figure with an incomplete section carries its
    /// `incomplete:` note (shown, never scored). A value the indicator's rules refuse is left out.
    public static func observations(_ aggregates: [WaterAggregate], framework: Framework) -> [Observation] {
        let bindings = framework.bindings(feed: name).compactMap { b in Figure(rawValue: b.figure).map { (b, $0) } }
        guard !bindings.isEmpty else { return [] }
        let regions = aggregates.filter { $0.kind == .region }
        var out: [Observation] = []
        for key in Set(regions.map(\.key)).sorted() {
            guard let code = RegionCode(key) else { continue }
            let all = regions.first { $0.key == key && !$0.nationalOnly }
            let national = regions.first { $0.key == key && $0.nationalOnly }
            for (binding, figure) in bindings {
                let used = [.goodShareNational, .worseThanVShareNational].contains(figure) ? national : all
                guard let used, let value = value(figure, all: all, national: national), let ind = framework.indicator(binding.indicator),
                      case .success = ValueRules.parse(value.description, for: ind) else { continue }
                let samples = NumberText.grouped(used.samples)
                out.append(Observation(key: ObservationKey(framework: framework.id, indicator: ind.id, region: code, year: used.year), value: value,
                                       source: "computed from \(samples) samples of \(used.sections) sections, 环办〔2011〕22号",
                                       note: used.incompleteNote, synthetic: used.synthetic))
            }
        }
        return out
    }
}
