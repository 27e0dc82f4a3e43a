public import EcoCore
public import EcoKit
import Foundation

/// A month as `YYYY-MM`.
public struct YearMonth: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The year.
    public var year: Int
    /// 1…12.
    public var month: Int

    /// Creates a month.
    public init(year: Int, month: Int) { self.year = year; self.month = month }

    /// Parses `YYYY-MM` (years 2000–2100), nil otherwise.
    public init?(_ text: String) {
        guard let end = Project.periodEnd(text) else { return nil }
        self.init(year: end.year, month: end.components.month)
    }

    /// The month `n` months later (earlier for negative n).
    public func adding(_ n: Int) -> YearMonth {
        let t = year * 12 + month - 1 + n
        return YearMonth(year: t / 12, month: t % 12 + 1)
    }

    /// `YYYY-MM`.
    public var description: String { String(format: "%04d-%02d", year, month) }

    /// Month order.
    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

/// One figure behind a firing: what, its value, and the month it belongs to.
public struct TriggerFigure: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The month (or year) it belongs to.
    public var period: String
    /// e.g. `rank 31/33`, `PM2.5 61 µg/m³ vs 50 (+22.0 %)`.
    public var text: String
}

/// A quantitative-accountability rule that fired, with the figures and the months that made it fire.
public struct TriggerFiring: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// `county-month`, `county-consecutive`, `county-year`, `city-annual`, `city-water`.
    public var rule: String
    /// The rule in words, with its thresholds.
    public var ruleText: LocalizedText
    /// Who is held to account (分管副县长, 市委书记).
    public var accountable: LocalizedText
    /// The region.
    public var region: RegionCode
    /// The month evaluated.
    public var month: String
    /// The months (or years) that made it fire.
    public var periods: [String]
    /// The figures.
    public var figures: [TriggerFigure]
    /// True when an annual rule is judged on the year to date (before December): a warning, not yet a firing.
    public var provisional: Bool
    /// The rule's certainty mark.
    public var certainty: Certainty
}

/// Whether a city met a binding water target in a year (from the water indicators' assessment).
public struct WaterTargetYear: Codable, Sendable, Hashable {
    /// The city.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// The framework indicator.
    public var indicator: String
    /// The value.
    public var value: Double?
    /// The year's target (the plan line's expected value, or the milestone target).
    public var target: Double?
    /// Met, missed, or nil without data.
    public var met: Bool?

    /// Creates a year's result.
    public init(region: RegionCode, year: Int, indicator: String, value: Double?, target: Double?, met: Bool?) {
        self.region = region; self.year = year; self.indicator = indicator; self.value = value; self.target = target; self.met = met
    }
}

