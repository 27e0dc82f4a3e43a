import EcoCore
public import EcoKit
public import EcoStandards
import Foundation

/// A region's values for one day: the arithmetic mean of its evaluation stations' valid daily values (HJ 663 city
/// value: average the concentrations, then compute the AQI from the means), and the daily AQI by the rules in force
/// that day.
public struct RegionDay: Sendable {
    /// The day.
    public var day: CivilDay
    /// The day's values, thousandths, rounded to reporting precision.
    public var values: DailyConcentrations
    /// The daily AQI of those values (HJ 633 §5).
    public var aqi: AQIResult
    /// True when all six pollutants (SO2, NO2, PM10, CO, PM2.5 daily means and the O3 MDA8) have a value: such a day
    /// is a valid day for 优良天数比例 and the level counts.
    public var complete: Bool
    /// Stations with a PM2.5 or O3 daily value that day.
    public var stations: Int

    /// Creates a day.
    public init(day: CivilDay, values: DailyConcentrations, aqi: AQIResult, complete: Bool, stations: Int) {
        self.day = day
        self.values = values
        self.aqi = aqi
        self.complete = complete
        self.stations = stations
    }
}

/// The HJ 663 annual statistics of a region.
public struct AnnualAirStatistics: Sendable, Codable {
    /// The year.
    public var year: Int
    /// The rule set of the year's data (2012 or 2026).
    public var standard: AirStandard
    /// The GB 3095 limits the attainment is judged by.
    public var limitsPhase: GB3095.Phase
    /// Days with all six pollutants (HJ 663 valid days).
    public var validDays: Int
    /// Valid days with AQI ≤ 100.
    public var goodDays: Int
    /// 优良天数比例, % of valid days, one decimal; nil without valid days.
    public var goodDayRatio: Double?
    /// Days with AQI > 200 (重污染及以上).
    public var heavyDays: Int
    /// Valid days per AQI level 1…6.
    public var daysPerLevel: [Int]
    /// SO2 annual mean, µg/m³.
    public var so2Annual: Double?
    /// NO2 annual mean, µg/m³.
    public var no2Annual: Double?
    /// PM10 annual mean, µg/m³.
    public var pm10Annual: Double?
    /// PM2.5 annual mean, µg/m³.
    public var pm25Annual: Double?
    /// 98th percentile of SO2 daily means, µg/m³.
    public var so2P98: Double?
    /// 98th percentile of NO2 daily means, µg/m³.
    public var no2P98: Double?
    /// 95th percentile of PM10 daily means, µg/m³.
    public var pm10P95: Double?
    /// 95th percentile of PM2.5 daily means, µg/m³.
    public var pm25P95: Double?
    /// 95th percentile of CO daily means, mg/m³.
    public var coP95: Double?
    /// 90th percentile of the O3 MDA8, µg/m³.
    public var o3P90: Double?
    /// 环境空气质量综合指数 Σ Cᵢ/Sᵢ (环办监测〔2018〕19号).
    public var compositeIndex: Double?
    /// Per pollutant: every statistic within its GB 3095 class-2 limit.
    public var attainedBy: [AirPollutant: Bool]
    /// All six attained.
    public var attained: Bool?
    /// Daily values per pollutant, so that a reader sees whether the year meets the 324-day rule.
    public var dailyCounts: [AirPollutant: Int]
    /// GB 3095 Table 4: a pollutant's year is complete with ≥ 324 daily values and ≥ 27 in every month (25 in
    /// February). Statistics of an incomplete year are still shown, marked by this.
    public var complete: [AirPollutant: Bool]
    /// 超标倍数 (C − S)/S of every statistic above its limit, keyed `PM2.5 annual`, `O3 P90`…
    public var exceedance: [String: Double]
    /// Station-hours with a value that went into the statistics.
    public var stationHours: Int
    /// The province only: how many of its cities have a pollutant below the completeness rule (nil for a city).
    public var citiesIncomplete: Int?
    /// The province only: how many cities it was computed from (nil for a city).
    public var citiesCount: Int?

