import EcoKit
import Foundation

/// One column of the IAQI table: a pollutant and its averaging period.
public enum IAQIColumn: String, Sendable, CaseIterable, Codable {
    case so2_24h, so2_1h, no2_24h, no2_1h, pm10_24h, co_24h, co_1h, o3_1h, o3_8h, pm25_24h

    /// The pollutant the column measures.
    public var pollutant: AirPollutant {
        switch self {
        case .so2_24h, .so2_1h: return .so2
        case .no2_24h, .no2_1h: return .no2
        case .pm10_24h: return .pm10
        case .co_24h, .co_1h: return .co
        case .o3_1h, .o3_8h: return .o3
        case .pm25_24h: return .pm25
        }
    }
}

/// HJ 633 (2012 Table 1; 2026 Table 3): IAQI breakpoints, the interpolation of formula (1), AQI = max IAQI
/// (formula (2)), levels, primary and over-standard pollutants, the daily and real-time indicator sets and their
/// special cases. All arithmetic is exact on thousandths (see `Milli`).
public enum HJ633 {
    /// The IAQI values of the breakpoint rows.
    static let iaqiSteps: [Int64] = [0, 50, 100, 150, 200, 300, 400, 500]

    /// Concentrations at the IAQI steps, in the pollutant's unit. A shorter row stops where the table has no value
    /// (SO2 1 h above 800, O3 8 h above 800).
    public static func breakpoints(_ column: IAQIColumn, _ standard: AirStandard) -> [Int64] {
        switch (column, standard) {
        case (.so2_24h, _): return [0, 50, 150, 475, 800, 1600, 2100, 2620]
        case (.so2_1h, _): return [0, 150, 500, 650, 800]
        case (.no2_24h, _): return [0, 40, 80, 180, 280, 565, 750, 940]
        case (.no2_1h, _): return [0, 100, 200, 700, 1200, 2340, 3090, 3840]
        case (.pm10_24h, .v2012): return [0, 50, 150, 250, 350, 420, 500, 600]
        case (.pm10_24h, .v2026): return [0, 50, 120, 250, 350, 420, 500, 600]
        case (.co_24h, _): return [0, 2, 4, 14, 24, 36, 48, 60]
        case (.co_1h, _): return [0, 5, 10, 35, 60, 90, 120, 150]
        case (.o3_1h, _): return [0, 160, 200, 300, 400, 800, 1000, 1200]
        case (.o3_8h, _): return [0, 100, 160, 215, 265, 800]
        case (.pm25_24h, .v2012): return [0, 35, 75, 115, 150, 250, 350, 500]
        case (.pm25_24h, .v2026): return [0, 35, 60, 115, 150, 250, 350, 500]
        }
    }

    /// A sub-index: its value and whether the concentration lay above the table's top (then capped at 500 and
    /// flagged "超出范围", the reading of HJ 633 that the reference notes recommend).
    public struct SubIndex: Sendable, Hashable {
        /// The IAQI, rounded up to a whole number (HJ 633 §6.2).
        public var value: Int
        /// True when the concentration lies above the table (IAQI given as 500 by the standard's rule).
        public var aboveTable: Bool

        /// Creates a sub-index.
        public init(value: Int, aboveTable: Bool) {
            self.value = value
            self.aboveTable = aboveTable
        }
    }

    /// Formula (1): IAQI = (IAQI_Hi − IAQI_Lo)/(BP_Hi − BP_Lo) × (C − BP_Lo) + IAQI_Lo, with BP_Lo < C ≤ BP_Hi
    /// (segments share end points, so a concentration on a breakpoint gives that row's IAQI), rounded up to an
    /// integer (§6.2 进位取整). Computed as IAQI_Lo + ⌈(IAQI_Hi − IAQI_Lo)(C − BP_Lo) / (BP_Hi − BP_Lo)⌉ in integers.
    /// Nil for a negative concentration, and above the end of the SO2 1 h and O3 8 h columns (800), where the
    /// caller applies the version's special rule.
    public static func subIndex(_ column: IAQIColumn, _ c: Int64, _ standard: AirStandard) -> SubIndex? {
        guard c >= 0 else { return nil }
        let bp = breakpoints(column, standard).map { $0 * Milli.scale }
        if c == 0 { return SubIndex(value: 0, aboveTable: false) }
        for i in 1..<bp.count where c <= bp[i] {
            let num = (iaqiSteps[i] - iaqiSteps[i - 1]) * (c - bp[i - 1])
            let den = bp[i] - bp[i - 1]
            return SubIndex(value: Int(iaqiSteps[i - 1] + (num + den - 1) / den), aboveTable: false)
        }
        if column == .so2_1h || column == .o3_8h { return nil }
        return SubIndex(value: 500, aboveTable: true)
    }

    /// AQI levels (Table 2): 0–50 一级 优 … >300 六级 严重污染, with Annex A colours.
    public struct Level: Sendable, Hashable {
        /// 1…6.
        public var number: Int
        /// 优, 良, 轻度污染, 中度污染, 重度污染, 严重污染.
        public var category: String
        /// The category in English.
        public var categoryEn: String
        /// The level's colour (HJ 633 Table 2), as a CSS hex colour.
        public var colour: String
    }

    /// The level of an AQI (HJ 633 Table 2): 0–50 level 1 … above 300 level 6.
    public static func level(_ aqi: Int) -> Level {
        switch aqi {
        case ...50: return Level(number: 1, category: "优", categoryEn: "excellent", colour: "#00E400")
        case ...100: return Level(number: 2, category: "良", categoryEn: "good", colour: "#FFFF00")
        case ...150: return Level(number: 3, category: "轻度污染", categoryEn: "lightly polluted", colour: "#FF7E00")
        case ...200: return Level(number: 4, category: "中度污染", categoryEn: "moderately polluted", colour: "#FF0000")
        case ...300: return Level(number: 5, category: "重度污染", categoryEn: "heavily polluted", colour: "#99004C")
        default: return Level(number: 6, category: "严重污染", categoryEn: "severely polluted", colour: "#7E0023")
        }
    }
}
