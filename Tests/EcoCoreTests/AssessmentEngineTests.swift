import EcoCore
import XCTest

/// The engine on a small hand-made dataset; every expected figure is worked by hand in the comments.
final class AssessmentEngineTests: XCTestCase {
    static let rise = Fixture.indicator(id: "rise", targets: [TargetRule(milestone: 2025, target: .threshold(70)),
                                                             TargetRule(milestone: 2030, target: .threshold(80))])
    static let fall = Fixture.indicator(id: "fall", unit: "μg/m³", direction: .lower, comparator: .atMost,
                                        targets: [TargetRule(milestone: 2025, target: .threshold(35)), TargetRule(milestone: 2030, target: .threshold(30))])
    static let ph = Fixture.indicator(id: "ph", unit: "pH", direction: .range, comparator: .range,
                                      targets: [TargetRule(milestone: 2025, target: .range(min: 6, max: 9))])
    static let qual = Fixture.indicator(id: "qual", unit: "-", direction: .level, comparator: .level,
                                        targets: [TargetRule(milestone: 2025, target: .levels(["达标"]))], allowedLevels: ["达标", "未达标"])
    static let zero = Fixture.indicator(id: "zero", targets: [TargetRule(milestone: 2025, target: .threshold(50))])

    static func obs(_ region: String, _ indicator: String, _ values: [Int: Double]) -> [Observation] {
        values.map { Observation(key: ObservationKey(framework: "fw", indicator: indicator, region: Fixture.code(region), year: $0.key), value: .number($0.value)) }
    }

    static let engine: AssessmentEngine = {
        var o: [Observation] = []
        o += obs("140000", "rise", [2020: 40, 2021: 43, 2022: 46, 2023: 50, 2027: 72])
        o += obs("140000", "fall", [2020: 50, 2022: 44, 2023: 40, 2024: 34])
        o += obs("140100", "rise", [2020: 60, 2023: 55])
        o += obs("140100", "fall", [2023: 30])
        o += obs("140000", "ph", [2020: 10, 2023: 9.5, 2024: 7])
        o += obs("140000", "zero", [2020: 0, 2023: 20])
        o.append(Observation(key: ObservationKey(framework: "fw", indicator: "qual", region: Fixture.code("140000"), year: 2023), value: .level("未达标")))
        return AssessmentEngine(framework: Fixture.framework([rise, fall, ph, qual, zero]), tree: Fixture.tree, observations: o)
    }()

    private func a(_ region: String, _ indicator: String, _ year: Int) throws -> IndicatorAssessment {
        let r = try XCTUnwrap(Self.engine.assess(region: Fixture.code(region), year: year))
        return try XCTUnwrap(r.indicators.first { $0.indicator == indicator })
    }

    func testRisingIndicatorBehindSchedule() throws {
        let x = try a("140000", "rise", 2023)
        XCTAssertEqual(x.milestone, 2025)
        XCTAssertEqual(x.periodStart, 2020)
        XCTAssertEqual(x.startValue, 40)
        XCTAssertEqual(x.attained, false)
        XCTAssertEqual(x.gap, 20)                                        // 70 − 50
        XCTAssertEqual(try XCTUnwrap(x.expected), 58, accuracy: 1e-12)  // 40 + 30 · 3/5
        XCTAssertEqual(x.onSchedule, false)                              // +1 · (50 − 58) < 0
        XCTAssertEqual(try XCTUnwrap(x.csi), 1.0 / 3, accuracy: 1e-12)  // (50 − 40) / (70 − 40)
        XCTAssertEqual(x.status, .behind)
        XCTAssertEqual(try XCTUnwrap(x.score), 100.0 / 3, accuracy: 1e-9)
        // WLS over (2020, 40), (2021, 43), (2022, 46), (2023, 50), w = 1..4, x = year − 2020:
        // Σw = 10, Σwx = 20, Σwy = 464, Σwx² = 50, Σwxy = 962 → slope (10·962 − 20·464) / (10·50 − 20²) = 340/100 = 3.4,
        // intercept (464 − 3.4·20) / 10 = 39.6 → ŷ2025 = 39.6 + 3.4·5 = 56.6.
        XCTAssertEqual(try XCTUnwrap(x.forecast?.slope), 3.4, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(x.forecastValue), 56.6, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(x.api), 16.6 / 30, accuracy: 1e-9)  // (56.6 − 40) / (70 − 40) = 0.5533
        XCTAssertEqual(x.outlook, .needsAcceleration)                    // 56.6 < 70, API > 0
        XCTAssertEqual(x.requiredAnnualChange, 10)                       // (70 − 50) / (2025 − 2023)
        // CAGR ratio: ((50/40)^(1/3) − 1) / ((70/40)^(1/5) − 1) = 0.0772173 / 0.1184269 = 0.652025 → moderate,
        // score 7.1429 · 0.652025 − 4.2857 = 0.371652.
        XCTAssertEqual(try XCTUnwrap(x.growth?.ratio), 0.652025, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(x.growth?.score), 0.371652, accuracy: 1e-6)
        XCTAssertEqual(x.growth?.category, .moderate)
    }