    /// "incomplete: …" when any of `pollutants` misses the GB 3095-2012 Table 4 rule (≥ 324 daily values a year,
    /// ≥ 27 in every month, 25 in February), nil when all are complete. The text starts with
    /// `Observation.incompletePrefix`, so a value fed with it is shown but never assessed as a normal value. A city
    /// counts its valid days (all six pollutants) or, for a one-pollutant figure, that pollutant's daily values; the
    /// province counts its incomplete cities.
    public func incompleteNote(needs pollutants: [AirPollutant]) -> String? {
        let missing = pollutants.filter { complete[$0] != true }
        guard !missing.isEmpty else { return nil }
        let rule = "GB 3095-2012 Table 4: ≥ \(GB3095.Validity.daysPerYear) daily values a year and ≥ 27 in each month, 25 in February"
        if let n = citiesIncomplete, let of = citiesCount {
            return "\(Observation.incompletePrefix) \(n) of \(of) cities below the completeness rule (\(rule))"
        }
        if pollutants.count == 1, let p = pollutants.first {
            return "\(Observation.incompletePrefix) \(dailyCounts[p] ?? 0) daily \(p.display) values (\(rule))"
        }
        return "\(Observation.incompletePrefix) \(validDays) valid days (\(rule); incomplete: \(missing.map(\.display).joined(separator: ", ")))"
    }
}

/// The region-level HJ 663 pipeline: a region's days from its stations, a year's statistics, the province from its cities.
public enum AirEvaluation {
    /// The daily values of a region over the year from its stations (indices into `data`).
    public static func regionDays(_ data: AirYearData, stations: [Int], forcing standard: AirStandard? = nil) -> [RegionDay] {
        (0..<data.dayCount).map { d in
            let dailies = stations.map { data.daily(station: $0, day: d) }
            func mean(_ key: KeyPath<DailyConcentrations, Int64?>, _ p: AirPollutant) -> Int64? {
                let vs = dailies.compactMap { $0[keyPath: key] }
                guard !vs.isEmpty else { return nil }
                return Milli.roundedQuotient(vs.reduce(0, +), Int64(vs.count), step: Milli.reportStep(p))
            }
            let values = DailyConcentrations(so2: mean(\.so2, .so2), no2: mean(\.no2, .no2), pm10: mean(\.pm10, .pm10), co: mean(\.co, .co),
                                             pm25: mean(\.pm25, .pm25), o3Max1h: mean(\.o3Max1h, .o3), o3MDA8: mean(\.o3MDA8, .o3))
            let day = data.day(d)
            let std = standard ?? AirStandard.inForce(on: day)
            let complete = values.so2 != nil && values.no2 != nil && values.pm10 != nil && values.co != nil && values.pm25 != nil && values.o3MDA8 != nil
            return RegionDay(day: day, values: values, aqi: HJ633.daily(values, standard: std), complete: complete,
                             stations: dailies.filter { $0.pm25 != nil || $0.o3MDA8 != nil }.count)
        }
    }

