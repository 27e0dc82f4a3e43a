import EcoKit
import EcoStandards
import XCTest

/// HJ 633 / GB 3095 / HJ 663, worked by hand from the tables (reference notes standards.md §1–4).
final class IAQITests: XCTestCase {
    private func i(_ column: IAQIColumn, _ c: String, _ s: AirStandard = .v2012) -> Int? {
        HJ633.subIndex(column, Milli.parse(c) ?? -1, s)?.value
    }

    /// Every breakpoint of every column in both versions gives its row's IAQI; just above it the next segment
    /// starts (⌈Δ·0.001/ΔBP⌉ = 1 above the lower IAQI); the midpoint gives the midpoint IAQI exactly.
    func testEveryBreakpointEdgeAndMidpointInBothVersions() {
        let steps = [0, 50, 100, 150, 200, 300, 400, 500]
        for s in AirStandard.allCases {
            for col in IAQIColumn.allCases {
                let bp = HJ633.breakpoints(col, s)
                for k in 1..<bp.count {
                    let lo = bp[k - 1] * 1000, hi = bp[k] * 1000
                    XCTAssertEqual(HJ633.subIndex(col, hi, s)?.value, steps[k], "\(col) \(s) at \(bp[k])")
                    XCTAssertEqual(HJ633.subIndex(col, lo + 1, s)?.value, steps[k - 1] + 1, "\(col) \(s) just above \(bp[k - 1])")
                    XCTAssertEqual(HJ633.subIndex(col, (lo + hi) / 2, s)?.value, (steps[k - 1] + steps[k]) / 2, "\(col) \(s) mid")
                }
            }
        }
    }

    func testWorkedValuesFromTheTables() {
        // PM2.5 2012: 36 → 50 + ⌈50·1/40⌉ = 52; 76 → 100 + ⌈50·1/40⌉ = 102.
        XCTAssertEqual(i(.pm25_24h, "36"), 52)
        XCTAssertEqual(i(.pm25_24h, "76"), 102)
        // PM2.5 2026 (35, 60, 115…): 61 → 100 + ⌈50·1/55⌉ = 101; 75 → 100 + ⌈50·15/55⌉ = 100 + ⌈13.64⌉ = 114.
        XCTAssertEqual(i(.pm25_24h, "61", .v2026), 101)
        XCTAssertEqual(i(.pm25_24h, "75", .v2026), 114)
        // PM10: 2012 150 → 100; 2026 120 → 100 and 150 → 100 + ⌈50·30/130⌉ = 100 + ⌈11.54⌉ = 112.
        XCTAssertEqual(i(.pm10_24h, "150"), 100)
        XCTAssertEqual(i(.pm10_24h, "120", .v2026), 100)
        XCTAssertEqual(i(.pm10_24h, "150", .v2026), 112)
        // SO2 24 h 100 → 50 + ⌈50·50/100⌉ = 75 (aqi-hub's bug gives 34 with the 1 h table).
        XCTAssertEqual(i(.so2_24h, "100"), 75)
        // NO2 1 h 300 → 100 + ⌈50·100/500⌉ = 110; O3 1 h 150 → ⌈50·150/160⌉ = ⌈46.875⌉ = 47.
        XCTAssertEqual(i(.no2_1h, "300"), 110)
        XCTAssertEqual(i(.o3_1h, "150"), 47)
    }

    func testExactArithmeticWhereBinaryFloatingPointRoundsUpOneTooMany() {
        // CO 24 h 2.2: 50 + 50·0.2/2 = exactly 55 (a double gives 55.000000000000007 → 56).
        XCTAssertEqual(i(.co_24h, "2.2"), 55)
        // PM2.5 4.9: 50·4.9/35 = exactly 7 (a double gives 8).
        XCTAssertEqual(i(.pm25_24h, "4.9"), 7)
        // CO 1 h 5.5: 50 + 50·0.5/5 = exactly 55.
        XCTAssertEqual(i(.co_1h, "5.5"), 55)
    }