    func testFallingIndicatorOnScheduleThenAttained() throws {
        let x = try a("140000", "fall", 2023)
        XCTAssertEqual(try XCTUnwrap(x.expected), 41, accuracy: 1e-12)     // 50 + (35 − 50) · 3/5
        XCTAssertEqual(x.onSchedule, true)                                 // −1 · (40 − 41) = 1 ≥ 0
        XCTAssertEqual(try XCTUnwrap(x.csi), 10.0 / 15, accuracy: 1e-12)   // (40 − 50) / (35 − 50)
        XCTAssertEqual(x.status, .onSchedule)
        XCTAssertEqual(x.gap, -5)                                          // 35 − 40
        // WLS over (2020, 50, w1), (2022, 44, w3), (2023, 40, w4): Σw = 8, Σwx = 18, Σwy = 342, Σwx² = 48, Σwxy = 744
        // → slope (8·744 − 18·342) / (8·48 − 18²) = −204/60 = −3.4, intercept (342 + 3.4·18)/8 = 50.4, ŷ2025 = 33.4 ≤ 35.
        XCTAssertEqual(try XCTUnwrap(x.forecastValue), 33.4, accuracy: 1e-9)
        XCTAssertEqual(x.outlook, .onTrack)
        XCTAssertEqual(try XCTUnwrap(x.api), 16.6 / 15, accuracy: 1e-9)     // (33.4 − 50) / (35 − 50)
        // R = −1 · ((40/50)^(1/3) − 1) / |(35/50)^(1/5) − 1| = 0.0716822 / 0.0688475 = 1.041135 → substantial, score 3.151023.
        XCTAssertEqual(try XCTUnwrap(x.growth?.ratio), 1.041135, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(x.growth?.score), 3.151023, accuracy: 1e-6)
        XCTAssertEqual(x.growth?.category, .substantial)
        let y = try a("140000", "fall", 2024)
        XCTAssertEqual(y.attained, true)                                   // 34 ≤ 35
        XCTAssertEqual(y.status, .attained)
        XCTAssertEqual(y.csi, 1)
        XCTAssertEqual(y.score, 100)
        XCTAssertEqual(y.growth?.score, 5)
    }

    func testRegressionWithTooFewPointsForAForecast() throws {
        // 太原市 inherits no own target: the framework-wide 70. CSI = (55 − 60) / (70 − 60) = −0.5.
        let x = try a("140100", "rise", 2023)
        XCTAssertEqual(try XCTUnwrap(x.expected), 66, accuracy: 1e-12)     // 60 + 10 · 3/5
        XCTAssertEqual(try XCTUnwrap(x.csi), -0.5, accuracy: 1e-12)
        XCTAssertEqual(x.status, .regressing)
        XCTAssertEqual(x.score, 0)
        XCTAssertNil(x.forecast)                                           // two points only
        XCTAssertNil(x.api)
        XCTAssertNil(x.outlook)
        // R = ((55/60)^(1/3) − 1) / ((70/60)^(1/5) − 1) = −0.0285760 / 0.0312987 = −0.913029 → deterioration, score −5 (floor).
        XCTAssertEqual(try XCTUnwrap(x.growth?.ratio), -0.913029, accuracy: 1e-6)
        XCTAssertEqual(x.growth?.score, -5)
    }

