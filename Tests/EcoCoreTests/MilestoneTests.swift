import EcoCore
import XCTest

/// The milestone rules of issue #14: the result of a milestone reached, the outlook of the one ahead, the continuous
/// plan line, the honest composite and the latest-year fallback. Every figure is worked by hand in the comments.
final class MilestoneTests: XCTestCase {
    static let rise = Fixture.indicator(id: "rise", targets: [TargetRule(milestone: 2025, target: .threshold(70)),
                                                             TargetRule(milestone: 2030, target: .threshold(80))])
    /// A placeholder target below a baseline already passed (as the incomes have in the demo framework).
    static let income = Fixture.indicator(id: "income", unit: "元/人", targets: [TargetRule(milestone: 2025, target: .threshold(6000)),
                                                                              TargetRule(milestone: 2030, target: .threshold(8000))])

    static func obs(_ region: String, _ indicator: String, _ values: [Int: Double]) -> [Observation] {
        AssessmentEngineTests.obs(region, indicator, values)
    }

    static let engine = AssessmentEngine(
        framework: Fixture.framework([rise, income]), tree: Fixture.tree,
        observations: obs("140000", "rise", [2020: 40, 2021: 50, 2022: 60, 2023: 65, 2024: 68, 2025: 69, 2026: 72])
            + obs("140000", "income", [2020: 17000, 2023: 18000, 2024: 18500]))

    private func a(_ indicator: String, _ year: Int, engine: AssessmentEngine = engine, region: String = "140000") throws -> IndicatorAssessment {
        try XCTUnwrap(engine.assess(region: Fixture.code(region), year: year)?.indicators.first { $0.indicator == indicator })
    }

    func testAMissedTargetInItsMilestoneYearIsNotAttainedOnTimeAndTheOutlookLooksTo2030() throws {
        let x = try a("rise", 2025)
        XCTAssertEqual(x.status, .missed, "69 < 70 in 2025 itself: 未按期达标, not 滞后于序时进度")
        XCTAssertEqual(x.milestone(2025)?.result, .missed)
        XCTAssertEqual(x.milestone(2025)?.value, .number(69))
        XCTAssertEqual(x.outlookMilestone, 2030)
        XCTAssertEqual(try XCTUnwrap(x.expected), 70, accuracy: 1e-12, "the plan line passes through the 2025 target")
        // WLS through 2020…2025, w = 1…6, x = 0…5, y = 40, 50, 60, 65, 68, 69: Σw = 21, Σwx = 70, Σwx² = 280,
        // Σwy = 40 + 100 + 180 + 260 + 340 + 414 = 1334, Σwxy = 0 + 100 + 360 + 780 + 1360 + 2070 = 4670 →
        // slope (21·4670 − 70·1334)/(21·280 − 70²) = 4690/980 = 4.785714, intercept at 2020 (1334 − 4.785714·70)/21
        // = 999/21 = 47.571429 → ŷ2030 = 47.571429 + 10·4.785714 = 95.428571 ≥ 80 → on track.
        XCTAssertEqual(try XCTUnwrap(x.forecast?.slope), 4690.0 / 980, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(x.milestone(2030)?.forecastValue), 95.428571, accuracy: 1e-6)
        XCTAssertEqual(x.milestone(2030)?.outlook, .onTrack)
        XCTAssertEqual(x.outlook, .onTrack)
        XCTAssertEqual(try XCTUnwrap(x.requiredAnnualChange), 2.2, accuracy: 1e-12)  // (80 − 69)/(2030 − 2025)
        XCTAssertNil(x.milestone(2030)?.result)
    }

