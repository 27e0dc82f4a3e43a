import EcoKit
import Foundation

/// Concentrations entering a daily AQI (日报), in thousandths. `o3Max1h` is used by the 2012 rules only.
public struct DailyConcentrations: Sendable, Hashable {
    /// SO2 24-hour mean, thousandths of µg/m³.
    public var so2: Int64?
    /// NO2 24-hour mean, thousandths of µg/m³.
    public var no2: Int64?
    /// PM10 24-hour mean, thousandths of µg/m³.
    public var pm10: Int64?
    /// CO 24-hour mean, thousandths of mg/m³.
    public var co: Int64?
    /// PM2.5 24-hour mean, thousandths of µg/m³.
    public var pm25: Int64?
    /// O3 maximum 1-hour value of the day, thousandths of µg/m³.
    public var o3Max1h: Int64?
    /// O3 maximum daily 8-hour mean (MDA8), thousandths of µg/m³.
    public var o3MDA8: Int64?

    /// Creates a day's values; nil where missing.
    public init(so2: Int64? = nil, no2: Int64? = nil, pm10: Int64? = nil, co: Int64? = nil, pm25: Int64? = nil,
                o3Max1h: Int64? = nil, o3MDA8: Int64? = nil) {
        self.so2 = so2; self.no2 = no2; self.pm10 = pm10; self.co = co; self.pm25 = pm25
        self.o3Max1h = o3Max1h; self.o3MDA8 = o3MDA8
    }
}

/// Concentrations entering a real-time (hourly) AQI (实时报), in thousandths. The 2012 rules use the 8 h sliding O3
/// mean and the 24 h sliding PM means; the 2026 rules the 1 h PM values. `so2_24h` serves the 2012 SO2 > 800 rule.
public struct HourlyConcentrations: Sendable, Hashable {
    /// SO2 1-hour value, thousandths of µg/m³.
    public var so2: Int64?
    /// NO2 1-hour value, thousandths of µg/m³.
    public var no2: Int64?
    /// CO 1-hour value, thousandths of mg/m³.
    public var co: Int64?
    /// O3 1-hour value, thousandths of µg/m³.
    public var o3: Int64?
    /// PM10 1-hour value, thousandths of µg/m³.
    public var pm10: Int64?
    /// PM2.5 1-hour value, thousandths of µg/m³.
    public var pm25: Int64?
    /// O3 moving 8-hour mean, thousandths of µg/m³.
    public var o3_8h: Int64?
    /// PM10 moving 24-hour mean, thousandths of µg/m³ (HJ 633-2026 real-time set).
    public var pm10_24h: Int64?
    /// PM2.5 moving 24-hour mean, thousandths of µg/m³ (HJ 633-2026 real-time set).
    public var pm25_24h: Int64?
    /// SO2 24-hour mean for the > 800 µg/m³ fallback, thousandths of µg/m³.
    public var so2_24h: Int64?

    /// Creates an hour's values; nil where missing.
    public init(so2: Int64? = nil, no2: Int64? = nil, co: Int64? = nil, o3: Int64? = nil, pm10: Int64? = nil, pm25: Int64? = nil,
                o3_8h: Int64? = nil, pm10_24h: Int64? = nil, pm25_24h: Int64? = nil, so2_24h: Int64? = nil) {
        self.so2 = so2; self.no2 = no2; self.co = co; self.o3 = o3; self.pm10 = pm10; self.pm25 = pm25
        self.o3_8h = o3_8h; self.pm10_24h = pm10_24h; self.pm25_24h = pm25_24h; self.so2_24h = so2_24h
    }
}

/// An AQI with its parts.
public struct AQIResult: Sendable, Hashable {
    /// The rule set the index was computed by.
    public var standard: AirStandard
    /// Nil when no pollutant could be indexed, or (2026 §5.3.1) when a pollutant is missing and the AQI of the
    /// others is not above 100 — then only the sub-indices are published.
    public var aqi: Int?
    /// Sub-indices by indicator label: `SO2`, `NO2`, `PM10`, `CO`, `PM2.5`, `O3` (2026 and real-time 1 h),
    /// `O3_1h` and `O3_8h` (2012 daily and real-time).
    public var iaqi: [String: Int]
    /// 首要污染物: when AQI > 50, every pollutant with the largest IAQI (O3 once, whichever period drove it).
    public var primary: [AirPollutant]
    /// 超标污染物 (HJ 633-2012 §3.4: IAQI > 100); the 2026 version deleted the definition, so empty there.
    public var overStandard: [AirPollutant]
    /// Pollutants without a valid concentration.
    public var missing: [AirPollutant]
    /// Sub-indices capped at 500 because the concentration lay above the table.
    public var aboveTable: [String]
    /// Values the HJ 633-2012 rules needed above the end of a column and did not get, one sentence each: SO2 1 h
    /// above 800 takes the sub-index of the SO2 24 h mean (§5.1.3 note); an O3 8 h value above 800 leaves O3 to the
    /// 1 h value (§5.1.2 note). Without that value the pollutant has no sub-index, and it is listed in `missing`
    /// too — never dropped silently.
    public var missingFallback: [String] = []

    /// The HJ 633 level of the AQI (1 优 … 6 严重污染).
    public var level: HJ633.Level? { aqi.map(HJ633.level) }
}

