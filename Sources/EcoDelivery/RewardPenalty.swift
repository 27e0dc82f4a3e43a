public import EcoCore
public import EcoKit
import Foundation

/// One amount of a city's month: which indicator, which test, the figures, the arithmetic and the amount.
public struct RewardPenaltyLine: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// `compositeIndex`, `pm25`, `pm10`, `so2`.
    public var indicator: String
    /// `yoy` (against the 考核基数, the same month last year) or `average` (against the provincial average).
    public var test: String
    /// The month's value.
    public var value: Double
    /// The base it is compared with.
    public var base: Double
    /// value − base (µg/m³), or the change in % for the index.
    public var difference: Double
    /// 万元: positive a reward, negative a penalty, two decimals.
    public var amount: Double
    /// The arithmetic, e.g. `10 × 5 + 20 × 2 = 70 万元 (penalty)`.
    public var arithmetic: String
    /// The certainty of the rate used.
    public var certainty: Certainty
}

/// A city's reward and penalty for a month.
public struct CityRewardPenalty: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The city.
    public var region: RegionCode
    /// The month.
    public var month: String
    /// Every amount.
    public var lines: [RewardPenaltyLine]
    /// Rewards, 万元.
    public var rewards: Double
    /// Penalties, 万元 (positive).
    public var penalties: Double
    /// rewards − penalties, 万元.
    public var net: Double
    /// Why nothing could be computed (no valid data this month or last year), nil otherwise.
    public var note: String?
}

/// 《山西省城市环境空气质量改善奖惩方案》 (省生态环境厅、省财政厅, revised 2019-01-24; governance.md §4.2): each
/// month a city worse than its 考核基数 pays, better earns; PM2.5, PM10 and SO2 by the concentration coefficients
/// (R5: 10万元 per µg/m³ up to 5 µg/m³, 20万元 beyond), SO2 exempt at or below 30 µg/m³ (R7); the 综合指数 by steps,
/// and against the provincial average (R8, Taiyuan October 2021). The rates the reference did not find are rules
/// marked reconstructed.
public enum RewardPenalty {
    /// The stepped amount for an excess `d` > 0: marginal (each rate on its part) or whole (the containing step's
    /// rate on all of it), with the arithmetic.
    public static func stepped(_ d: Double, steps: [RateStep], marginal: Bool) -> (amount: Double, text: String) {
        guard d > 0 else { return (0, "0") }
        if !marginal {
            let step = steps.first { s in s.upTo.map { d <= $0 } ?? true } ?? steps[steps.count - 1]
            return (step.rate * d, "\(NumberText.shortest(step.rate)) × \(NumberText.shortest(d))")
        }
        var amount = 0.0, lower = 0.0
        var parts: [String] = []
        for s in steps {
            let top = s.upTo.map { min(d, $0) } ?? d
            guard top > lower else { break }
            amount += s.rate * (top - lower)
            parts.append("\(NumberText.shortest(s.rate)) × \(NumberText.shortest(GBT8170Rounding.round(top - lower, decimals: 4)))")
            lower = top
            if top >= d { break }
        }
        return (amount, parts.joined(separator: " + "))
    }