/// The 量化问责 triggers (《山西省环境空气质量改善量化问责办法(试行)》 and the water 办法, 2018; governance.md §3.3).
public enum Accountability {
    /// Everything that fires in `month`. `counties` holds the monthly county rankings by month (with year-on-year
    /// figures), `cityYearToDate` the city ranking for January to `month`, `water` the cities' binding water targets
    /// by year.
    public static func evaluate(month: YearMonth, counties: [YearMonth: AirRanking], cityYearToDate: AirRanking?, water: [WaterTargetYear],
                                rules: DeliveryRules) -> [TriggerFiring] {
        let a = rules.accountability
        let k = a.countyBottom.value
        var out: [TriggerFiring] = []
        let deputy = LocalizedText(zh: "分管副县(市、区)长", en: "the deputy county head in charge")
        let secretary = LocalizedText(zh: "市委书记", en: "the city Party secretary")
        /// The month's qualifying figures of a county: in the bottom k with a PM2.5 rise above `pct` (strictly).
        func qualifies(_ r: RegionCode, _ m: YearMonth, above pct: Double) -> TriggerFigure? {
            // A county without valid data this month or a year earlier ranks last but has no PM2.5 change to judge.
            guard let ranking = counties[m], let e = ranking.entry(r), e.valid, AirRanking.inBottom(e, k, ranking.entries),
                  let now = e.current.pm25, let then = e.previous?.pm25, e.previous?.valid == true, then > 0,
                  (now - then) * 100 > pct * then else { return nil }
            return TriggerFigure(period: "\(m)", text: "rank \(e.rank)/\(ranking.entries.count), 综合指数 \(NumberText.fixed(e.current.compositeIndex ?? 0, decimals: 2)), PM2.5 \(NumberText.shortest(now)) vs \(NumberText.shortest(then)) µg/m³ (\(signed(e.pm25Change)))")
        }
        let regions = counties[month]?.entries.map(\.region) ?? []
        for r in regions {
            if let f = qualifies(r, month, above: a.monthRise.value) {
                out.append(TriggerFiring(rule: "county-month", ruleText: LocalizedText(
                    zh: "当月综合指数排名全省后\(k)位且PM2.5同比上升超过\(NumberText.shortest(a.monthRise.value))%",
                    en: "in the bottom \(k) counties this month and PM2.5 up year on year by more than \(NumberText.shortest(a.monthRise.value)) %"),
                    accountable: deputy, region: r, month: "\(month)", periods: ["\(month)"], figures: [f], provisional: false, certainty: a.monthRise.certainty))
            }
            let window = (0..<a.consecutiveMonths.value).map { month.adding(-$0) }.reversed()
            let run = window.map { qualifies(r, $0, above: a.consecutiveRise.value) }
            if run.allSatisfy({ $0 != nil }) {
                out.append(TriggerFiring(rule: "county-consecutive", ruleText: LocalizedText(
                    zh: "连续\(a.consecutiveMonths.value)个月排名后\(k)位且PM2.5同比均上升超过\(NumberText.shortest(a.consecutiveRise.value))%",
                    en: "\(a.consecutiveMonths.value) months running in the bottom \(k) with PM2.5 up by more than \(NumberText.shortest(a.consecutiveRise.value)) % in each"),
                    accountable: deputy, region: r, month: "\(month)", periods: window.map(\.description), figures: run.compactMap { $0 }, provisional: false,
                    certainty: a.consecutiveMonths.certainty))
            }
            // (c) fires in the month the count of qualifying months of the year first reaches the threshold.
            let year = (1...month.month).map { YearMonth(year: month.year, month: $0) }
            let hits = year.compactMap { m in qualifies(r, m, above: 0) }
            if hits.count == a.yearMonths.value, hits.last?.period == "\(month)" {
                out.append(TriggerFiring(rule: "county-year", ruleText: LocalizedText(
                    zh: "年内累计\(a.yearMonths.value)个月排名后\(k)位且PM2.5同比上升",
                    en: "\(a.yearMonths.value) months of the year (cumulative) in the bottom \(k) with PM2.5 up year on year"),
                    accountable: deputy, region: r, month: "\(month)", periods: hits.map(\.period), figures: hits, provisional: false, certainty: a.yearMonths.certainty))
            }
        }
        if let c = cityYearToDate {
            let n = a.cityBottom.value
            let improving = c.entries.filter { $0.improvementRank != nil }
            for e in c.entries where AirRanking.inBottom(e, n, c.entries) {
                guard let ir = e.improvementRank, improving.filter({ ($0.improvementRank ?? 0) > ir }).count < n else { continue }
                let pm25Worse = (e.current.pm25 ?? 0) > (e.previous?.pm25 ?? .infinity)
                let goodWorse = (e.current.goodDayRatio ?? .infinity) < (e.previous?.goodDayRatio ?? -1)
                guard e.previous != nil, pm25Worse || goodWorse else { continue }
                out.append(TriggerFiring(rule: "city-annual", ruleText: LocalizedText(
                    zh: "全年综合指数及其改善幅度均排名全省后\(n)位，且PM2.5或优良天数比例同比变差",
                    en: "the annual index and its improvement both in the bottom \(n) of the cities, and PM2.5 or the good-day ratio worse than last year"),
                    accountable: secretary, region: e.region, month: "\(month)", periods: ["\(month.year)-01…\(month)"],
                    figures: [TriggerFigure(period: "\(month.year)", text: "综合指数 \(NumberText.fixed(e.current.compositeIndex ?? 0, decimals: 2)) rank \(e.rank)/\(c.entries.count), change \(signed(e.indexChange)) rank \(ir)/\(improving.count); PM2.5 \(NumberText.shortest(e.current.pm25 ?? 0)) vs \(NumberText.shortest(e.previous?.pm25 ?? 0)); 优良天数比例 \(NumberText.shortest(e.current.goodDayRatio ?? 0)) % vs \(NumberText.shortest(e.previous?.goodDayRatio ?? 0)) %")],
                    provisional: month.month < 12, certainty: a.cityBottom.certainty))
            }
        }
        let last = month.month == 12 ? month.year : month.year - 1
        let years = (0..<a.waterYears.value).map { last - $0 }.reversed()
        for region in Set(water.map(\.region)).sorted() {
            let missed = years.map { y in water.filter { $0.region == region && $0.year == y && $0.met == false && a.waterIndicators.value.contains($0.indicator) } }
            guard missed.allSatisfy({ !$0.isEmpty }) else { continue }
            out.append(TriggerFiring(rule: "city-water", ruleText: LocalizedText(
                zh: "约束性水质目标连续\(a.waterYears.value)年未完成", en: "binding water targets missed \(a.waterYears.value) years running"),
                accountable: secretary, region: region, month: "\(month)", periods: years.map(String.init),
                figures: missed.flatMap { $0 }.map { TriggerFigure(period: "\($0.year)", text: "\($0.indicator) \(NumberText.shortest($0.value)) vs target \(NumberText.shortest($0.target))") },
                provisional: false, certainty: a.waterYears.certainty))
        }
        return out
    }

    /// "+22.0 %" / "−5.0 %" / "—".
    static func signed(_ v: Double?) -> String {
        guard let v else { return "—" }
        return (v > 0 ? "+" : "") + NumberText.fixed(v, decimals: 1) + " %"
    }
}