    func testRangeTarget() throws {
        // 9.5 is above [6, 9]: T = 9, d = −1. E = 10 + (9 − 10) · 3/5 = 9.4; −1 · (9.5 − 9.4) < 0 → not on schedule;
        // CSI = (9.5 − 10) / (9 − 10) = 0.5 → behind; gap = 9 − 9.5 = −0.5.
        let x = try a("140000", "ph", 2023)
        XCTAssertEqual(x.attained, false)
        XCTAssertEqual(try XCTUnwrap(x.expected), 9.4, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(x.csi), 0.5, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(x.gap), -0.5, accuracy: 1e-12)
        XCTAssertEqual(x.status, .behind)
        XCTAssertEqual(try a("140000", "ph", 2024).status, .attained)      // 7 ∈ [6, 9]
    }

    func testQualitativeIndicator() throws {
        let x = try a("140000", "qual", 2023)
        XCTAssertEqual(x.attained, false)
        XCTAssertEqual(x.status, .behind)
        XCTAssertEqual(x.score, 0)
        XCTAssertNil(x.csi)
        XCTAssertEqual(try a("140000", "qual", 2022).status, .noData)
    }

    func testInsufficientDataAndZeroStart() throws {
        // 太原市 fall: no 2020 value and 2020 is the base year, not a milestone → no y_S, no line, no CSI.
        let x = try a("140100", "fall", 2023)
        XCTAssertNil(x.startValue)
        XCTAssertNil(x.expected)
        XCTAssertNil(x.csi)
        XCTAssertEqual(x.status, .attained)                                // 30 ≤ 35 all the same
        // Zero start: CSI = (20 − 0) / (50 − 0) = 0.4; growth ratio uses 0.001 for the zero: R = 3.39292.
        let z = try a("140000", "zero", 2023)
        XCTAssertEqual(try XCTUnwrap(z.csi), 0.4, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(z.growth?.ratio), 3.39292, accuracy: 1e-5)
    }

    func testSecondPeriodStartsFromThePreviousTargetWhenTheMilestoneHasNoData() throws {
        // 2027 belongs to 2030 (S = 2025). No 2025 value → y_S = the 2025 target 70. E = 70 + (80 − 70) · 2/5 = 74;
        // 72 < 74 → behind; CSI = (72 − 70) / (80 − 70) = 0.2.
        let x = try a("140000", "rise", 2027)
        XCTAssertEqual(x.milestone, 2030)
        XCTAssertEqual(x.periodStart, 2025)
        XCTAssertEqual(x.startValue, 70)
        XCTAssertTrue(x.startValueIsPreviousTarget)
        XCTAssertEqual(try XCTUnwrap(x.expected), 74, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(x.csi), 0.2, accuracy: 1e-12)
        XCTAssertEqual(x.status, .behind)
    }