    /// The year's statistics from a region's days. Annual means over the days with a value; percentiles of the daily
    /// values (SO2, NO2 98th; PM10, PM2.5, CO 95th; O3 MDA8 90th); attainment of each statistic against the class-2
    /// limits of the year's phase; 优良天数比例 = complete days with AQI ≤ 100 / complete days. Concentrations are
    /// rounded to the reporting precision (GB/T 8170), the ratio to one decimal, the index to two.
    public static func annual(_ days: [RegionDay], year: Int, stationHours: Int, forcing standard: AirStandard? = nil) -> AnnualAirStatistics {
        let std = standard ?? AirStandard.inForce(on: CivilDay(year: year, month: 12, day: 31))
        let phase = standard.map { $0 == .v2012 ? GB3095.Phase.v2012 : GB3095.phase(year: max(year, 2026)) } ?? GB3095.phase(year: year)
        func series(_ key: KeyPath<DailyConcentrations, Int64?>) -> [Double] { days.compactMap { $0.values[keyPath: key] }.map(Milli.double) }
        func report(_ v: Double?, _ p: AirPollutant) -> Double? {
            v.map { GBT8170Rounding.round($0, decimals: p.reportDecimals) }
        }
        func mean(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) }
        let so2 = series(\.so2), no2 = series(\.no2), pm10 = series(\.pm10), co = series(\.co), pm25 = series(\.pm25), o3 = series(\.o3MDA8)
        let valid = days.filter { $0.complete && $0.aqi.aqi != nil }
        var perLevel = [Int](repeating: 0, count: 6)
        for d in valid { if let a = d.aqi.aqi { perLevel[HJ633.level(a).number - 1] += 1 } }
        let good = valid.filter { ($0.aqi.aqi ?? 999) <= 100 }.count
        var s = AnnualAirStatistics(
            year: year, standard: std, limitsPhase: phase, validDays: valid.count, goodDays: good,
            goodDayRatio: valid.isEmpty ? nil : GBT8170Rounding.round(Double(good) / Double(valid.count) * 100, decimals: 1),
            heavyDays: valid.filter { ($0.aqi.aqi ?? 0) > 200 }.count, daysPerLevel: perLevel,
            so2Annual: report(mean(so2), .so2), no2Annual: report(mean(no2), .no2), pm10Annual: report(mean(pm10), .pm10),
            pm25Annual: report(mean(pm25), .pm25),
            so2P98: report(HJ663.percentile(so2, 98), .so2), no2P98: report(HJ663.percentile(no2, 98), .no2),
            pm10P95: report(HJ663.percentile(pm10, 95), .pm10), pm25P95: report(HJ663.percentile(pm25, 95), .pm25),
            coP95: report(HJ663.percentile(co, 95), .co), o3P90: report(HJ663.percentile(o3, 90), .o3),
            compositeIndex: nil, attainedBy: [:], attained: nil,
            dailyCounts: [.so2: so2.count, .no2: no2.count, .pm10: pm10.count, .co: co.count, .pm25: pm25.count, .o3: o3.count],
            complete: completeness(days), exceedance: [:], stationHours: stationHours, citiesIncomplete: nil, citiesCount: nil)
        if let a = s.so2Annual, let b = s.no2Annual, let c = s.pm10Annual, let d = s.pm25Annual, let e = s.coP95, let f = s.o3P90 {
            s.compositeIndex = GBT8170Rounding.round(HJ663.compositeIndex(so2: a, no2: b, pm10: c, pm25: d, coP95: e, o3P90: f), decimals: 2)
        }
        judge(&s)
        return s
    }

    /// Attainment and exceedance multiples of a year's statistics against the class-2 limits of its phase: a pollutant
    /// is attained when each of its statistics (annual mean against the annual limit, percentile against the daily or
    /// 8-hour limit) is within its limit; the year when all six are.
    static func judge(_ s: inout AnnualAirStatistics) {
        let limits = GB3095.limits(s.limitsPhase)
        let checks: [(AirPollutant, Double?, Double?, String)] = [
            (.so2, s.so2Annual, s.so2P98, "P98"), (.no2, s.no2Annual, s.no2P98, "P98"), (.pm10, s.pm10Annual, s.pm10P95, "P95"),
            (.pm25, s.pm25Annual, s.pm25P95, "P95"), (.co, nil, s.coP95, "P95"), (.o3, nil, s.o3P90, "P90"),
        ]
        s.attainedBy = [:]
        s.exceedance = [:]
        for (p, annual, pct, label) in checks {
            guard let pct, let daily = limits.daily[p] else { continue }
            if pct > daily { s.exceedance["\(p.display) \(label)"] = GBT8170Rounding.round(HJ663.exceedanceMultiple(pct, limit: daily), decimals: 2) }
            var ok = pct <= daily
            if let lim = limits.annual[p] {
                guard let annual else { continue }
                if annual > lim { s.exceedance["\(p.display) annual"] = GBT8170Rounding.round(HJ663.exceedanceMultiple(annual, limit: lim), decimals: 2) }
                ok = ok && annual <= lim
            }
            s.attainedBy[p] = ok
        }
        s.attained = s.attainedBy.count == 6 ? s.attainedBy.values.allSatisfy { $0 } : nil
    }

    /// Per pollutant, whether the year's daily values meet GB 3095 Table 4 (≥ 324 a year, ≥ 27 a month, 25 in February).
    static func completeness(_ days: [RegionDay]) -> [AirPollutant: Bool] {
        var out: [AirPollutant: Bool] = [:]
        let keys: [(AirPollutant, KeyPath<DailyConcentrations, Int64?>)] = [(.so2, \.so2), (.no2, \.no2), (.pm10, \.pm10), (.co, \.co),
                                                                           (.pm25, \.pm25), (.o3, \.o3MDA8)]
        for (p, key) in keys {
            var perMonth = [Int](repeating: 0, count: 13)
            var total = 0
            for d in days where d.values[keyPath: key] != nil {
                perMonth[d.day.components.month] += 1
                total += 1
            }
            out[p] = total >= GB3095.Validity.daysPerYear && (1...12).allSatisfy { perMonth[$0] >= GB3095.Validity.daysPerMonth($0) }
        }
        return out
    }

    /// The province's statistics as the provincial bulletins give them: the arithmetic mean of its cities' values
    /// (good-day ratio, concentrations, index), heavily polluted days and valid/good days summed as city-days, and
    /// attainment of the averaged statistics.
    public static func province(_ cities: [AnnualAirStatistics], year: Int) -> AnnualAirStatistics? {
        guard let first = cities.first else { return nil }
        func avg(_ key: KeyPath<AnnualAirStatistics, Double?>, _ decimals: Int) -> Double? {
            let vs = cities.compactMap { $0[keyPath: key] }
            return vs.count == cities.count ? GBT8170Rounding.round(vs.reduce(0, +) / Double(vs.count), decimals: decimals) : nil
        }
        var s = first
        s.validDays = cities.reduce(0) { $0 + $1.validDays }
        s.goodDays = cities.reduce(0) { $0 + $1.goodDays }
        s.heavyDays = cities.reduce(0) { $0 + $1.heavyDays }
        s.daysPerLevel = (0..<6).map { i in cities.reduce(0) { $0 + $1.daysPerLevel[i] } }
        s.goodDayRatio = avg(\.goodDayRatio, 1)
        s.so2Annual = avg(\.so2Annual, 0); s.no2Annual = avg(\.no2Annual, 0); s.pm10Annual = avg(\.pm10Annual, 0); s.pm25Annual = avg(\.pm25Annual, 0)
        s.so2P98 = avg(\.so2P98, 0); s.no2P98 = avg(\.no2P98, 0); s.pm10P95 = avg(\.pm10P95, 0); s.pm25P95 = avg(\.pm25P95, 0)
        s.coP95 = avg(\.coP95, 1); s.o3P90 = avg(\.o3P90, 0); s.compositeIndex = avg(\.compositeIndex, 2)
        s.stationHours = cities.reduce(0) { $0 + $1.stationHours }
        judge(&s)
        s.complete = Dictionary(uniqueKeysWithValues: AirPollutant.allCases.map { p in (p, cities.allSatisfy { $0.complete[p] == true }) })
        s.citiesIncomplete = cities.filter { c in AirPollutant.allCases.contains { c.complete[$0] != true } }.count
        s.citiesCount = cities.count
        return s
    }
}
