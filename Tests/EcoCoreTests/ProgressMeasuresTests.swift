import EcoCore
import XCTest

/// The formulas alone, on worked cases (issue #3 definitions; peers.md §4.1–4.2 golden values).
final class ProgressMeasuresTests: XCTestCase {
    func testTimeProportionalLine() {
        // E = 40 + (70 − 40) · (2023 − 2020) / (2025 − 2020) = 40 + 30 · 0.6 = 58.
        XCTAssertEqual(ProgressMeasures.expected(start: 40, target: 70, year: 2023, periodStart: 2020, milestone: 2025), 58, accuracy: 1e-12)
        // Falling: 50 + (35 − 50) · 0.6 = 41.
        XCTAssertEqual(ProgressMeasures.expected(start: 50, target: 35, year: 2023, periodStart: 2020, milestone: 2025), 41, accuracy: 1e-12)
    }

    func testCurrentStatusIndex() {
        // (50 − 40) / (70 − 40) = 1/3; regression (55 − 60) / (70 − 60) = −0.5; attained → 1; T = y_S → 0.
        XCTAssertEqual(ProgressMeasures.currentStatusIndex(value: 50, start: 40, target: 70, attained: false), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(ProgressMeasures.currentStatusIndex(value: 55, start: 60, target: 70, attained: false), -0.5, accuracy: 1e-12)
        XCTAssertEqual(ProgressMeasures.currentStatusIndex(value: 75, start: 60, target: 70, attained: true), 1)
        XCTAssertEqual(ProgressMeasures.currentStatusIndex(value: 65, start: 70, target: 70, attained: false), 0)
    }

    func testWeightedLeastSquaresGoldenCase() throws {
        // peers.md §4.1: (2015, 40), (2017, 43), (2019, 46), (2021, 50), (2023, 52), w = 1, 3, 5, 7, 9
        // → slope 1.52059, ŷ2030 = 62.974 (checked with numpy: solve(XᵀWX, XᵀWy)).
        let line = try XCTUnwrap(ProgressMeasures.forecastLine([(2015, 40), (2017, 43), (2019, 46), (2021, 50), (2023, 52)]))
        XCTAssertEqual(line.slope, 1.520588, accuracy: 1e-6)
        XCTAssertEqual(line.value(at: 2030), 62.9735, accuracy: 1e-4)
        XCTAssertEqual(line.points.map(\.weight), [1, 3, 5, 7, 9])
        // API = (62.974 − 40) / (70 − 40) = 0.7658.
        XCTAssertEqual(try XCTUnwrap(ProgressMeasures.anticipatedProgress(forecast: line.value(at: 2030), start: 40, target: 70)), 0.7658, accuracy: 1e-4)
        XCTAssertNil(ProgressMeasures.forecastLine([(2020, 1), (2021, 2)]), "fewer than 3 points is insufficient data")
    }

    func testRequiredAnnualChange() {
        // (70 − 50) / (2025 − 2023) = 10; none in the milestone year.
        XCTAssertEqual(ProgressMeasures.requiredAnnualChange(value: 50, target: 70, year: 2023, milestone: 2025), 10)
        XCTAssertNil(ProgressMeasures.requiredAnnualChange(value: 50, target: 70, year: 2025, milestone: 2025))
    }

    func testGrowthRatioOpenSDGGoldenCases() throws {
        // sdg-build fixture indicator_3-3-3: 2015 = 1.55, 2019 = 1.82, direction negative, target 0 → 0.001 in 2030.
        // CAGR_o = (1.82/1.55)^(1/4) − 1 = 0.040962; CAGR_r = (0.001/1.55)^(1/15) − 1 = −0.387211;
        // R = 1 · (−1) · 0.040962 / 0.387211 = −0.105788 → deterioration, score max(4.1667R − 2.5, −5) = −2.9408.
        let g1 = try XCTUnwrap(ProgressMeasures.growthRatio(base: 1.55, baseYear: 2015, value: 1.82, year: 2019, target: 0,
                                                            milestone: 2030, direction: -1, attained: false))
        XCTAssertEqual(g1.ratio, -0.105788, accuracy: 1e-6)
        XCTAssertEqual(g1.score, -2.9408, accuracy: 1e-4)
        XCTAssertEqual(g1.category, .deterioration)
        // Same series, direction positive, T = 3.0: R = 0.910122 → moderate, score 7.1429R − 4.2857 = 2.2152.
        let g2 = try XCTUnwrap(ProgressMeasures.growthRatio(base: 1.55, baseYear: 2015, value: 1.82, year: 2019, target: 3,
                                                            milestone: 2030, direction: 1, attained: false))
        XCTAssertEqual(g2.ratio, 0.910122, accuracy: 1e-6)
        XCTAssertEqual(g2.score, 2.2152, accuracy: 1e-4)
        XCTAssertEqual(g2.category, .moderate)
    }

    func testGrowthRatioEdgeCases() throws {
        // Zero start → 0.001: R = ((20/0.001)^(1/3) − 1) / ((50/0.001)^(1/5) − 1) = 26.1442 / 7.7055 = 3.3929 → substantial, score capped at 5.
        let z = try XCTUnwrap(ProgressMeasures.growthRatio(base: 0, baseYear: 2020, value: 20, year: 2023, target: 50,
                                                           milestone: 2025, direction: 1, attained: false))
        XCTAssertEqual(z.ratio, 3.39292, accuracy: 1e-5)
        XCTAssertEqual(z.score, 5)
        XCTAssertEqual(z.category, .substantial)
        // Opposite signs and t = t0 are not computed.
        XCTAssertNil(ProgressMeasures.growthRatio(base: -2, baseYear: 2020, value: 3, year: 2023, target: 5, milestone: 2025, direction: 1, attained: false))
        XCTAssertNil(ProgressMeasures.growthRatio(base: 2, baseYear: 2023, value: 3, year: 2023, target: 5, milestone: 2025, direction: 1, attained: false))
        // Attained: score 5 and category attained whatever R is.
        let a = try XCTUnwrap(ProgressMeasures.growthRatio(base: 40, baseYear: 2020, value: 75, year: 2023, target: 70,
                                                           milestone: 2025, direction: 1, attained: true))
        XCTAssertEqual(a.score, 5)
        XCTAssertEqual(a.category, .attained)
    }
}