    func testCompositeCoverageAndVeto() throws {
        // Province 2023: rise 33.33 (1/3), fall 66.67 (CSI 2/3), ph 50, qual 0, zero 40 → mean of five = 38.0.
        let r = try XCTUnwrap(Self.engine.assess(region: Fixture.code("140000"), year: 2023))
        let scores: [Double] = [100.0 / 3, 200.0 / 3, 50, 0, 40]
        XCTAssertEqual(try XCTUnwrap(r.composite), scores.reduce(0, +) / 5, accuracy: 1e-9)
        XCTAssertEqual(r.coverage, 1)
        XCTAssertFalse(r.vetoed)
        // Weights 2 on rise and a veto on qual; only rise (33.33) and qual (0) are reported. Missing indicators count
        // 0 against the score (issue #14): (2 · 33.33 + 0 + 0 [fall] + 0 [ph] + 0 [zero]) / (2 + 1 + 1 + 1 + 1) = 11.11,
        // where leaving them out would give 66.67 / 3 = 22.22 — not reporting would raise the score. qual → vetoed.
        var fw = Self.engine.framework
        fw.indicators[0].weight = 2
        fw.indicators[3].veto = true
        let e2 = AssessmentEngine(framework: fw, tree: Fixture.tree, observations: Self.obs("140000", "rise", [2020: 40, 2023: 50])
            + [Observation(key: ObservationKey(framework: "fw", indicator: "qual", region: Fixture.code("140000"), year: 2023), value: .level("未达标"))])
        let r2 = try XCTUnwrap(e2.assess(region: Fixture.code("140000"), year: 2023))
        let weighted: Double = 2 * 100.0 / 3
        XCTAssertEqual(try XCTUnwrap(r2.composite), weighted / 6, accuracy: 1e-9)
        XCTAssertEqual(r2.coverage, 2.0 / 5, accuracy: 1e-12)
        XCTAssertTrue(r2.provisional, "coverage 40 % < 80 %")
        XCTAssertFalse(r.provisional)
        XCTAssertTrue(r2.vetoed)
    }

    /// A value whose note starts with "incomplete:" (an air year below GB 3095 Table 4) is shown with its note but
    /// never assessed: no attainment, no score, no coverage, and it is not a point of a later year's trend.
    func testIncompleteValueIsShownButNotAssessed() throws {
        let key = { (y: Int) in ObservationKey(framework: "fw", indicator: "fall", region: Fixture.code("140000"), year: y) }
        let o = Self.obs("140000", "fall", [2020: 50, 2022: 44, 2024: 40])
            + [Observation(key: key(2023), value: .number(20), note: "incomplete: 250 valid days")]
        let e = AssessmentEngine(framework: Fixture.framework([Self.fall]), tree: Fixture.tree, observations: o)
        let r23 = try XCTUnwrap(e.assess(region: Fixture.code("140000"), year: 2023))
        let x = try XCTUnwrap(r23.indicators.first)
        XCTAssertEqual(x.value, .number(20), "the value is shown")
        XCTAssertEqual(x.status, .incomplete)
        XCTAssertEqual(x.incompleteNote, "incomplete: 250 valid days")
        XCTAssertNil(x.attained, "20 ≤ 35 would be attained as a normal value")
        XCTAssertNil(x.score)
        XCTAssertNil(r23.composite)
        XCTAssertEqual(r23.coverage, 0, "an incomplete value is not data for the coverage")
        // 2024: the trend is through (2020, 50), (2022, 44), (2024, 40) only, weights w = year − 2019 = 1, 3, 5 at
        // x = 0, 2, 4: Σw = 9, Σwx = 26, Σwy = 382, Σwx² = 92, Σwxy = 1064 →
        // slope (9·1064 − 26·382)/(9·92 − 26²) = (9576 − 9932)/152 = −356/152 = −2.342105.
        // With the incomplete 20 in 2023 among the points the slope would be far steeper.
        let y = try XCTUnwrap(e.assess(region: Fixture.code("140000"), year: 2024)?.indicators.first)
        XCTAssertEqual(y.status, .behind)
        XCTAssertEqual(try XCTUnwrap(y.forecast?.slope), -356.0 / 152, accuracy: 1e-9)
        XCTAssertNil(y.incompleteNote)
        let json = String(decoding: try JSONEncoder().encode(x), as: UTF8.self)
        XCTAssertTrue(json.contains(#""status":"incomplete""#), json)
        XCTAssertTrue(json.contains(#""incompleteNote":"incomplete: 250 valid days""#), json)
    }
}
