public import EcoKit
import EcoStandards
import Foundation

/// The statistics of part of a year — a month, or January to a month — for the monthly rankings of cities and
/// counties (governance.md §4.1). HJ 663 evaluates any period the same way as a year: the means of the daily values
/// over the period, the CO P95 and O3 MDA8 P90 of the period's days, and 综合指数 Σ Cᵢ/Sᵢ of those against the annual
/// class-2 limits (环办监测〔2018〕19号); so this is `AirEvaluation.annual` over the period's days.
public enum AirPeriod {
    /// The statistics of `days` in `month` (or January to `month` when `yearToDate`) and whether the period is valid:
    /// every pollutant has at least the GB 3095-2012 Table 4 daily values in each of its months (27, 25 in February).
    public static func statistics(_ days: [RegionDay], year: Int, month: Int, yearToDate: Bool) -> (statistics: AnnualAirStatistics, valid: Bool) {
        let months = yearToDate ? 1...month : month...month
        let inPeriod = days.filter { let c = $0.day.components; return c.year == year && months.contains(c.month) }
        let s = AirEvaluation.annual(inPeriod, year: year, stationHours: 0)
        let keys: [KeyPath<DailyConcentrations, Int64?>] = [\.so2, \.no2, \.pm10, \.co, \.pm25, \.o3MDA8]
        let valid = months.allSatisfy { m in
            let ofMonth = inPeriod.filter { $0.day.components.month == m }
            return keys.allSatisfy { k in ofMonth.filter { $0.values[keyPath: k] != nil }.count >= GB3095.Validity.daysPerMonth(m) }
        }
        return (s, valid)
    }
}
