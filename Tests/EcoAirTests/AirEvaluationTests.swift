import EcoAir
import EcoKit
import EcoStandards
import XCTest

/// The annual HJ 663 evaluation of a region's days (attainment, exceedance, completeness).
final class AirEvaluationTests: XCTestCase {
    func testAttainmentAndExceedanceOfAYear() {
        // A flat year at PM2.5 52.5 (2012 annual limit 35 → (52.5 − 35)/35 = 0.5; daily P95 52.5 ≤ 75), everything else low.
        let days = (0..<365).map { d -> RegionDay in
            let v = DailyConcentrations(so2: 10_000, no2: 20_000, pm10: 60_000, co: 1_000, pm25: 52_500, o3Max1h: 90_000, o3MDA8: 80_000)
            return RegionDay(day: CivilDay(year: 2023, month: 1, day: 1).adding(d), values: v, aqi: HJ633.daily(v, standard: .v2012),
                             complete: true, stations: 1)
        }
        let s = AirEvaluation.annual(days, year: 2023, stationHours: 0)
        XCTAssertEqual(s.pm25Annual, 52, "52.5 rounds half to even to 52")
        XCTAssertEqual(s.attainedBy[.pm25], false)
        XCTAssertEqual(s.attainedBy[.so2], true)
        XCTAssertEqual(s.attained, false)
        // (52 − 35)/35 = 0.486 → 0.49.
        XCTAssertEqual(s.exceedance["PM2.5 annual"], 0.49)
        XCTAssertEqual(s.complete[.pm25], true, "365 days, every month ≥ 27")
        XCTAssertEqual(s.limitsPhase, .v2012)
    }
}
