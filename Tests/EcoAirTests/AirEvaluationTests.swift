import EcoAir
import EcoCore
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

    /// GB 3095-2012 Table 4: a year with 355 daily values but only 21 in March is incomplete; the feed writes its
    /// figures with the note "incomplete: …", which the assessment never scores. The full year has no note.
    func testIncompleteYearIsFedMarkedIncomplete() throws {
        let v = DailyConcentrations(so2: 10_000, no2: 20_000, pm10: 60_000, co: 1_000, pm25: 30_000, o3Max1h: 90_000, o3MDA8: 80_000)
        let year = (0..<365).map { d in
            RegionDay(day: CivilDay(year: 2023, month: 1, day: 1).adding(d), values: v, aqi: HJ633.daily(v, standard: .v2012), complete: true, stations: 1)
        }
        // Leave out 1–10 March (days 59…68 of 2023): 355 days ≥ 324, but March has 31 − 10 = 21 < 27.
        let gappy = year.filter { !($0.day.components.month == 3 && $0.day.components.day <= 10) }
        XCTAssertEqual(gappy.count, 355)
        let full = AirEvaluation.annual(year, year: 2023, stationHours: 0)
        let part = AirEvaluation.annual(gappy, year: 2023, stationHours: 0)
        XCTAssertEqual(part.complete[.pm25], false)
        XCTAssertNil(full.incompleteNote(needs: [.pm25]))
        XCTAssertEqual(part.incompleteNote(needs: [.pm25])?.hasPrefix("incomplete: 355 daily PM2.5 values (GB 3095-2012 Table 4"), true)
        XCTAssertEqual(part.incompleteNote(needs: AirPollutant.allCases)?.hasPrefix("incomplete: 355 valid days"), true)

        let p = Provenance(basis: "test", source: "test", certainty: .documented)
        func ind(_ id: String, _ unit: String) -> Indicator {
            Indicator(id: id, number: 1, name: LocalizedText(zh: id, en: id), category: "env", unit: unit, direction: .lower, comparator: .atMost,
                      attribute: .binding, levels: [.city], targets: [TargetRule(milestone: 2025, target: .threshold(35))], provenance: p)
        }
        var fw = Framework(id: "fw", version: 1, name: LocalizedText(zh: "测试", en: "Test"), description: nil, baseYear: 2020, milestones: [2025],
                           categories: [Category(id: "env", name: LocalizedText(zh: "环境", en: "Env"))], indicators: [ind("pm25", "μg/m³"), ind("good", "%")],
                           basicConditions: [], dataElements: nil, ecoCityRule: EcoCityRule(share: 0.8, rule: "allApplicableAttained"), provenance: p)
        fw.feeds = [FeedBinding(feed: "air", figure: "pm25Annual", indicator: "pm25"), FeedBinding(feed: "air", figure: "goodDayRatio", indicator: "good")]
        let city = try XCTUnwrap(RegionCode("140100"))
        let fedFull = AirFeed.observations([AirAnalysis.RegionResult(region: city, statistics: full, synthetic: false)], framework: fw)
        let fedPart = AirFeed.observations([AirAnalysis.RegionResult(region: city, statistics: part, synthetic: false)], framework: fw)
        XCTAssertEqual(fedFull.count, 2)
        XCTAssertTrue(fedFull.allSatisfy { !$0.isIncomplete && $0.note == nil })
        XCTAssertEqual(fedPart.count, 2)
        XCTAssertTrue(fedPart.allSatisfy(\.isIncomplete))
        XCTAssertEqual(fedPart.first { $0.key.indicator == "pm25" }?.value, .number(30), "the value is kept, marked")
        // The engine shows it and does not score it; the full year is attained (30 ≤ 35).
        let tree = RegionTree([Region(code: city, name: LocalizedText(zh: "太原市", en: "Taiyuan"), level: .city, parent: nil, kind: "地级市")])
        let partial = AssessmentEngine(framework: fw, tree: tree, observations: fedPart).assess(region: city, year: 2023)
        XCTAssertEqual(partial?.indicators.map(\.status), [.incomplete, .incomplete])
        let complete = AssessmentEngine(framework: fw, tree: tree, observations: fedFull).assess(region: city, year: 2023)
        XCTAssertEqual(complete?.indicators.first { $0.indicator == "pm25" }?.status, .attained)
    }
}
