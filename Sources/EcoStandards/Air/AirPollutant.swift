public import EcoKit
import Foundation

/// The six pollutants of the AQI. Concentrations are in µg/m³, CO in mg/m³.
public enum AirPollutant: String, Sendable, CaseIterable, Codable, CodingKeyRepresentable, Hashable {
    case so2 = "SO2"
    case no2 = "NO2"
    case pm10 = "PM10"
    case co = "CO"
    case o3 = "O3"
    case pm25 = "PM2_5"

    /// The name used in reports (`PM2.5`, `O3`…).
    public var display: String { self == .pm25 ? "PM2.5" : rawValue }

    public var unit: String { self == .co ? "mg/m³" : "μg/m³" }

    /// Decimals a concentration is reported with: integers for µg/m³, one decimal for CO (HJ 633-2026 §4.2.2; the
    /// national publishing practice before it).
    public var reportDecimals: Int { self == .co ? 1 : 0 }
}

/// The rule set: HJ 633-2012 / GB 3095-2012 / HJ 663-2013 for data before 2026-03-01, HJ 633-2026 / GB 3095-2026 /
/// HJ 663-2026 from that day (the date is that of the data, not of the computation).
public enum AirStandard: String, Sendable, Codable, CaseIterable {
    case v2012 = "2012"
    case v2026 = "2026"

    /// The first day of the 2026 rules.
    public static let switchDay = CivilDay(year: 2026, month: 3, day: 1)

    public static func inForce(on day: CivilDay) -> AirStandard { day < switchDay ? .v2012 : .v2026 }

    /// The evaluation standard's name as written in sources of computed values.
    public var evaluationName: String { self == .v2012 ? "HJ 663-2013" : "HJ 663-2026" }
    public var aqiName: String { self == .v2012 ? "HJ 633-2012" : "HJ 633-2026" }
}

extension Milli {
    /// The step in thousandths of a pollutant's reporting precision (1 µg/m³ = 1000; CO 0.1 mg/m³ = 100).
    public static func reportStep(_ p: AirPollutant) -> Int64 { p.reportDecimals == 1 ? 100 : 1000 }

    /// `value` rounded half to even to the pollutant's reporting precision.
    public static func report(_ value: Int64, _ p: AirPollutant) -> Int64 { roundedQuotient(value, 1, step: reportStep(p)) }
}