    func testTheYearAfterAMilestoneIsScheduledOnAContinuousLine() throws {
        // 2026 belongs to 2030 (S = 2025). The plan line runs from the 2025 target: E = 70 + (80 − 70)·1/5 = 72, not
        // the restart from the 2025 actual 69 + (80 − 69)/5 = 71.2. 72 ≥ 72 → on schedule.
        let x = try a("rise", 2026)
        XCTAssertEqual(try XCTUnwrap(x.expected), 72, accuracy: 1e-12)
        XCTAssertEqual(x.status, .onSchedule)
        XCTAssertEqual(try XCTUnwrap(x.csi), 3.0 / 11, accuracy: 1e-12)  // (72 − 69)/(80 − 69), from the observed start
        XCTAssertEqual(x.milestone(2025)?.result, .missed, "the 2025 result stays on record")
        let series = try XCTUnwrap(Self.engine.progressSeries(region: Fixture.code("140000"), indicator: "rise"))
        let expected = Dictionary(uniqueKeysWithValues: series.map { ($0.year, $0.expected) })
        // 2020 → 2025: 40 + 30·(t − 2020)/5 → 2023: 58; 2025: 70; 2028: 70 + 10·3/5 = 76; 2030: 80.
        XCTAssertEqual(try XCTUnwrap(expected[2023] ?? nil), 58, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(expected[2025] ?? nil), 70, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(expected[2028] ?? nil), 76, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(expected[2030] ?? nil), 80, accuracy: 1e-12)
    }

    func testAPlaceholderTargetBelowTheBaselineHoldsThePlanLineFlat() throws {
        // Baseline 17000 already exceeds 6000 and 8000: the plan line stays at 17000 instead of sloping down to 6000.
        let x = try a("income", 2023)
        XCTAssertEqual(try XCTUnwrap(x.expected), 17000, accuracy: 1e-12)
        XCTAssertEqual(x.status, .attained)
        let series = try XCTUnwrap(Self.engine.progressSeries(region: Fixture.code("140000"), indicator: "income"))
        XCTAssertTrue(series.allSatisfy { $0.expected == 17000 }, "\(series.map(\.expected))")
    }

    func testOutlookJudge() throws {
        let t = TargetValue.threshold(100)
        func judge(slope: Double, at2025 v: Double, latest: Double?) -> Outlook? {
            // A line through (2025, v) with the given slope: intercept = v − slope·2025.
            Outlook.judge(line: ProgressMeasures.Line(slope: slope, intercept: v - slope * 2025), target: t, direction: .higher,
                          comparator: .atLeast, milestone: 2025, latest: latest)?.outlook
        }
        XCTAssertEqual(judge(slope: 1, at2025: 101, latest: 95), .onTrack)             // ŷ 101 ≥ 100
        XCTAssertEqual(judge(slope: 0, at2025: 99.5, latest: 100), .onTrack, "at 100/100 with a flat fit: on track")
        XCTAssertEqual(judge(slope: -0.1, at2025: 99.5, latest: 100), .offTrack)       // meets now, moving away
        XCTAssertEqual(judge(slope: 0.5, at2025: 95, latest: 90), .needsAcceleration)  // rising, ŷ 95 < 100
        XCTAssertEqual(judge(slope: 0, at2025: 90, latest: 90), .offTrack)             // flat below the target
        XCTAssertNil(Outlook.judge(line: nil, target: t, direction: .higher, comparator: .atLeast, milestone: 2025, latest: 90))
        // Lower is better: slope −2 toward ≤ 35, ŷ 38 > 35 → needs acceleration; slope +1 → off track.
        let fall = TargetValue.threshold(35)
        XCTAssertEqual(Outlook.judge(line: .init(slope: -2, intercept: 38 + 2 * 2025), target: fall, direction: .lower,
                                     comparator: .atMost, milestone: 2025, latest: 42)?.outlook, .needsAcceleration)
        XCTAssertEqual(Outlook.judge(line: .init(slope: 1, intercept: 38 - 2025), target: fall, direction: .lower,
                                     comparator: .atMost, milestone: 2025, latest: 36)?.outlook, .offTrack)
    }

