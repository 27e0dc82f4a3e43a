import EcoKit
import Foundation

/// HJ 663 statistics: percentiles (Annex A), the daily maximum 8-hour mean, daily means with GB 3095 validity,
/// exceedance multiples and the comprehensive index.
public enum HJ663 {
    /// Annex A: for values sorted ascending X(1)…X(n), k = 1 + (n − 1)·p%, s = ⌊k⌋, m = X(s) + (X(s+1) − X(s))·(k − s).
    /// Nil for an empty series. (The same as NumPy's default `percentile` and Excel's PERCENTILE.INC.)
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let x = values.sorted()
        let k = 1 + Double(x.count - 1) * p / 100
        let s = Int(k.rounded(.down))
        if s >= x.count { return x[x.count - 1] }
        return x[s - 1] + (x[s] - x[s - 1]) * (k - Double(s))
    }

    /// 超标倍数 (C − S) / S.
    public static func exceedanceMultiple(_ c: Double, limit s: Double) -> Double { (c - s) / s }

    /// One pollutant's 24 hour-ending values of a day, read in place from a year matrix (`stride` apart, `missing`
    /// where absent), so that the daily statistics allocate nothing.
    public struct DayHours {
        let base: UnsafePointer<Int32>
        let stride: Int
        public static let missing = Int32.min

        public init(base: UnsafePointer<Int32>, stride: Int) {
            self.base = base
            self.stride = stride
        }

        @inline(__always) func value(_ h: Int) -> Int64? {
            let v = base[h * stride]
            return v == Self.missing ? nil : Int64(v)
        }
    }

    /// Runs `body` on a `DayHours` view of an array of 24 optional values (the form the tests and callers without a
    /// matrix use).
    static func withHours<T>(_ hours: [Int64?], _ body: (DayHours) -> T) -> T {
        let packed = (0..<24).map { h in h < hours.count ? hours[h].map { Int32(clamping: $0) } ?? DayHours.missing : DayHours.missing }
        return packed.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return body(DayHours(base: [DayHours.missing], stride: 0)) }
            return body(DayHours(base: p, stride: 1))
        }
    }

    /// The daily maximum 8-hour mean of one day from its 24 hour-ending O3 values (`hours[0]` ends at 01:00,
    /// `hours[23]` at 24:00 = 00:00 of the next day; nil = missing). Windows end at 08:00…24:00 (17 windows, hours
    /// t−7…t of the same day); a window needs ≥ 6 values (GB 3095 Table 4) and its mean is rounded to an integer
    /// µg/m³ (GB/T 8170). The MDA8 is valid with ≥ 14 valid windows, or with fewer when it exceeds `limit`.
    public static func mda8(_ hours: [Int64?], limit: Int64) -> (value: Int64?, validWindows: Int) {
        withHours(hours) { mda8($0, limit: limit) }
    }

    public static func mda8(_ hours: DayHours, limit: Int64) -> (value: Int64?, validWindows: Int) {
        var best: Int64?
        var valid = 0
        for end in 7..<24 {
            var sum: Int64 = 0, n: Int64 = 0
            for h in (end - 7)...end { if let v = hours.value(h) { sum += v; n += 1 } }
            guard n >= Int64(GB3095.Validity.hoursPer8h) else { continue }
            valid += 1
            let mean = Milli.roundedQuotient(sum, n, step: 1000)
            best = max(best ?? mean, mean)
        }
        guard let b = best else { return (nil, valid) }
        if valid >= GB3095.Validity.windowsPerMDA8 || b > limit { return (b, valid) }
        return (nil, valid)
    }

    /// The mean of a day's hourly values, valid with ≥ 20 of them, rounded to the pollutant's reporting precision.
    public static func dailyMean(_ hours: [Int64?], _ p: AirPollutant) -> Int64? {
        withHours(hours) { dailyMean($0, p) }
    }

    public static func dailyMean(_ hours: DayHours, _ p: AirPollutant) -> Int64? {
        var sum: Int64 = 0, n: Int64 = 0
        for h in 0..<24 { if let v = hours.value(h) { sum += v; n += 1 } }
        guard n >= Int64(GB3095.Validity.hoursPerDay) else { return nil }
        return Milli.roundedQuotient(sum, n, step: Milli.reportStep(p))
    }

    /// The largest hourly value of a day with ≥ 20 values (the O3 daily maximum 1-hour value of the 2012 daily AQI).
    public static func dailyMax(_ hours: [Int64?]) -> Int64? {
        withHours(hours) { dailyMax($0) }
    }

    public static func dailyMax(_ hours: DayHours) -> Int64? {
        var best: Int64?, n = 0
        for h in 0..<24 { if let v = hours.value(h) { n += 1; best = max(best ?? v, v) } }
        return n >= GB3095.Validity.hoursPerDay ? best : nil
    }

    /// 环境空气质量综合指数: Σ Cᵢ/Sᵢ over SO2, NO2, PM10, PM2.5 annual means against their annual class-2 limits of
    /// GB 3095-2012 (60, 40, 70, 35 µg/m³), CO P95 against 4 mg/m³ and O3 P90 of MDA8 against 160 µg/m³, every term with
    /// weight 1, as in 《城市环境空气质量排名技术规定》 (环办监测〔2018〕19号). The same denominators are used for 2026 data
    /// so that the series stays comparable; a weighting for the 2026 rules (PM2.5 ×3, NO2 ×2, O3 ×2) is reported in
    /// code but not confirmed from a 2026 text, so it is not applied.
    public static func compositeIndex(so2: Double, no2: Double, pm10: Double, pm25: Double, coP95: Double, o3P90: Double) -> Double {
        so2 / 60 + no2 / 40 + pm10 / 70 + pm25 / 35 + coP95 / 4 + o3P90 / 160
    }
}
