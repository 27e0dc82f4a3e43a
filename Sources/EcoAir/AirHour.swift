public import EcoKit
import Foundation

/// The six concentrations of one station-hour in thousandths (µg/m³ × 1000, CO mg/m³ × 1000), in
/// `AirPollutant.allCases` order — SO2, NO2, PM10, CO, O3, PM2.5 —, nil where missing.
public typealias AirValues = (Int64?, Int64?, Int64?, Int64?, Int64?, Int64?)

/// One station-hour: the one shape the air pipeline passes from the file reader to the store and to the year
/// matrix (`AirYearData`).
///
/// `hourEnd` counts hours since 1970-01-01 00:00 local time (Asia/Shanghai, no daylight saving since 1991) and
/// labels the **end** of the hour: hour 24 of a day is 00:00 of the next (HJ 663 / GB 3095 hour-ending values).
public struct AirHour: Sendable {
    /// The station's code.
    public var station: String
    /// The hour's end, in hours since 1970-01-01 00:00 local time.
    public var hourEnd: Int
    /// The concentrations, in thousandths.
    public var values: AirValues
    /// The monitoring system's data flag as written (nil when empty).
    public var flag: String?

    /// Creates a station-hour.
    public init(station: String, hourEnd: Int, values: AirValues, flag: String?) {
        self.station = station
        self.hourEnd = hourEnd
        self.values = values
        self.flag = flag
    }

    /// Creates a station-hour from its day and its hour 1…24.
    public init(station: String, day: CivilDay, hour: Int, values: AirValues, flag: String?) {
        self.init(station: station, hourEnd: day.index * 24 + hour, values: values, flag: flag)
    }

    /// The day the hour belongs to (hour 24 belongs to the day before the midnight that ends it).
    public var day: CivilDay { Self.day(ofHourEnd: hourEnd) }
    /// The day an hour-end belongs to: hour 24 belongs to the day before the midnight that ends it.
    public static func day(ofHourEnd hourEnd: Int) -> CivilDay {
        CivilDay(index: (hourEnd - 1) >= 0 ? (hourEnd - 1) / 24 : -((24 - hourEnd) / 24))
    }
    /// The hour of the day, 1…24.
    public var hour: Int { hourEnd - day.index * 24 }
    /// False when a flag invalidates the hour (see `isValid(flag:)`).
    public var isValid: Bool { Self.isValid(flag: flag) }

    /// The one flag rule: an hour is valid when its flag is empty or `N` (normal). Any other flag is the monitoring
    /// system's mark of an hour with fewer than 45 minutes of sampling (GB 3095-2012 Table 4 note), calibration or a
    /// fault; such an hour is stored and left out of every statistic.
    public static func isValid(flag: String?) -> Bool { flag == nil || flag == "N" }

    /// Hour-ending local time: `YYYY-MM-DD HH:00` with HH 1…23 is that day's hour HH; HH = 00 is hour 24 of the
    /// previous day (the "24时" value). Nil for minutes other than 00 or an hour outside 0…23.
    public static func dayAndHour(date: CivilDay, hh: Int, mm: Int) -> (CivilDay, Int)? {
        guard mm == 0, (0...23).contains(hh) else { return nil }
        return hh == 0 ? (date.adding(-1), 24) : (date, hh)
    }

    /// Plausibility ceilings (not in any standard) per pollutant in `AirValues` order, in thousandths: SO2 and PM10
    /// 10,000 µg/m³, NO2, O3 and PM2.5 5,000 µg/m³, CO 500 mg/m³. A value above them is refused as absurd.
    public static let ceilings: [Int64] = [10_000, 5_000, 10_000, 500, 5_000, 5_000].map { $0 * Milli.scale }

    /// Why concentration `x` (thousandths) of pollutant `k` (`AirValues` order) cannot be stored: negative or above
    /// its ceiling; nil when plausible. The one rule for the file reader and the demo loader.
    public static func implausibility(_ x: Int64, pollutant k: Int) -> String? {
        if x < 0 { return "negative concentration \(Milli.text(x))" }
        if k >= 0, k < ceilings.count, x > ceilings[k] { return "absurd concentration \(Milli.text(x)) (above \(Milli.text(ceilings[k])))" }
        return nil
    }

    /// The first implausible value of the hour, if any.
    public var implausibility: String? {
        let v = values
        for (k, x) in [v.0, v.1, v.2, v.3, v.4, v.5].enumerated() {
            if let x, let why = Self.implausibility(x, pollutant: k) { return why }
        }
        return nil
    }
}
