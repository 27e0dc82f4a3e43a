import EcoCore
import EcoKit
import EcoStandards
import EcoWater
import XCTest

/// Eco-compensation tiers, rewards, class and index amounts, worked by hand.
final class WaterCompensationTests: XCTestCase {
    private func v(_ text: String) -> Int64 { FixedDecimal.parse(text, places: WaterValue.places)! }
    private func sv(_ x: Double, _ c: Certainty = .documented) -> SchemeValue { SchemeValue(value: x, certainty: c, source: "test") }
    private let city = RegionCode("140500")!

    private func section(_ code: String = "S1", target: WaterClass = .III) -> WaterSection {
        WaterSection(code: code, name: code, river: "沁河", basin: "黄河", city: city, control: .national, target: target, body: .river, lon: 112.8, lat: 35.5)
    }

    private func month(_ m: Int, year: Int = 2025, _ values: [WaterItem: String]) -> SectionResult {
        let s = section()
        let e = SurfaceWaterEvaluation.section(values.mapValues { v($0) }, body: .river, target: s.target)
        return SectionResult(section: s.code, year: year, month: m,
                             values: Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, PeriodValue(value: v($0.value), notDetected: false, count: 1)) }),
                             waterClass: e.waterClass, target: s.target, targetMet: e.targetMet, mainItems: [], itemsOverTarget: [], months: 1, samples: 1,
                             complete: true, synthetic: false)
    }

    private var vertical: CompensationScheme {
        CompensationScheme(id: "v", version: 1, name: LocalizedText(zh: "v", en: "v"), source: "test", method: .verticalTiers, fromYear: 2013, toYear: nil,
                           factors: ["COD", "NH3-N"], tierBounds: [sv(0.5), sv(1), sv(5), sv(10)],
                           tierAmounts: [sv(50), sv(100, .reconstructed), sv(150, .reconstructed), sv(200, .reconstructed), sv(300)],
                           combine: "sum", keepThreeMonths: sv(10), keepYear: sv(100), reachTarget: sv(100), perClassGained: sv(50),
                           sections: nil, baselineClass: nil, perClass: nil, indexItems: nil, perIndexPoint: nil, monthlyCap: nil, shanxiShare: nil)
    }

    func testTiersAreInclusiveUpperBounds() {
        let b = [0.5, 1, 5, 10]
        XCTAssertEqual([0.01, 0.5, 0.51, 1.0, 1.12, 5, 5.01, 10, 10.5].map { WaterCompensation.tier($0, bounds: b) }, [1, 1, 2, 2, 3, 3, 4, 4, 5])
    }

    func testVerticalPenaltiesAndRewards() {
        let months: [Int: SectionResult] = [
            // Jincheng's published case: NH3-N 2.12 over target Ⅲ 1.0 → (2.12 − 1.0)/1.0 = 1.12 → tier 3 → 150万元 (tier 3 reconstructed).
            1: month(1, [.nh3n: "2.12", .COD: "15"]),
            2: month(2, [.nh3n: "0.8", .COD: "18"]), 3: month(3, [.nh3n: "0.9", .COD: "19"]), 4: month(4, [.nh3n: "1.0", .COD: "20"]),
            // COD 32: (32 − 20)/20 = 0.6 → tier 2 → 100; NH3-N 1.4: 0.4 → tier 1 → 50; summed −150.
            5: month(5, [.nh3n: "1.4", .COD: "32"]),
        ]
        // Last year February failed (NH3-N 1.2 > 1.0): this February meets the target → +100 (reach).
        // Last year March met the target at Ⅳ? No — at Ⅲ with NH3-N 0.9; this March Ⅲ again: no class gained.
        let last: [Int: SectionResult] = [2: month(2, year: 2024, [.nh3n: "1.2", .COD: "18"]), 3: month(3, year: 2024, [.nh3n: "0.9", .COD: "19"])]
        let lines = WaterCompensation.vertical(vertical, section: section(), months: months, lastYear: last)
        let byMonth = Dictionary(grouping: lines, by: { $0.month ?? 0 })
        XCTAssertEqual(byMonth[1]?.map(\.amount), [-150])
        XCTAssertEqual(byMonth[1]?.first?.reconstructed, true)
        XCTAssertTrue(byMonth[1]?.first?.arithmetic.hasPrefix("NH3-N 2.12 over target Ⅲ类 1: (2.12 − 1)/1 = 1.120 → tier 3 → 150万元") ?? false,
                      byMonth[1]?.first?.arithmetic ?? "")
        XCTAssertEqual(byMonth[2]?.map(\.kind), ["reach"])
        XCTAssertEqual(byMonth[2]?.map(\.amount), [100])
        XCTAssertEqual(byMonth[4]?.map(\.kind), ["keep"], "months 2–4 within target: +10")
        XCTAssertEqual(byMonth[4]?.map(\.amount), [10])
        XCTAssertEqual(byMonth[5]?.map(\.amount), [-150])
        XCTAssertEqual(lines.reduce(0) { $0 + $1.amount }, -150 + 100 + 10 - 150)
        // "worst": only the worse factor's tier, −100 in May.
        var worst = vertical
        worst.combine = "worst"
        XCTAssertEqual(WaterCompensation.vertical(worst, section: section(), months: [5: months[5]!], lastYear: [:]).map(\.amount), [-100])
        // A whole year within target: +100 instead of the three-month rewards.
        let year = Dictionary(uniqueKeysWithValues: (1...12).map { ($0, month($0, [.nh3n: "0.5", .COD: "10"])) })
        XCTAssertEqual(WaterCompensation.vertical(vertical, section: section(), months: year, lastYear: [:]).map(\.amount), [100])
        // One class better than the same month last year once at target: Ⅲ → Ⅱ: +50.
        let gained = WaterCompensation.vertical(vertical, section: section(), months: [6: month(6, [.nh3n: "0.4", .COD: "12"])],
                                                lastYear: [6: month(6, year: 2024, [.nh3n: "0.9", .COD: "12"])])
        XCTAssertEqual(gained.map(\.kind), ["improve"])
        XCTAssertEqual(gained.map(\.amount), [50])
    }

    func testClassAndIndexWithTheCapAndTheShare() {
        let scheme = CompensationScheme(id: "y", version: 1, name: LocalizedText(zh: "y", en: "y"), source: "test", method: .classAndIndex, fromYear: 2025,
                                        toYear: nil, factors: nil, tierBounds: nil, tierAmounts: nil, combine: nil, keepThreeMonths: nil, keepYear: nil,
                                        reachTarget: nil, perClassGained: nil, sections: ["S1"], baselineClass: "II", perClass: sv(6000),
                                        indexItems: ["CODMn", "NH3-N", "TP"], perIndexPoint: sv(5), monthlyCap: sv(200), shanxiShare: sv(0.5))
        // Annual class Ⅳ against the baseline Ⅱ: 2 classes worse → −2 × 6000 = −12000万元 jointly, Shanxi's half −6000.
        let annual = month(0, [.nh3n: "1.2"])    // NH3-N 1.2 → Ⅳ
        // January: last year CODMn 6, NH3-N 1.0, TP 0.2 → P = (6/6 + 1/1 + 0.2/0.2)/3 = 1; now 3, 0.5, 0.1 → 0.5: −50 %,
        // 50 points × 5 = 250 → capped at 200 → Shanxi receives 100. February: 6.6, 1.1, 0.22 → 1.1: +10 % → 10 × 5 = 50,
        // paid, Shanxi's half −25.
        let now = [1: month(1, [.CODMn: "3", .nh3n: "0.5", .TP: "0.1"]), 2: month(2, [.CODMn: "6.6", .nh3n: "1.1", .TP: "0.22"])]
        let last = [1: month(1, year: 2024, [.CODMn: "6", .nh3n: "1.0", .TP: "0.2"]), 2: month(2, year: 2024, [.CODMn: "6", .nh3n: "1.0", .TP: "0.2"])]
        let lines = WaterCompensation.classAndIndex(scheme, section: section(), year: annual, months: now, lastYear: last)
        XCTAssertEqual(lines.map(\.kind), ["class", "index", "index"])
        XCTAssertEqual(lines.map(\.amount), [-6000, 100, -25])
        XCTAssertTrue(lines[1].arithmetic.contains("capped at 200万元"), lines[1].arithmetic)
        XCTAssertEqual(WaterCompensation.index(now[1]!, items: [.CODMn, .nh3n, .TP], body: .river) ?? 0, 0.5, accuracy: 1e-12)
    }
}