extension HJ633 {
    /// The daily AQI (日报). 2012 (§5.1.2): SO2, NO2, PM10, PM2.5, CO 24 h means, O3 daily max 1 h and MDA8 — 7
    /// sub-indices; an MDA8 above 800 gets no sub-index (the O3 1 h one stands). 2026 (§4.2.2): the five daily means
    /// and MDA8 — 6 sub-indices; concentrations first rounded by GB/T 8170 (integers, CO one decimal); MDA8 above 800
    /// → IAQI 300.
    public static func daily(_ c: DailyConcentrations, standard: AirStandard) -> AQIResult {
        var items: [(String, AirPollutant, IAQIColumn, Int64?)] = [
            ("SO2", .so2, .so2_24h, c.so2), ("NO2", .no2, .no2_24h, c.no2), ("PM10", .pm10, .pm10_24h, c.pm10),
            ("CO", .co, .co_24h, c.co), ("PM2.5", .pm25, .pm25_24h, c.pm25),
        ]
        if standard == .v2012 {
            items += [("O3_1h", .o3, .o3_1h, c.o3Max1h), ("O3_8h", .o3, .o3_8h, c.o3MDA8)]
        } else {
            items.append(("O3", .o3, .o3_8h, c.o3MDA8))
        }
        return combine(items, standard: standard)
    }

    /// The real-time AQI (实时报). 2012 (§5.1.3): SO2, NO2, CO, O3 1 h values, O3 8 h sliding mean, PM10 and PM2.5
    /// 24 h sliding means (the PM 1 h values carry no sub-index); SO2 1 h above 800 → the SO2 sub-index of the 24 h
    /// (sliding) mean. 2026 (§4.2.3–4.2.4): the six 1 h values, PM with the daily breakpoints; SO2 1 h above 800 →
    /// IAQI 200; concentrations rounded first.
    public static func hourly(_ c: HourlyConcentrations, standard: AirStandard) -> AQIResult {
        let items: [(String, AirPollutant, IAQIColumn, Int64?)]
        if standard == .v2012 {
            items = [("SO2", .so2, .so2_1h, c.so2), ("NO2", .no2, .no2_1h, c.no2), ("CO", .co, .co_1h, c.co),
                     ("O3_1h", .o3, .o3_1h, c.o3), ("O3_8h", .o3, .o3_8h, c.o3_8h),
                     ("PM10", .pm10, .pm10_24h, c.pm10_24h), ("PM2.5", .pm25, .pm25_24h, c.pm25_24h)]
        } else {
            items = [("SO2", .so2, .so2_1h, c.so2), ("NO2", .no2, .no2_1h, c.no2), ("CO", .co, .co_1h, c.co),
                     ("O3", .o3, .o3_1h, c.o3), ("PM10", .pm10, .pm10_24h, c.pm10), ("PM2.5", .pm25, .pm25_24h, c.pm25)]
        }
        return combine(items, standard: standard, so2Daily: c.so2_24h)
    }

    static func combine(_ items: [(String, AirPollutant, IAQIColumn, Int64?)], standard: AirStandard, so2Daily: Int64? = nil) -> AQIResult {
        var iaqi: [String: Int] = [:]
        var byPollutant: [AirPollutant: Int] = [:]
        var missing: [AirPollutant] = []
        var above: [String] = []
        var fallbacks: [String] = []
        for (label, pollutant, column, raw) in items {
            guard var c = raw, c >= 0 else {
                if !missing.contains(pollutant), !items.contains(where: { $0.1 == pollutant && $0.3 != nil && ($0.3 ?? -1) >= 0 }) {
                    missing.append(pollutant)
                }
                continue
            }
            if standard == .v2026 { c = Milli.report(c, pollutant) }
            var sub = subIndex(column, c, standard)
            if sub == nil {
                // Above 800 in the SO2 1 h or O3 8 h column.
                let shown = NumberText.fixed(Milli.double(c), decimals: pollutant.reportDecimals)
                switch (column, standard) {
                case (.so2_1h, .v2026): sub = SubIndex(value: 200, aboveTable: false)
                case (.o3_8h, .v2026): sub = SubIndex(value: 300, aboveTable: false)
                case (.so2_1h, .v2012):
                    sub = so2Daily.flatMap { $0 >= 0 ? subIndex(.so2_24h, $0, .v2012) : nil }
                    if sub == nil {
                        fallbacks.append("SO2 1 h \(shown) is above 800: HJ 633-2012 takes the SO2 sub-index from the 24 h mean, which is missing")
                    }
                default:
                    // 2012 O3 8 h > 800: the O3 1 h sub-index stands alone — if there is one.
                    let oneHour = items.first { $0.2 == .o3_1h }?.3
                    if oneHour == nil || (oneHour ?? -1) < 0 {
                        fallbacks.append("O3 8 h \(shown) is above 800: HJ 633-2012 then uses the O3 1 h value, which is missing")
                    }
                }
                if sub == nil, !items.contains(where: { $0.1 == pollutant && $0.2 != column && ($0.3 ?? -1) >= 0 }), !missing.contains(pollutant) {
                    missing.append(pollutant)
                }
            }
            guard let s = sub else { continue }
            iaqi[label] = s.value
            if s.aboveTable { above.append(label) }
            byPollutant[pollutant] = max(byPollutant[pollutant] ?? 0, s.value)
        }
        let aqi = byPollutant.values.max()
        var primary: [AirPollutant] = []
        if let aqi, aqi > 50 { primary = AirPollutant.allCases.filter { byPollutant[$0] == aqi } }
        let over = standard == .v2012 ? AirPollutant.allCases.filter { (byPollutant[$0] ?? 0) > 100 } : []
        var published = aqi
        if standard == .v2026, !missing.isEmpty, let a = aqi, a <= 100 { published = nil }
        return AQIResult(standard: standard, aqi: published, iaqi: iaqi, primary: published == nil ? [] : primary,
                         overStandard: over, missing: missing, aboveTable: above, missingFallback: fallbacks)
    }
}
