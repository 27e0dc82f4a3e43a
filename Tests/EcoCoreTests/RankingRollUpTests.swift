import EcoCore
import EcoKit
import XCTest

final class RankingTests: XCTestCase {
    private func region(_ code: String, _ composite: Double?, attained: Int, vetoed: Bool = false) -> RegionAssessment {
        RegionAssessment(region: Fixture.code(code), level: .city, year: 2025, framework: "fw", indicators: [],
                         composite: composite, coverage: 1, attainedCount: attained, vetoed: vetoed, rank: nil)
    }

    func testTiesByAttainedThenCodeVetoAndNoDataLast() {
        let items = [
            region("140300", 80, attained: 3),
            region("140500", 80, attained: 5),
            region("140900", 95, attained: 9, vetoed: true),   // best score, but vetoed
            region("140400", nil, attained: 0),                // no data
            region("140200", 80, attained: 5),                 // ties 140500 on score and attained: lower code first
            region("140700", 82, attained: 1),
        ]
        XCTAssertEqual(Ranking.order(items).map { items[$0].region.rawValue }, ["140700", "140200", "140500", "140300", "140900", "140400"])
    }

    func testRankChangeFromThePreviousYear() {
        let previous = [region("140100", 70, attained: 2), region("140200", 90, attained: 2), region("140300", 80, attained: 2)]
        let current = [region("140100", 95, attained: 2), region("140200", 85, attained: 2), region("140300", 60, attained: 2),
                       region("140400", 70, attained: 2)]
        let table = Ranking.table(current: current, previous: previous)
        // Last year: 140200 1st, 140300 2nd, 140100 3rd. This year 140100 1st (+2), 140200 2nd (−1), 140400 3rd (new), 140300 4th (−2).
        XCTAssertEqual(table.map(\.assessment.region.rawValue), ["140100", "140200", "140400", "140300"])
        XCTAssertEqual(table.map(\.rankChange), [2, -1, nil, -2])
    }

    func testSiblingRanksFromAssessAll() {
        let ind = Fixture.indicator(targets: [TargetRule(milestone: 2025, target: .threshold(50))])
        let values: [String: Double] = ["140121": 50, "140122": 30, "140123": 45]
        let obs = values.flatMap { code, v in
            [2020, 2025].map { y in Observation(key: ObservationKey(framework: "fw", indicator: "forest", region: Fixture.code(code), year: y),
                                                value: .number(y == 2020 ? 20 : v)) }
        }
        let all = AssessmentEngine(framework: Fixture.framework([ind]), tree: Fixture.tree, observations: obs).assessAll(year: 2025)
        let ranks = Dictionary(uniqueKeysWithValues: all.map { ($0.region.rawValue, $0.rank) })
        // Scores: 140121 attained (100), 140123 CSI (45 − 20)/(50 − 20) = 0.8333 → 83.3, 140122 (30 − 20)/30 → 33.3.
        XCTAssertEqual(ranks["140121"], 1)
        XCTAssertEqual(ranks["140123"], 2)
        XCTAssertEqual(ranks["140122"], 3)
        // The province has no value at all: it is listed but given no rank (issue #14), not "1st of 1".
        XCTAssertEqual(ranks["140000"], .some(nil))
    }
}

final class RollUpTests: XCTestCase {
    private func tree(populations: [String: String]) -> RegionTree {
        RegionTree(Fixture.tree.regions.map { r in
            var r = r
            if let p = populations[r.code.rawValue] { r.attributes["population"] = p }
            return r
        })
    }

    private func obs(_ values: [String: Double], year: Int = 2023) -> [Observation] {
        values.map { Observation(key: ObservationKey(framework: "fw", indicator: "forest", region: Fixture.code($0.key), year: year), value: .number($0.value)) }
    }

    func testSumFromEveryChildButNeverOverAReportedValue() throws {
        var ind = Fixture.indicator(unit: "kg")
        ind.rollUp = RollUp(method: .sum)
        let engine = AssessmentEngine(framework: Fixture.framework([ind]), tree: Fixture.tree,
                                      observations: obs(["140121": 10, "140122": 20, "140123": 30]) + obs(["140121": 1, "140122": 2, "140123": 3, "140100": 99], year: 2024))
        // 2023: 太原市 = 10 + 20 + 30 = 60 from 3 children; the province = 60 from its one current city.
        let city = try XCTUnwrap(engine.assess(region: Fixture.code("140100"), year: 2023)?.indicators.first)
        XCTAssertEqual(city.value, .number(60))
        XCTAssertEqual(city.derivedFromChildren, 3)
        let province = try XCTUnwrap(engine.assess(region: Fixture.code("140000"), year: 2023)?.indicators.first)
        XCTAssertEqual(province.value, .number(60))
        XCTAssertEqual(province.derivedFromChildren, 1)
        // 2024: 太原市 reported 99, which stays.
        let reported = try XCTUnwrap(engine.assess(region: Fixture.code("140100"), year: 2024)?.indicators.first)
        XCTAssertEqual(reported.value, .number(99))
        XCTAssertNil(reported.derivedFromChildren)
    }