    func testARegionThatStopsReportingLosesScoreAndKeepsItsLatestValueOnShow() throws {
        // Two counties with the same history; 娄烦县 (140123) reports nothing in 2024.
        var o: [Observation] = []
        for code in ["140121", "140123"] {
            o += Self.obs(code, "rise", [2020: 40, 2022: 60, 2023: 65])
            o += Self.obs(code, "income", [2020: 17000, 2023: 18000])
        }
        o += Self.obs("140121", "rise", [2024: 68]) + Self.obs("140121", "income", [2024: 18500])
        let e = AssessmentEngine(framework: Fixture.framework([Self.rise, Self.income]), tree: Fixture.tree, observations: o)
        let reporting = try XCTUnwrap(e.assess(region: Fixture.code("140121"), year: 2024))
        let silent = try XCTUnwrap(e.assess(region: Fixture.code("140123"), year: 2024))
        // 清徐 2024: rise CSI (68 − 40)/(70 − 40) = 0.9333 → 93.33; income attained 100 → (93.33 + 100)/2 = 96.67.
        XCTAssertEqual(try XCTUnwrap(reporting.composite), (280.0 / 3 + 100) / 2, accuracy: 1e-9)
        // 娄烦 2024: no value at all → no composite, no rank, coverage 0 — not its 2023 score carried forward.
        XCTAssertNil(silent.composite)
        XCTAssertEqual(silent.coverage, 0)
        let x = try XCTUnwrap(silent.indicators.first { $0.indicator == "rise" })
        XCTAssertEqual(x.status, .noData)
        XCTAssertEqual(x.latestYear, 2023, "the latest value is shown with its year")
        XCTAssertEqual(x.latestValue, .number(65))
        let ranks = Dictionary(uniqueKeysWithValues: e.assessAll(year: 2024).map { ($0.region.rawValue, $0.rank) })
        XCTAssertEqual(ranks["140121"], 1)
        XCTAssertEqual(ranks["140123"], .some(nil))
        // 娄烦 reports one of the two: income 100, rise missing → (100 + 0)/2 = 50 < 清徐's 96.67, coverage 50 % →
        // provisional. Leaving the missing one out would have given it 100, ahead of 清徐.
        let e2 = AssessmentEngine(framework: e.framework, tree: Fixture.tree, observations: o + Self.obs("140123", "income", [2024: 18500]))
        let half = try XCTUnwrap(e2.assess(region: Fixture.code("140123"), year: 2024))
        XCTAssertEqual(try XCTUnwrap(half.composite), 50, accuracy: 1e-9)
        XCTAssertTrue(half.provisional)
        let order = e2.assessAll(year: 2024).filter { $0.level == .county }.sorted { ($0.rank ?? 99) < ($1.rank ?? 99) }.map(\.region.rawValue)
        XCTAssertEqual(Array(order.prefix(2)), ["140121", "140123"])
    }

    func testSummariesAndLaggards() throws {
        let r = try XCTUnwrap(Self.engine.assess(region: Fixture.code("140000"), year: 2025))
        let all = try XCTUnwrap(MilestoneSummary.of(r, framework: Self.engine.framework).first { $0.category == nil && $0.milestone == 2025 })
        // 2025 reached: rise missed (69 < 70); income has no 2025 value → no data. Order attained, missed, noData.
        XCTAssertTrue(all.reached)
        XCTAssertEqual(all.counts, [0, 1, 1])
        let ahead = try XCTUnwrap(MilestoneSummary.of(r, framework: Self.engine.framework).first { $0.category == nil && $0.milestone == 2030 })
        XCTAssertFalse(ahead.reached)
        // 2030 outlook: rise on track (above); income: income line through (2020, 17000), (2023, 18000), (2024, 18500)
        // rises, ŷ2030 > 8000 → on track. Order onTrack, needsAcceleration, offTrack, too little data.
        XCTAssertEqual(ahead.counts, [2, 0, 0, 0])
        // Laggards among the three counties of 太原 (fixture data: 清徐 lags on rise, 阳曲 has nothing).
        let e = AssessmentEngine(framework: Fixture.framework([Self.rise]), tree: Fixture.tree,
                                 observations: Self.obs("140121", "rise", [2020: 40, 2023: 45]) + Self.obs("140123", "rise", [2020: 40, 2023: 69]))
        let children = e.assessAll(year: 2023).filter { $0.level == .county }
        let lag = Laggards.of(children, framework: e.framework)
        // 清徐: E2023 = 40 + 30·3/5 = 58 > 45 → behind; 娄烦: 69 ≥ 58 → on schedule; 阳曲: no data.
        XCTAssertEqual(lag.indicators.first?.lagging.map(\.rawValue), ["140121"])
        XCTAssertEqual(lag.indicators.first?.missing.map(\.rawValue), ["140122"])
        XCTAssertEqual(lag.regions.map(\.region.rawValue), ["140121", "140122"])
    }
}