    func testSpecialCasesAboveTheTables() {
        // SO2 1 h and O3 8 h stop at 800: no sub-index from the table itself.
        XCTAssertNil(i(.so2_1h, "801"))
        XCTAssertNil(i(.o3_8h, "801"))
        XCTAssertEqual(i(.o3_8h, "800"), 300)
        // Above the top of another column: capped at 500 and flagged.
        XCTAssertEqual(HJ633.subIndex(.pm25_24h, 501_000, .v2012), HJ633.SubIndex(value: 500, aboveTable: true))
        XCTAssertNil(HJ633.subIndex(.pm25_24h, -1, .v2012))
        // Real-time SO2 1 h 900: 2012 uses the 24 h mean (300 → 100 + ⌈50·150/325⌉ = 124); 2026 sets 200.
        let r12 = HJ633.hourly(HourlyConcentrations(so2: 900_000, so2_24h: 300_000), standard: .v2012)
        XCTAssertEqual(r12.iaqi["SO2"], 124)
        let r26 = HJ633.hourly(HourlyConcentrations(so2: 900_000), standard: .v2026)
        XCTAssertEqual(r26.iaqi["SO2"], 200)
        // Daily O3 MDA8 900: 2012 drops the 8 h sub-index (the 1 h one stands: 1 h 700 → 200 + ⌈100·300/400⌉ = 275);
        // 2026 gives 300.
        let d12 = HJ633.daily(DailyConcentrations(o3Max1h: 700_000, o3MDA8: 900_000), standard: .v2012)
        XCTAssertNil(d12.iaqi["O3_8h"])
        XCTAssertEqual(d12.iaqi["O3_1h"], 275)
        XCTAssertEqual(HJ633.daily(DailyConcentrations(o3MDA8: 900_000), standard: .v2026).iaqi["O3"], 300)
        XCTAssertEqual(d12.missingFallback, [], "the O3 1 h value was there")
        XCTAssertEqual(r12.missingFallback, [])
    }

    /// Above 800 without the value the 2012 rule falls back to, the pollutant is reported missing with a sentence
    /// naming the absent value — not dropped silently.
    func testMissingFallbackValuesAreNamed() {
        let so2 = HJ633.hourly(HourlyConcentrations(so2: 900_000, no2: 40_000), standard: .v2012)
        XCTAssertNil(so2.iaqi["SO2"])
        XCTAssertEqual(so2.missing.contains(.so2), true)
        XCTAssertEqual(so2.missingFallback, ["SO2 1 h 900 is above 800: HJ 633-2012 takes the SO2 sub-index from the 24 h mean, which is missing"])
        // NO2 40 → ⌈50·40/100⌉ = 20 is all that is left.
        XCTAssertEqual(so2.aqi, 20)
        let o3 = HJ633.daily(DailyConcentrations(pm25: 30_000, o3MDA8: 850_000), standard: .v2012)
        XCTAssertEqual(o3.missing.filter { $0 == .o3 }.count, 1, "O3 listed once")
        XCTAssertEqual(o3.missingFallback, ["O3 8 h 850 is above 800: HJ 633-2012 then uses the O3 1 h value, which is missing"])
        // 2026 has fixed values instead (SO2 1 h → 200, O3 8 h → 300): nothing is missing.
        XCTAssertEqual(HJ633.hourly(HourlyConcentrations(so2: 900_000), standard: .v2026).missingFallback, [])
    }

    func testLevels() {
        XCTAssertEqual([0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500].map { HJ633.level($0).number },
                       [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])
        XCTAssertEqual(HJ633.level(250).category, "重度污染")
        XCTAssertEqual(HJ633.level(250).colour, "#99004C")
    }
}

final class AQITests: XCTestCase {
    // SO2 10, NO2 40, PM10 120, CO 1.0, PM2.5 80, O3 max 1 h 150, MDA8 120.
    let day = DailyConcentrations(so2: 10_000, no2: 40_000, pm10: 120_000, co: 1_000, pm25: 80_000, o3Max1h: 150_000, o3MDA8: 120_000)