    func testWeightedMeanNeedsEveryChildAndEveryWeight() throws {
        var ind = Fixture.indicator()
        ind.rollUp = RollUp(method: .weightedMean, weight: "population")
        let weighted = tree(populations: ["140121": "100", "140122": "300", "140123": "600"])
        let engine = AssessmentEngine(framework: Fixture.framework([ind]), tree: weighted,
                                      observations: obs(["140121": 10, "140122": 20, "140123": 30]) + obs(["140121": 10, "140122": 20], year: 2024))
        // (10·100 + 20·300 + 30·600) / 1000 = 25.
        let city = try XCTUnwrap(engine.assess(region: Fixture.code("140100"), year: 2023)?.indicators.first)
        XCTAssertEqual(try XCTUnwrap(city.value?.number), 25, accuracy: 1e-12)
        XCTAssertEqual(city.derivedFromChildren, 3)
        // 2024: 娄烦县 missing → no value.
        XCTAssertNil(engine.assess(region: Fixture.code("140100"), year: 2024)?.indicators.first?.value)
        // Without a weight for one child, nothing is derived.
        let partial = AssessmentEngine(framework: Fixture.framework([ind]), tree: tree(populations: ["140121": "100", "140122": "300"]),
                                       observations: obs(["140121": 10, "140122": 20, "140123": 30]))
        XCTAssertNil(partial.assess(region: Fixture.code("140100"), year: 2023)?.indicators.first?.value)
    }
}

final class ReadinessTests: XCTestCase {
    /// A province with five cities; `meeting` of them attain their one indicator.
    private func engine(meeting: Int, provinceValue: Double) -> AssessmentEngine {
        var regions = [Region(code: Fixture.code("140000"), name: LocalizedText(zh: "省", en: "P"), level: .province, parent: nil, kind: "省")]
        for i in 1...5 {
            regions.append(Region(code: Fixture.code("14\(String(format: "%02d", i))00"), name: LocalizedText(zh: "市\(i)", en: "C\(i)"),
                                  level: .city, parent: Fixture.code("140000"), kind: "地级市"))
        }
        let ind = Fixture.indicator(targets: [TargetRule(milestone: 2025, target: .threshold(50))])
        var obs = [Observation(key: ObservationKey(framework: "fw", indicator: "forest", region: Fixture.code("140000"), year: 2025), value: .number(provinceValue))]
        for i in 1...5 {
            obs.append(Observation(key: ObservationKey(framework: "fw", indicator: "forest", region: Fixture.code("14\(String(format: "%02d", i))00"), year: 2025),
                                   value: .number(i <= meeting ? 60 : 40)))
        }
        var fw = Fixture.framework([ind])
        fw.basicConditions = [BasicCondition(id: "plan", number: 1, name: LocalizedText(zh: "规划", en: "plan"),
                                             description: LocalizedText(zh: "", en: ""), provenance: Fixture.p)]
        return AssessmentEngine(framework: fw, tree: RegionTree(regions), observations: obs)
    }

    private let met = [BasicConditionRecord(framework: "fw", condition: "plan", region: Fixture.code("140000"), year: 2025, status: .met, evidence: "x")]

    func testEightyPercentOfCitiesIsEnough() throws {
        // 4 of 5 cities = 80% ≥ 80%; province 55 ≥ 50; the one condition met → ready.
        let r = try XCTUnwrap(engine(meeting: 4, provinceValue: 55).readiness(year: 2025, conditions: met))
        XCTAssertEqual(r.citiesMeeting, 4)
        XCTAssertTrue(r.citiesPart && r.indicatorsPart && r.conditionsPart && r.ready)
    }

    func testEachPartCanFail() throws {
        // 3 of 5 = 60% < 80%.
        XCTAssertFalse(try XCTUnwrap(engine(meeting: 3, provinceValue: 55).readiness(year: 2025, conditions: met)).citiesPart)
        // Province 45 < 50.
        let low = try XCTUnwrap(engine(meeting: 5, provinceValue: 45).readiness(year: 2025, conditions: met))
        XCTAssertFalse(low.indicatorsPart)
        XCTAssertFalse(low.ready)
        // No condition recorded → unknown → not met.
        let unknown = try XCTUnwrap(engine(meeting: 5, provinceValue: 55).readiness(year: 2025, conditions: []))
        XCTAssertEqual(unknown.conditions.map(\.status), [.unknown])
        XCTAssertFalse(unknown.ready)
    }
}
