import EcoCore
import EcoDelivery
import EcoIngest
import EcoKit
import XCTest

/// The monthly ranking's tie and no-data rules, the 量化问责 triggers at their boundaries, and a month of rewards and
/// penalties worked by hand.
final class AirAccountabilityTests: XCTestCase {
    let rules = try! BuiltinData.deliveryRules()

    func code(_ i: Int) -> RegionCode { RegionCode(String(format: "14%04d", 100 + i))! }

    func f(_ i: Int, _ index: Double?, pm25: Double?, valid: Bool = true, year: Int = 2025, month: Int = 1, good: Double? = nil) -> MonthlyAirFigures {
        MonthlyAirFigures(region: code(i), year: year, month: month, yearToDate: false, compositeIndex: index, pm25: pm25, pm10: nil, so2: nil, goodDayRatio: good, valid: valid)
    }

    func testTiesAndNoData() {
        // Indices 3.0, 3.5, 3.5, 4.0 and one county without valid data: ranks 1, 2, 2, 4 and 5 (last).
        let now = [f(1, 3.5, pm25: 30), f(2, 3.0, pm25: 25), f(3, 3.5, pm25: 31), f(4, 4.0, pm25: 40), f(5, 2.0, pm25: 10, valid: false)]
        let r = AirRanking.rank(level: "county", year: 2025, month: 1, yearToDate: false, current: now, previous: [], listSize: 2)
        XCTAssertEqual(r.entries.map(\.rank), [1, 2, 2, 4, 5])
        XCTAssertEqual(r.entries.map(\.region), [code(2), code(1), code(3), code(4), code(5)])
        XCTAssertFalse(r.entries[4].valid)
        // Average of the valid ones: (3.0 + 3.5 + 3.5 + 4.0) / 4 = 3.50.
        XCTAssertEqual(r.average, 3.5)
        XCTAssertEqual(r.best, [code(2), code(1), code(3)], "a tie at the boundary is inside the best 2")
        XCTAssertEqual(r.worst, [code(5), code(4)], "no valid data ranks worst")
        // Bottom 3: two strictly worse than the tied pair → both inside.
        XCTAssertTrue(AirRanking.inBottom(r.entries[1], 3, r.entries)); XCTAssertTrue(AirRanking.inBottom(r.entries[2], 3, r.entries))
        XCTAssertFalse(AirRanking.inBottom(r.entries[0], 3, r.entries))
    }

    /// 44 counties for a month: county `i` has index 2 + i/100, so the last ten are 35…44. The county under test gets
    /// `index` and PM2.5 `now` against `then` a year earlier.
    func month(_ m: Int, testIndex: Double, now: Double, then: Double) -> AirRanking {
        var current = (1...43).map { f($0, 2 + Double($0) / 100, pm25: 30, month: m) }
        var previous = (1...43).map { f($0, 2 + Double($0) / 100, pm25: 30, year: 2024, month: m) }
        current.append(f(44, testIndex, pm25: now, month: m))
        previous.append(f(44, 2.5, pm25: then, year: 2024, month: m))
        return AirRanking.rank(level: "county", year: 2025, month: m, yearToDate: false, current: current, previous: previous, listSize: 10)
    }

    func fired(_ rankings: [YearMonth: AirRanking], _ m: YearMonth, rule: String) -> Bool {
        Accountability.evaluate(month: m, counties: rankings, cityYearToDate: nil, water: [], rules: rules).contains { $0.rule == rule && $0.region == code(44) }
    }

    func testCountyMonthBoundary() {
        let jan = YearMonth(year: 2025, month: 1)
        // Worst (index 9): PM2.5 60 vs 50 is +20 % exactly → does not fire (the rule is "more than 20 %"); 61 vs 50 (+22 %) fires.
        XCTAssertFalse(fired([jan: month(1, testIndex: 9, now: 60, then: 50)], jan, rule: "county-month"))
        XCTAssertTrue(fired([jan: month(1, testIndex: 9, now: 61, then: 50)], jan, rule: "county-month"))
        // Rank: counties 34…43 have 2.34…2.43. Index 2.335 puts the county 34th of 44 with those ten strictly worse → not
        // in the bottom 10 → no firing; 2.345 puts it 35th with nine worse → inside → fires.
        XCTAssertEqual(month(1, testIndex: 2.335, now: 61, then: 50).entry(code(44))?.rank, 34)
        XCTAssertEqual(month(1, testIndex: 2.345, now: 61, then: 50).entry(code(44))?.rank, 35)
        XCTAssertFalse(fired([jan: month(1, testIndex: 2.335, now: 61, then: 50)], jan, rule: "county-month"))
        XCTAssertTrue(fired([jan: month(1, testIndex: 2.345, now: 61, then: 50)], jan, rule: "county-month"))
        // Without valid data a county ranks last but has no change to judge: no firing.
        var r = month(1, testIndex: 9, now: 61, then: 50)
        r = AirRanking.rank(level: "county", year: 2025, month: 1, yearToDate: false,
                            current: r.entries.map { e in var c = e.current; if e.region == code(44) { c.valid = false }; return c },
                            previous: r.entries.compactMap(\.previous), listSize: 10)
        XCTAssertEqual(r.entry(code(44))?.rank, 44)
        XCTAssertFalse(fired([jan: r], jan, rule: "county-month"))
    }