    func testDailyAQIUnderBothVersions() {
        // 2012: SO2 ⌈50·10/50⌉ = 10; NO2 50; PM10 50 + ⌈50·70/100⌉ = 85; CO ⌈50·1/2⌉ = 25; PM2.5 100 + ⌈50·5/40⌉ = 107;
        // O3 1 h ⌈46.875⌉ = 47; O3 8 h 50 + ⌈50·20/60⌉ = 67 → AQI 107, 轻度污染, primary and over-standard PM2.5.
        let a = HJ633.daily(day, standard: .v2012)
        XCTAssertEqual(a.iaqi, ["SO2": 10, "NO2": 50, "PM10": 85, "CO": 25, "PM2.5": 107, "O3_1h": 47, "O3_8h": 67])
        XCTAssertEqual(a.aqi, 107)
        XCTAssertEqual(a.level?.category, "轻度污染")
        XCTAssertEqual(a.primary, [.pm25])
        XCTAssertEqual(a.overStandard, [.pm25])
        // 2026: PM10 120 → 100; PM2.5 100 + ⌈50·20/55⌉ = 119; O3 (MDA8) 67; no O3 1 h; no over-standard list.
        let b = HJ633.daily(day, standard: .v2026)
        XCTAssertEqual(b.iaqi, ["SO2": 10, "NO2": 50, "PM10": 100, "CO": 25, "PM2.5": 119, "O3": 67])
        XCTAssertEqual(b.aqi, 119)
        XCTAssertEqual(b.overStandard, [])
    }

    func testPrimaryPollutantsTieAndNoneAtFiftyOrBelow() {
        // 2012: SO2 150 → 100 and PM10 150 → 100, the rest lower → both primary.
        let tie = HJ633.daily(DailyConcentrations(so2: 150_000, no2: 10_000, pm10: 150_000, co: 500, pm25: 20_000, o3Max1h: 50_000, o3MDA8: 50_000),
                              standard: .v2012)
        XCTAssertEqual(tie.aqi, 100)
        XCTAssertEqual(tie.primary, [.so2, .pm10])
        let clean = HJ633.daily(DailyConcentrations(so2: 5_000, no2: 10_000, pm10: 20_000, co: 300, pm25: 10_000, o3Max1h: 50_000, o3MDA8: 40_000),
                                standard: .v2012)
        XCTAssertLessThanOrEqual(clean.aqi ?? 99, 50)
        XCTAssertEqual(clean.primary, [])
    }

    func testTheTwentyTwentySixRulesRoundConcentrationsFirst() {
        // PM2.5 35.5: 2012 → 50 + ⌈50·0.5/40⌉ = 51; 2026 rounds half to even to 36 → 50 + ⌈50·1/25⌉ = 52;
        // 34.5 rounds to 34 → ⌈50·34/35⌉ = ⌈48.57⌉ = 49.
        XCTAssertEqual(HJ633.daily(DailyConcentrations(pm25: 35_500), standard: .v2012).iaqi["PM2.5"], 51)
        XCTAssertEqual(HJ633.daily(DailyConcentrations(pm25: 35_500), standard: .v2026).iaqi["PM2.5"], 52)
        XCTAssertEqual(HJ633.daily(DailyConcentrations(pm25: 34_500), standard: .v2026).iaqi["PM2.5"], 49)
    }

    func testMissingPollutantsTwentyTwentySix() {
        // Only PM2.5 80 (IAQI 119 > 100): published. Only PM2.5 40 (IAQI 60 ≤ 100): AQI not published.
        let high = HJ633.daily(DailyConcentrations(pm25: 80_000), standard: .v2026)
        XCTAssertEqual(high.aqi, 119)
        XCTAssertEqual(Set(high.missing), [.so2, .no2, .pm10, .co, .o3])
        let low = HJ633.daily(DailyConcentrations(pm25: 40_000), standard: .v2026)
        XCTAssertNil(low.aqi)
        XCTAssertEqual(low.iaqi["PM2.5"], 60)
        // 2012 computes over what is there.
        XCTAssertEqual(HJ633.daily(DailyConcentrations(pm25: 40_000), standard: .v2012).aqi, 57)
    }

    func testTheStandardSwitchesOnTheFirstOfMarch2026() {
        XCTAssertEqual(AirStandard.inForce(on: CivilDay(year: 2026, month: 2, day: 28)), .v2012)
        XCTAssertEqual(AirStandard.inForce(on: CivilDay(year: 2026, month: 3, day: 1)), .v2026)
        XCTAssertEqual(GB3095.phase(year: 2025), .v2012)
        XCTAssertEqual(GB3095.phase(year: 2030), .transition)
        XCTAssertEqual(GB3095.phase(year: 2031), .final)
        XCTAssertEqual(GB3095.limits(.transition).annual[.pm25], 30)
        XCTAssertEqual(GB3095.limits(.final).daily[.pm10], 100)
    }
}

