import EcoCore
import EcoKit
import Foundation
import XCTest

final class FrameworkValidatorTests: XCTestCase {
    private func kinds(_ fw: Framework) -> [FrameworkProblem.Kind] { FrameworkValidator.problems(in: fw).map(\.kind) }

    func testAValidFrameworkHasNoProblems() {
        XCTAssertEqual(kinds(Fixture.framework([Fixture.indicator()])), [])
    }

    func testDuplicateIndicatorIds() {
        let fw = Fixture.framework([Fixture.indicator(), Fixture.indicator()])
        XCTAssertEqual(kinds(fw), [.duplicateId])
        XCTAssertEqual(FrameworkValidator.problems(in: fw).first?.description, "indicator forest: the id 'forest' is used more than once")
    }

    func testUnknownUnitAndCategory() {
        var ind = Fixture.indicator(unit: "percent")
        ind.category = "nature"
        XCTAssertEqual(Set(kinds(Fixture.framework([ind]))), [.unknownUnit, .unknownCategory])
    }

    func testComparatorMustFitDirection() {
        XCTAssertEqual(kinds(Fixture.framework([Fixture.indicator(direction: .higher, comparator: .atMost)])), [.directionComparatorMismatch])
    }

    func testTargetKindMustFitComparator() {
        let ind = Fixture.indicator(targets: [TargetRule(milestone: 2025, target: .range(min: 1, max: 2))])
        XCTAssertEqual(kinds(Fixture.framework([ind])), [.targetKindMismatch])
    }

    func testTargetsOutsideThePhysicalRangeOrImpossible() {
        // 120 % cannot be a target; "> 100 %" can never be met; "< 0 %" neither.
        XCTAssertEqual(kinds(Fixture.framework([Fixture.indicator(targets: [TargetRule(milestone: 2025, target: .threshold(120))])])),
                       [.targetInconsistent])
        XCTAssertEqual(kinds(Fixture.framework([Fixture.indicator(comparator: .greaterThan,
                                                                  targets: [TargetRule(milestone: 2025, target: .threshold(100))])])),
                       [.targetInconsistent])
        XCTAssertEqual(kinds(Fixture.framework([Fixture.indicator(direction: .lower, comparator: .lessThan,
                                                                  targets: [TargetRule(milestone: 2025, target: .threshold(0))])])),
                       [.targetInconsistent])
        // ≤ 0 % is fine (groundwater over-abstraction target).
        XCTAssertEqual(kinds(Fixture.framework([Fixture.indicator(direction: .lower, comparator: .atMost,
                                                                  targets: [TargetRule(milestone: 2025, target: .threshold(0))])])), [])
    }

    func testRangeAndLevelTargets() {
        let badRange = Fixture.indicator(unit: "pH", direction: .range, comparator: .range,
                                         targets: [TargetRule(milestone: 2025, target: .range(min: 9, max: 6))])
        XCTAssertEqual(kinds(Fixture.framework([badRange])), [.targetInconsistent])
        let noLevels = Fixture.indicator(unit: "-", direction: .level, comparator: .level,
                                         targets: [TargetRule(milestone: 2025, target: .levels(["达标"]))])
        XCTAssertEqual(Set(kinds(Fixture.framework([noLevels]))), [.levelsMissing, .targetInconsistent])
        let unknownAccepted = Fixture.indicator(unit: "-", direction: .level, comparator: .level,
                                                targets: [TargetRule(milestone: 2025, target: .levels(["优"]))], allowedLevels: ["达标", "未达标"])
        XCTAssertEqual(kinds(Fixture.framework([unknownAccepted])), [.targetInconsistent])
    }

    func testRulesMustNameKnownMilestonesAttributesAndValues() {
        let ind = Fixture.indicator(targets: [
            TargetRule(milestone: 2027, target: .threshold(20)),
            TargetRule(milestone: 2025, target: .threshold(20), when: ["altitude": "高"]),
            TargetRule(milestone: 2025, target: .threshold(20), when: ["terrain": "高原"]),
        ])
        XCTAssertEqual(kinds(Fixture.framework([ind])), [.targetMilestoneUnknown, .unknownAttribute, .unknownAttributeValue])
    }

    func testDuplicateRulesAndRegionPlusConditions() {
        let ind = Fixture.indicator(targets: [
            TargetRule(milestone: 2025, target: .threshold(20), when: ["terrain": "山区"]),
            TargetRule(milestone: 2025, target: .threshold(25), when: ["terrain": "山区"]),
            TargetRule(milestone: 2030, target: .threshold(25), region: Fixture.code("140100"), when: ["terrain": "山区"]),
        ])
        XCTAssertEqual(kinds(Fixture.framework([ind])), [.duplicateTarget, .targetInconsistent])
    }

    func testRollUpWeightAndFormulaElements() {
        var ind = Fixture.indicator()
        ind.rollUp = RollUp(method: .weightedMean, weight: "households")
        ind.formula = Formula(numerator: "forest_area", denominator: "land_area", factor: 100)
        XCTAssertEqual(kinds(Fixture.framework([ind])), [.unknownRollUpWeight, .unknownDataElement, .unknownDataElement])
        var fw = Fixture.framework([ind])
        fw.dataElements = [DataElement(id: "forest_area", name: LocalizedText(zh: "森林面积", en: "forest area"), unit: "km²"),
                           DataElement(id: "land_area", name: LocalizedText(zh: "土地面积", en: "land area"), unit: "km²")]
        fw.indicators[0].rollUp = RollUp(method: .weightedMean, weight: "landArea")
        XCTAssertEqual(kinds(fw), [])
    }

    func testPlanPeriodsAndNoLevels() {
        var fw = Fixture.framework([Fixture.indicator()])
        fw.milestones = [2030, 2025]
        fw.indicators[0].levels = []
        XCTAssertEqual(kinds(fw), [.badPlanPeriods, .noLevels])
    }

    func testAMalformedFileNamesThePathOfTheProblem() throws {
        let json = #"{"id":"x","version":1,"name":{"zh":"a","en":"a"},"baseYear":2020,"milestones":[2025],"categories":[],"#
            + #""indicators":[{"id":"a","name":{"zh":"a","en":"a"},"category":"c","unit":"%","direction":"up"}],"basicConditions":[],"#
            + #""provenance":{"basis":"b","source":"s","certainty":"A"}}"#
        XCTAssertThrowsError(try FrameworkCoding.decode(Data(json.utf8))) { error in
            XCTAssertTrue("\(error)".hasPrefix("indicators[0].direction:"), "\(error)")
        }
    }

    func testEncodingRoundTrips() throws {
        var ind = Fixture.indicator(targets: [TargetRule(milestone: 2025, target: .threshold(20), when: ["terrain": "山区"]),
                                              TargetRule(milestone: 2030, target: .threshold(30), region: Fixture.code("140100"))])
        ind.range = ValueRange(min: -100, max: 100)
        let fw = Fixture.framework([ind])
        XCTAssertEqual(try FrameworkCoding.decode(FrameworkCoding.encode(fw)), fw)
    }
}