    func testCountyConsecutiveAndYear() {
        let m = (1...6).map { YearMonth(year: 2025, month: $0) }
        // Three months in the bottom 10 with +12 % each (56 vs 50) → (b) fires in March; with February at +10 % exactly (55 vs 50) it does not.
        var run: [YearMonth: AirRanking] = [m[0]: month(1, testIndex: 9, now: 56, then: 50), m[1]: month(2, testIndex: 9, now: 56, then: 50), m[2]: month(3, testIndex: 9, now: 56, then: 50)]
        XCTAssertTrue(fired(run, m[2], rule: "county-consecutive"))
        XCTAssertFalse(fired(run, m[2], rule: "county-month"), "+12 % is not above 20 %")
        run[m[1]] = month(2, testIndex: 9, now: 55, then: 50)
        XCTAssertFalse(fired(run, m[2], rule: "county-consecutive"))
        // (c): bottom 10 with PM2.5 up (any rise) in January, February, April and June → fires in June, the 4th such month;
        // not in April (3rd); March's flat PM2.5 (50 vs 50) does not count; May is outside the bottom 10.
        var year: [YearMonth: AirRanking] = [:]
        year[m[0]] = month(1, testIndex: 9, now: 51, then: 50)
        year[m[1]] = month(2, testIndex: 9, now: 51, then: 50)
        year[m[2]] = month(3, testIndex: 9, now: 50, then: 50)
        year[m[3]] = month(4, testIndex: 9, now: 51, then: 50)
        year[m[4]] = month(5, testIndex: 1, now: 60, then: 50)
        year[m[5]] = month(6, testIndex: 9, now: 51, then: 50)
        XCTAssertFalse(fired(year, m[3], rule: "county-year"))
        XCTAssertTrue(fired(year, m[5], rule: "county-year"))
        let firing = Accountability.evaluate(month: m[5], counties: year, cityYearToDate: nil, water: [], rules: rules).first { $0.rule == "county-year" }
        XCTAssertEqual(firing?.periods, ["2025-01", "2025-02", "2025-04", "2025-06"])
        // Once fired, a 5th month does not fire it again.
        year[YearMonth(year: 2025, month: 7)] = month(7, testIndex: 9, now: 51, then: 50)
        XCTAssertFalse(fired(year, YearMonth(year: 2025, month: 7), rule: "county-year"))
    }

    func testCityAndWater() {
        // 11 cities: the last three by index (3.0 + i/10 for i = 9, 10, 11) also improved least (index up from 3.0).
        let now = (1...11).map { i in f(i, 3 + Double(i) / 10, pm25: 40, month: 12, good: 70) }
        let before = (1...11).map { i in f(i, i > 8 ? 3.0 : 4.0, pm25: i == 10 ? 41 : 39, year: 2024, month: 12, good: 70) }
        let city = AirRanking.rank(level: "city", year: 2025, month: 12, yearToDate: true, current: now, previous: before, listSize: 3)
        let out = Accountability.evaluate(month: YearMonth(year: 2025, month: 12), counties: [:], cityYearToDate: city, water: [], rules: rules)
        // Cities 9 and 11 have PM2.5 40 vs 39 (worse) → fire; city 10 has 40 vs 41 (better) and the same good-day ratio → not.
        XCTAssertEqual(out.filter { $0.rule == "city-annual" }.map(\.region).sorted(), [code(9), code(11)])
        XCTAssertFalse(out.contains { $0.provisional }, "December: the whole year")
        let june = Accountability.evaluate(month: YearMonth(year: 2025, month: 6), counties: [:], cityYearToDate: city, water: [], rules: rules)
        XCTAssertTrue(june.filter { $0.rule == "city-annual" }.allSatisfy(\.provisional))
        // Water: missed in 2023 and 2024 → fires in 2025 (before December the last two complete years); 2024 alone → not.
        let w = [WaterTargetYear(region: code(1), year: 2023, indicator: "surface_water_good_share", value: 60, target: 70, met: false),
                 WaterTargetYear(region: code(1), year: 2024, indicator: "surface_water_good_share", value: 62, target: 72, met: false),
                 WaterTargetYear(region: code(2), year: 2023, indicator: "surface_water_good_share", value: 80, target: 70, met: true),
                 WaterTargetYear(region: code(2), year: 2024, indicator: "surface_water_good_share", value: 62, target: 72, met: false)]
        let water = Accountability.evaluate(month: YearMonth(year: 2025, month: 3), counties: [:], cityYearToDate: nil, water: w, rules: rules)
        XCTAssertEqual(water.map(\.region), [code(1)])
        XCTAssertEqual(water.first?.periods, ["2023", "2024"])
    }

