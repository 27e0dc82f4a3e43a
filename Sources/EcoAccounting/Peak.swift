public import EcoCore
import Foundation

/// Peak tracking of a region's CO₂ (issue #15 §2): the year of the maximum so far, the weighted least-squares trend
/// of the level (as the assessment fits it, `ProgressMeasures.forecastLine`), and two projections.
///
/// - Under the trend: the same weighted fit through the annual growth rates g_t = (E_t/E_{t−1} − 1)·100; from the
///   latest year the level grows by the fitted rate of each next year until that rate is ≤ 0 (the peak) or 2060.
///   A linear fit of the level itself can never turn, so the growth rates are what the trend extrapolates.
/// - Under a what-if: the level grows by the user's constant rate every year from the latest year to 2030, the year
///   the outline's 碳达峰 aims at; with a positive rate the peak is 2030 or later.
///
/// The projected peak is the maximum of the observed and projected path.
public struct PeakProjection: Sendable, Codable, Hashable {
    /// One point of a path.
    public struct Point: Sendable, Codable, Hashable {
        /// The year.
        public var year: Int
        /// tCO₂.
        public var value: Double
        /// True for a projected year.
        public var projected: Bool
    }

    /// The region.
    public var region: RegionCode
    /// The observed totals, ascending.
    public var observed: [Point]
    /// The year of the maximum so far, and the maximum.
    public var maxYear: Int?
    /// tCO₂.
    public var maxValue: Double?
    /// The trend of the level, tCO₂ per year (nil below 3 years).
    public var levelSlope: Double?
    /// The growth-rate fit: its rate in the next year (%) and its change per year (percentage points).
    public var growthNext: Double?
    /// Percentage points per year.
    public var growthSlope: Double?
    /// The path under the trend (projected years only).
    public var trendPath: [Point]
    /// The projected peak under the trend (nil when the rate stays positive to 2060 or there are too few years).
    public var trendPeakYear: Int?
    /// tCO₂.
    public var trendPeakValue: Double?
    /// The user's rate, % per year.
    public var whatIfGrowth: Double?
    /// The path under it to 2030 (projected years only).
    public var whatIfPath: [Point]
    /// The peak of the observed and what-if path.
    public var whatIfPeakYear: Int?
    /// tCO₂.
    public var whatIfPeakValue: Double?
    /// True when the what-if peak is the horizon's last year (still rising).
    public var whatIfStillRising: Bool

    /// The outline's peak year.
    public static let peakYear = 2030
    /// How far the trend is followed.
    public static let horizon = 2060

    /// The projection of `totals` (year → tCO₂), with an optional what-if rate in % per year.
    public static func of(region: RegionCode, totals: [Int: Double], growth: Double? = nil) -> PeakProjection {
        let years = totals.keys.sorted()
        let observed = years.map { Point(year: $0, value: totals[$0] ?? 0, projected: false) }
        let top = observed.max { $0.value < $1.value }
        var p = PeakProjection(region: region, observed: observed, maxYear: top?.year, maxValue: top?.value, levelSlope: nil,
                               growthNext: nil, growthSlope: nil, trendPath: [], trendPeakYear: nil, trendPeakValue: nil,
                               whatIfGrowth: growth, whatIfPath: [], whatIfPeakYear: nil, whatIfPeakValue: nil, whatIfStillRising: false)
        p.levelSlope = ProgressMeasures.forecastLine(observed.map { ($0.year, $0.value) })?.slope
        guard let last = observed.last else { return p }
        // Growth rates of consecutive years only.
        var rates: [(year: Int, value: Double)] = []
        for (a, b) in zip(observed, observed.dropFirst()) where b.year == a.year + 1 && a.value > 0 {
            rates.append((b.year, (b.value / a.value - 1) * 100))
        }
        if let line = ProgressMeasures.forecastLine(rates) {
            p.growthSlope = line.slope
            p.growthNext = line.value(at: last.year + 1)
            var level = last.value
            var path: [Point] = []
            var peaked = false
            for y in (last.year + 1)...horizon {
                let g = line.value(at: y)
                if g <= 0 { peaked = true; break }
                level *= 1 + g / 100
                path.append(Point(year: y, value: level, projected: true))
            }
            p.trendPath = path
            if peaked, let peak = (observed + path).max(by: { $0.value < $1.value }) { p.trendPeakYear = peak.year; p.trendPeakValue = peak.value }
        }
        if let growth, last.year < peakYear {
            var level = last.value
            p.whatIfPath = ((last.year + 1)...peakYear).map { y in
                level *= 1 + growth / 100
                return Point(year: y, value: level, projected: true)
            }
            if let peak = (observed + p.whatIfPath).max(by: { $0.value < $1.value }) {
                p.whatIfPeakYear = peak.year; p.whatIfPeakValue = peak.value
                p.whatIfStillRising = peak.year == peakYear && growth > 0
            }
        } else if growth != nil {
            p.whatIfPeakYear = top?.year; p.whatIfPeakValue = top?.value
        }
        return p
    }
}