    /// The month of every city: `current` this month's figures, `previous` the same month last year, by city.
    public static func month(_ month: YearMonth, current: [MonthlyAirFigures], previous: [MonthlyAirFigures], rules: DeliveryRules) -> [CityRewardPenalty] {
        let r = rules.rewardPenalty
        let prior = Dictionary(previous.map { ($0.region, $0) }, uniquingKeysWith: { a, _ in a })
        let valid = current.filter { $0.valid }.compactMap(\.compositeIndex)
        let average = valid.isEmpty ? nil : GBT8170Rounding.round(valid.reduce(0, +) / Double(valid.count), decimals: 2)
        return current.sorted { $0.region < $1.region }.map { c in
            var lines: [RewardPenaltyLine] = []
            func money(_ v: Double) -> Double { GBT8170Rounding.round(v, decimals: 2) }
            guard c.valid, let p = prior[c.region], p.valid else {
                return CityRewardPenalty(region: c.region, month: "\(month)", lines: [], rewards: 0, penalties: 0, net: 0,
                                         note: c.valid ? "no valid data for \(month.adding(-12))" : "no valid data for \(month)")
            }
            for (key, now, then) in [("pm25", c.pm25, p.pm25), ("pm10", c.pm10, p.pm10), ("so2", c.so2, p.so2)] {
                guard let now, let then else { continue }
                let d = now - then
                if d > 0 {
                    if key == "so2", now <= r.so2Exempt.value {
                        lines.append(RewardPenaltyLine(indicator: key, test: "yoy", value: now, base: then, difference: d, amount: 0,
                                                       arithmetic: "SO2 \(NumberText.shortest(now)) ≤ \(NumberText.shortest(r.so2Exempt.value)) µg/m³: exempt", certainty: r.so2Exempt.certainty))
                        continue
                    }
                    let s = stepped(d, steps: r.concentrationSteps.value, marginal: r.marginal.value)
                    lines.append(RewardPenaltyLine(indicator: key, test: "yoy", value: now, base: then, difference: d, amount: -money(s.amount),
                                                   arithmetic: "\(s.text) = \(NumberText.fixed(s.amount, decimals: 2)) 万元 penalty",
                                                   certainty: r.marginal.value && d > (r.concentrationSteps.value.first?.upTo ?? .infinity) ? r.marginal.certainty : r.concentrationSteps.certainty))
                } else if d < 0, let rate = r.rewardRates.value[key] {
                    let v = rate * -d
                    lines.append(RewardPenaltyLine(indicator: key, test: "yoy", value: now, base: then, difference: d, amount: money(v),
                                                   arithmetic: "\(NumberText.shortest(rate)) × \(NumberText.shortest(-d)) = \(NumberText.fixed(v, decimals: 2)) 万元 reward",
                                                   certainty: r.rewardRates.certainty))
                }
            }
            if let now = c.compositeIndex, let then = p.compositeIndex, then > 0 {
                let pct = GBT8170Rounding.round((now - then) / then * 100, decimals: 1)
                if pct > 0 {
                    let s = stepped(pct, steps: r.indexSteps.value, marginal: r.marginal.value)
                    lines.append(RewardPenaltyLine(indicator: "compositeIndex", test: "yoy", value: now, base: then, difference: pct, amount: -money(s.amount),
                                                   arithmetic: "(\(NumberText.shortest(now)) − \(NumberText.shortest(then))) / \(NumberText.shortest(then)) = +\(NumberText.fixed(pct, decimals: 1)) %; \(s.text) = \(NumberText.fixed(s.amount, decimals: 2)) 万元 penalty",
                                                   certainty: r.indexSteps.certainty))
                } else if pct < 0, let rate = r.rewardRates.value["index"] {
                    let v = rate * -pct
                    lines.append(RewardPenaltyLine(indicator: "compositeIndex", test: "yoy", value: now, base: then, difference: pct, amount: money(v),
                                                   arithmetic: "(\(NumberText.shortest(now)) − \(NumberText.shortest(then))) / \(NumberText.shortest(then)) = \(NumberText.fixed(pct, decimals: 1)) %; \(NumberText.shortest(rate)) × \(NumberText.fixed(-pct, decimals: 1)) = \(NumberText.fixed(v, decimals: 2)) 万元 reward",
                                                   certainty: r.rewardRates.certainty))
                }
                if let avg = average, avg > 0, now > avg {
                    let above = GBT8170Rounding.round((now - avg) / avg * 100, decimals: 1)
                    let v = r.averageRate.value * above
                    lines.append(RewardPenaltyLine(indicator: "compositeIndex", test: "average", value: now, base: avg, difference: above, amount: -money(v),
                                                   arithmetic: "(\(NumberText.shortest(now)) − \(NumberText.shortest(avg))) / \(NumberText.shortest(avg)) = +\(NumberText.fixed(above, decimals: 1)) % above the provincial average; \(NumberText.shortest(r.averageRate.value)) × \(NumberText.fixed(above, decimals: 1)) = \(NumberText.fixed(v, decimals: 2)) 万元 penalty",
                                                   certainty: r.averageRate.certainty))
                }
            }
            let rewards = money(lines.filter { $0.amount > 0 }.reduce(0) { $0 + $1.amount })
            let penalties = money(-lines.filter { $0.amount < 0 }.reduce(0) { $0 + $1.amount })
            return CityRewardPenalty(region: c.region, month: "\(month)", lines: lines, rewards: rewards, penalties: penalties, net: money(rewards - penalties), note: nil)
        }
    }
}