    func testRewardPenaltyWorkedMonth() {
        func city(_ i: Int, _ idx: Double, _ pm25: Double, _ pm10: Double, _ so2: Double, year: Int) -> MonthlyAirFigures {
            MonthlyAirFigures(region: code(i), year: year, month: 10, yearToDate: false, compositeIndex: idx, pm25: pm25, pm10: pm10, so2: so2, goodDayRatio: nil, valid: true)
        }
        let now = [city(1, 4.40, 41, 70, 35, year: 2025), city(2, 3.60, 30, 60, 28, year: 2025)]
        let before = [city(1, 4.00, 34, 72, 30, year: 2024), city(2, 4.00, 30, 66, 20, year: 2024)]
        let out = RewardPenalty.month(YearMonth(year: 2025, month: 10), current: now, previous: before, rules: rules)
        // City 1:
        //   PM2.5 41 − 34 = 7 µg/m³: 10 × 5 + 20 × 2 = 90 万元 penalty (marginal reading).
        //   PM10 70 − 72 = −2: reward 0.43225 × 2 = 0.8645 → 0.86.
        //   SO2 35 − 30 = 5 and 35 > 30: 10 × 5 = 50 penalty.
        //   综合指数 (4.40 − 4.00) / 4.00 = +10.0 %: first step 1 × 10 = 10 penalty.
        //   Provincial average (4.40 + 3.60) / 2 = 4.00; 4.40 is 10.0 % above: 1 × 10 = 10 penalty.
        //   Penalties 90 + 50 + 10 + 10 = 160; rewards 0.86; net −159.14.
        XCTAssertEqual(out[0].penalties, 160); XCTAssertEqual(out[0].rewards, 0.86); XCTAssertEqual(out[0].net, -159.14)
        XCTAssertEqual(out[0].lines.first { $0.indicator == "pm25" }?.arithmetic, "10 × 5 + 20 × 2 = 90.00 万元 penalty")
        // City 2:
        //   PM2.5 unchanged: nothing. PM10 60 − 66 = −6: 0.43225 × 6 = 2.5935 → 2.59.
        //   SO2 28 − 20 = 8 but 28 ≤ 30: exempt (a zero line saying so).
        //   综合指数 (3.60 − 4.00) / 4.00 = −10.0 %: 0.3623 × 10 = 3.623 → 3.62 reward; below the average: no average line.
        //   Rewards 2.59 + 3.62 = 6.21.
        XCTAssertEqual(out[1].rewards, 6.21); XCTAssertEqual(out[1].penalties, 0); XCTAssertEqual(out[1].net, 6.21)
        XCTAssertEqual(out[1].lines.first { $0.indicator == "so2" }?.amount, 0)
        XCTAssertFalse(out[1].lines.contains { $0.test == "average" })
        // The whole-difference reading: 7 µg/m³ all at 20万元 = 140; at exactly 5 µg/m³ both readings give 10 × 5 = 50.
        XCTAssertEqual(RewardPenalty.stepped(7, steps: rules.rewardPenalty.concentrationSteps.value, marginal: false).amount, 140)
        XCTAssertEqual(RewardPenalty.stepped(5, steps: rules.rewardPenalty.concentrationSteps.value, marginal: true).amount, 50)
        XCTAssertEqual(RewardPenalty.stepped(5, steps: rules.rewardPenalty.concentrationSteps.value, marginal: false).amount, 50)
        // Without last year's data: no amounts, and the reason.
        let none = RewardPenalty.month(YearMonth(year: 2025, month: 10), current: now, previous: [], rules: rules)
        XCTAssertEqual(none[0].note, "no valid data for 2024-10"); XCTAssertEqual(none[0].net, 0)
    }
}
