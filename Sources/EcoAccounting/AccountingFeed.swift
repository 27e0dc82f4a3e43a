public import EcoCore
import EcoKit
import Foundation

/// The accounting feeds: the carbon account's cumulative intensity reduction and the protected share, bound by the
/// framework's `feeds` (`{"feed": "carbon", "figure": "cumulativeIntensityReduction", "indicator": "co2_intensity_reduction"}`).
public enum AccountingFeed {
    /// The carbon feed's name.
    public static let carbon = "carbon"
    /// The protected-areas feed's name.
    public static let protected = "protected"

    /// The carbon figures.
    public enum CarbonFigure: String, CaseIterable, Sendable {
        /// (1 − I_t/I_2020) × 100, %.
        case cumulativeIntensityReduction
        /// (1 − I_t/I_{t−1}) × 100, %.
        case annualIntensityReduction
    }

    /// The protected-area figures.
    public enum ProtectedFigure: String, CaseIterable, Sendable {
        /// Protected km² / land km² × 100, %.
        case landShare
    }

    /// Indicator values from carbon accounts, rounded to the indicator's decimals (GB/T 8170), with the source naming
    /// the factor set and grid factor.
    public static func observations(_ accounts: [CarbonAccount], framework: Framework) -> [Observation] {
        var out: [Observation] = []
        for b in framework.bindings(feed: carbon) {
            guard let figure = CarbonFigure(rawValue: b.figure), let ind = framework.indicator(b.indicator) else { continue }
            for a in accounts {
                let v = figure == .cumulativeIntensityReduction ? a.cumulativeReduction : a.annualReduction
                guard let v else { continue }
                let value = ObservationValue.number(GBT8170Rounding.round(v, decimals: ind.decimals))
                guard case .success = ValueRules.parse(value.description, for: ind) else { continue }
                let grid = a.gridFactor.map { " × \(a.grid.rawValue) grid \($0) tCO2/MWh (\(a.gridFactorYear ?? a.year))" } ?? ""
                out.append(Observation(key: ObservationKey(framework: framework.id, indicator: ind.id, region: a.region, year: a.year), value: value,
                                       source: "computed: energy CO2 by factor set \(a.factorSet) v\(a.factorSetVersion)\(grid), GDP at \(a.baseYear) prices",
                                       note: nil, synthetic: a.synthetic))
            }
        }
        return out
    }

    /// Indicator values from protected shares.
    public static func observations(_ shares: [ProtectedShare], year: Int, framework: Framework) -> [Observation] {
        var out: [Observation] = []
        for b in framework.bindings(feed: protected) {
            guard ProtectedFigure(rawValue: b.figure) != nil, let ind = framework.indicator(b.indicator) else { continue }
            for s in shares {
                guard let v = s.share else { continue }
                let value = ObservationValue.number(GBT8170Rounding.round(v, decimals: ind.decimals))
                guard case .success = ValueRules.parse(value.description, for: ind) else { continue }
                out.append(Observation(key: ObservationKey(framework: framework.id, indicator: ind.id, region: s.region, year: year), value: value,
                                       source: "computed: \(s.areas) designations, \(NumberText.fixed(s.protectedKm2, decimals: 1)) of \(NumberText.fixed(s.landKm2 ?? 0, decimals: 1)) km² (\(s.landSource ?? "?"))",
                                       note: nil, synthetic: s.synthetic))
            }
        }
        return out
    }
}
