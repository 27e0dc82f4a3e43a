import Foundation

/// The progress measures of the assessment, as pure functions. Definitions: issue #3 "Assessment engine"
/// (time-proportional progress 按时序进度, current status index, forecast by weighted least squares, anticipated
/// progress, outlook, required annual change) and the Statistics Canada / Open SDG growth-rate ratio
/// (`sdg-build` ProgressMeasure, reference notes peers.md §4.2).
public enum ProgressMeasures {
    /// Expected value on the time-proportional line: E_t = y_S + (T − y_S) · (t − S) / (M − S).
    public static func expected(start yS: Double, target T: Double, year t: Int, periodStart S: Int, milestone M: Int) -> Double {
        guard M != S else { return T }
        return yS + (T - yS) * Double(t - S) / Double(M - S)
    }

    /// Current status index: 1 when attained, otherwise (y_t − y_S) / (T − y_S); 0 when T = y_S and not attained.
    public static func currentStatusIndex(value yt: Double, start yS: Double, target T: Double, attained: Bool) -> Double {
        if attained { return 1 }
        if T == yS { return 0 }
        return (yt - yS) / (T - yS)
    }

    /// A weighted least-squares line y = intercept + slope · year.
    public struct Line: Sendable, Hashable {
        /// Change per year.
        public var slope: Double
        /// The value at year 0 (so that value(at:) = intercept + slope · year).
        public var intercept: Double
        /// The (year, value, weight) points it was fitted to.
        public var points: [WeightedPoint]

        /// The line's value at a year.
        public func value(at year: Int) -> Double { intercept + slope * Double(year) }

        /// Creates a line.
        public init(slope: Double, intercept: Double, points: [WeightedPoint] = []) {
            self.slope = slope
            self.intercept = intercept
            self.points = points
        }
    }

    /// One point of the fit with its weight.
    public struct WeightedPoint: Sendable, Hashable, Codable {
        /// The year.
        public var year: Int
        /// The observed value.
        public var value: Double
        /// Its weight, year − first year + 1.
        public var weight: Double
    }

    /// Weighted least squares through `points` (year, value) with weights w = year − (first year) + 1, so recent
    /// years count more. Nil with fewer than 3 points (the forecast is then "insufficient data").
    public static func forecastLine(_ points: [(year: Int, value: Double)]) -> Line? {
        guard points.count >= 3, let first = points.map(\.year).min() else { return nil }
        var sw = 0.0, swx = 0.0, swy = 0.0, swxx = 0.0, swxy = 0.0
        var used: [WeightedPoint] = []
        used.reserveCapacity(points.count)
        for p in points {
            let w = Double(p.year - first + 1)
            // x is centred on the first year to keep the sums small and the arithmetic stable.
            let x = Double(p.year - first)
            sw += w; swx += w * x; swy += w * p.value; swxx += w * x * x; swxy += w * x * p.value
            used.append(WeightedPoint(year: p.year, value: p.value, weight: w))
        }
        let denominator = sw * swxx - swx * swx
        guard denominator != 0 else { return nil }
        let slope = (sw * swxy - swx * swy) / denominator
        let interceptAtFirst = (swy - slope * swx) / sw
        return Line(slope: slope, intercept: interceptAtFirst - slope * Double(first), points: used)
    }

    /// Anticipated progress: API = (ŷ_M − y_S) / (T − y_S); nil when T = y_S.
    public static func anticipatedProgress(forecast yM: Double, start yS: Double, target T: Double) -> Double? {
        T == yS ? nil : (yM - yS) / (T - yS)
    }

    /// Required annual change: (T − y_t) / (M − t), for t < M.
    public static func requiredAnnualChange(value yt: Double, target T: Double, year t: Int, milestone M: Int) -> Double? {
        t < M ? (T - yt) / Double(M - t) : nil
    }

    /// CAGR(a, b, n) = (a / b)^(1/n) − 1; nil when the ratio is negative or n = 0.
    public static func cagr(_ a: Double, _ b: Double, years n: Int) -> Double? {
        guard n != 0, b != 0 else { return nil }
        let ratio = a / b
        guard ratio >= 0 else { return nil }
        return pow(ratio, 1 / Double(n)) - 1
    }

    /// The growth-rate progress ratio with its score and category (Open SDG / Statistics Canada, method 2).
    public struct GrowthRatio: Sendable, Hashable {
        /// R, the ratio of the actual to the needed growth rate.
        public var ratio: Double
        /// The score, −5…5.
        public var score: Double
        /// The category of the score.
        public var category: GrowthCategory
        /// t₀, the first year with a value.
        public var baseYear: Int
        /// y₀, the value then.
        public var baseValue: Double
    }

    /// Open SDG's categories: attained; R ≥ 0.95 substantial; ≥ 0.6 moderate; ≥ 0 limited; else deterioration.
    public enum GrowthCategory: String, Sendable, Codable, CaseIterable {
        case attained, substantial, moderate, limited, deterioration
    }

    /// R = s · d · CAGR(y_t, y_0, t − t_0) / |CAGR(T, y_0, M − t_0)|, with any 0 among y_0 or T replaced by 0.001 and
    /// s = −1 if y_0 < 0 else +1. Score 5 if attained, else min(7.1429·R − 4.2857, 5) when R ≥ 0.6, else
    /// max(4.1667·R − 2.5, −5). Nil when y_0 and y_t have opposite signs, t = t_0, or the target's own growth rate is 0.
    public static func growthRatio(base y0: Double, baseYear t0: Int, value yt: Double, year t: Int, target T: Double,
                                   milestone M: Int, direction d: Double, attained: Bool) -> GrowthRatio? {
        guard t != t0, !(y0 < 0 && yt > 0), !(y0 > 0 && yt < 0) else { return nil }
        let base = y0 == 0 ? 0.001 : y0
        let goal = T == 0 ? 0.001 : T
        let s: Double = y0 < 0 ? -1 : 1
        guard let actual = cagr(yt, base, years: t - t0), let needed = cagr(goal, base, years: M - t0), needed != 0 else { return nil }
        let r = s * d * actual / abs(needed)
        let score: Double
        let category: GrowthCategory
        if attained {
            score = 5
            category = .attained
        } else {
            score = r >= 0.6 ? min(7.1429 * r - 4.2857, 5) : max(4.1667 * r - 2.5, -5)
            category = r >= 0.95 ? .substantial : r >= 0.6 ? .moderate : r >= 0 ? .limited : .deterioration
        }
        return GrowthRatio(ratio: r, score: score, category: category, baseYear: t0, baseValue: y0)
    }
}