final class HJ663Tests: XCTestCase {
    func testPercentileFormula() throws {
        // {3,4,8,2,5,4}, p = 90: sorted {2,3,4,4,5,8}, k = 1 + 5·0.9 = 5.5, s = 5, m = 5 + (8 − 5)·0.5 = 6.5.
        XCTAssertEqual(try XCTUnwrap(HJ663.percentile([3, 4, 8, 2, 5, 4], 90)), 6.5, accuracy: 1e-12)
        // n = 365, p = 98 on 1…365: k = 1 + 364·0.98 = 357.72 → 357 + 0.72 = 357.72.
        XCTAssertEqual(try XCTUnwrap(HJ663.percentile((1...365).map(Double.init), 98)), 357.72, accuracy: 1e-9)
        XCTAssertEqual(HJ663.percentile([7], 95), 7)
        XCTAssertNil(HJ663.percentile([], 95))
    }

    func testMDA8WindowsIncludingTheOneEndingAtMidnight() {
        // Hours ending 01…24 (index 23 is the "24时" record, stamped 00:00 of the next day). All 100 except the
        // last eight hours (17…24) at 180: the window ending 24:00 = 180; the one ending 23:00 = (100 + 7·180)/8 = 170.
        var hours: [Int64?] = Array(repeating: 100_000, count: 24)
        for h in 16..<24 { hours[h] = 180_000 }
        let r = HJ663.mda8(hours, limit: 160_000)
        XCTAssertEqual(r.value, 180_000)
        XCTAssertEqual(r.validWindows, 17)
        // Remove the midnight hour: the last window keeps 7 of 8 (≥ 6) → (7·180)/7 = 180 still.
        hours[23] = nil
        XCTAssertEqual(HJ663.mda8(hours, limit: 160_000).value, 180_000)
    }

    func testMDA8ValidityFourteenWindowsOrAboveTheLimit() {
        // Only hours 1…12 present: windows ending 8…12 have ≥ 6 values, 13 ends with 7 (6…12), 14 with 6 → 7 windows.
        var hours: [Int64?] = Array(repeating: nil, count: 24)
        for h in 0..<12 { hours[h] = 100_000 }
        let low = HJ663.mda8(hours, limit: 160_000)
        XCTAssertEqual(low.validWindows, 7)
        XCTAssertNil(low.value, "7 windows < 14 and 100 ≤ 160: invalid")
        for h in 0..<12 { hours[h] = 200_000 }
        XCTAssertEqual(HJ663.mda8(hours, limit: 160_000).value, 200_000, "above the limit it counts anyway")
    }

    func testDailyMeanNeedsTwentyHours() {
        let nineteen: [Int64?] = Array(repeating: 10_000, count: 19) + Array(repeating: nil, count: 5)
        XCTAssertNil(HJ663.dailyMean(nineteen, .pm25))
        // 20 values: 19 × 10 + 1 × 11 = 201 → 10.05 → 10 (GB/T 8170); CO 1.25 mg/m³ ×20 → 1.2 (half to even).
        let twenty: [Int64?] = Array(repeating: 10_000, count: 19) + [11_000] + Array(repeating: nil, count: 4)
        XCTAssertEqual(HJ663.dailyMean(twenty, .pm25), 10_000)
        XCTAssertEqual(HJ663.dailyMean(Array(repeating: 1_250, count: 20), .co), 1_200)
        XCTAssertEqual(GB3095.Validity.daysPerMonth(2), 25)
        XCTAssertEqual(GB3095.Validity.daysPerMonth(3), 27)
    }

    func testCompositeIndexAndExceedance() {
        // 2024-like: SO2 10/60 + NO2 30/40 + PM10 70/70 + PM2.5 36/35 + CO 1.4/4 + O3 170/160
        // = 0.1667 + 0.75 + 1 + 1.0286 + 0.35 + 1.0625 = 4.3577.
        XCTAssertEqual(HJ663.compositeIndex(so2: 10, no2: 30, pm10: 70, pm25: 36, coP95: 1.4, o3P90: 170), 4.35774, accuracy: 1e-5)
        XCTAssertEqual(HJ663.exceedanceMultiple(52.5, limit: 35), 0.5, accuracy: 1e-12)
    }

}
