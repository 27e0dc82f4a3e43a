import Foundation

/// GB 3095 ambient air quality limits (2012 Table 1; 2026 Table 1 with its transition phase 2026-03-01…2030-12-31
/// and final limits from 2031-01-01) and the data-validity minimums of Table 4 (the same in both versions).
public enum GB3095 {
    /// 一类区 (nature reserves, scenic areas…) or 二类区 (everywhere else); city evaluation uses class 2.
    public enum AreaClass: Int, Sendable { case one = 1, two = 2 }

    public enum Phase: String, Sendable, Codable { case v2012 = "GB 3095-2012", transition = "GB 3095-2026 (transition)", final = "GB 3095-2026" }

    /// The limits in force in a year: 2012 before 2026; the 2026 transition limits 2026–2030 (the year-end rule set
    /// of 2026, whose first two months were still under the 2012 limits — the annual evaluation of 2026 uses the
    /// limits in force at year end); the final limits from 2031.
    public static func phase(year: Int) -> Phase {
        year < 2026 ? .v2012 : year <= 2030 ? .transition : .final
    }

    /// Limits in µg/m³ (CO mg/m³) for the annual evaluation: (annual mean limit or nil, daily limit) per pollutant; for
    /// O3 the daily-maximum-8-hour limit.
    public struct Limits: Sendable, Hashable {
        public var annual: [AirPollutant: Double]
        public var daily: [AirPollutant: Double]
    }

    public static func limits(_ phase: Phase, _ areaClass: AreaClass = .two) -> Limits {
        switch (phase, areaClass) {
        case (.v2012, .two):
            return Limits(annual: [.so2: 60, .no2: 40, .pm10: 70, .pm25: 35],
                          daily: [.so2: 150, .no2: 80, .pm10: 150, .pm25: 75, .co: 4, .o3: 160])
        case (.v2012, .one):
            return Limits(annual: [.so2: 20, .no2: 40, .pm10: 40, .pm25: 15],
                          daily: [.so2: 50, .no2: 80, .pm10: 50, .pm25: 35, .co: 4, .o3: 100])
        case (.transition, .two):
            return Limits(annual: [.so2: 60, .no2: 40, .pm10: 60, .pm25: 30],
                          daily: [.so2: 150, .no2: 80, .pm10: 120, .pm25: 60, .co: 4, .o3: 160])
        case (.transition, .one):
            return Limits(annual: [.so2: 20, .no2: 40, .pm10: 40, .pm25: 15],
                          daily: [.so2: 50, .no2: 80, .pm10: 50, .pm25: 35, .co: 4, .o3: 100])
        case (.final, .two):
            return Limits(annual: [.so2: 20, .no2: 30, .pm10: 50, .pm25: 25],
                          daily: [.so2: 50, .no2: 50, .pm10: 100, .pm25: 50, .co: 4, .o3: 160])
        case (.final, .one):
            return Limits(annual: [.so2: 20, .no2: 30, .pm10: 20, .pm25: 10],
                          daily: [.so2: 50, .no2: 50, .pm10: 50, .pm25: 25, .co: 4, .o3: 100])
        }
    }

    /// Table 4 minimums.
    public enum Validity {
        /// A daily mean needs at least 20 hourly values.
        public static let hoursPerDay = 20
        /// An 8-hour moving mean needs at least 6 of its 8 hours.
        public static let hoursPer8h = 6
        /// A month needs 27 daily values (25 in February).
        public static func daysPerMonth(_ month: Int) -> Int { month == 2 ? 25 : 27 }
        /// A year needs 324 daily values.
        public static let daysPerYear = 324
        /// HJ 663 §6.1.2: an MDA8 needs 14 valid 8-hour means, or counts anyway above the limit.
        public static let windowsPerMDA8 = 14
    }
}
