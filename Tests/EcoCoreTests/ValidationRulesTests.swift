import EcoCore
import Foundation
import EcoKit
import XCTest

/// The validation rules of a framework (issue 12), with worked values.
final class ValidationRulesTests: XCTestCase {
    /// Iglewicz & Hoaglin's modified z-score by hand: values 10, 12, 11, 13, 50 → median 12; absolute deviations
    /// 2, 0, 1, 1, 38 → sorted 0, 1, 1, 2, 38 → MAD 1; M(50) = 0.6745 × 38 / 1 = 25.631, M(13) = 0.6745 × 1 / 1 = 0.6745,
    /// M(10) = 0.6745 × −2 = −1.349.
    func testModifiedZScoreByHand() throws {
        let values = [10.0, 12, 11, 13, 50]
        XCTAssertEqual(ValidationRun.median(values), 12)
        XCTAssertEqual(try XCTUnwrap(ValidationRun.modifiedZ(50, among: values)), 25.631, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(ValidationRun.modifiedZ(13, among: values)), 0.6745, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(ValidationRun.modifiedZ(10, among: values)), -1.349, accuracy: 1e-12)
        // An even count: median of 1, 2, 3, 4 is 2.5; deviations 1.5, 0.5, 0.5, 1.5 → MAD 1; M(4) = 0.6745 × 1.5 = 1.01175.
        XCTAssertEqual(try XCTUnwrap(ValidationRun.modifiedZ(4, among: [4, 1, 3, 2])), 1.01175, accuracy: 1e-12)
        // Half the values equal: MAD 0, the score is undefined (nil), never infinite.
        XCTAssertNil(ValidationRun.modifiedZ(9, among: [5, 5, 5, 9]))
    }

    static let tree = RegionTree([
        Region(code: RegionCode("140000")!, name: LocalizedText(zh: "山西省", en: "Shanxi"), level: .province, parent: nil, kind: "省"),
        Region(code: RegionCode("140100")!, name: LocalizedText(zh: "太原市", en: "Taiyuan"), level: .city, parent: RegionCode("140000"), kind: "地级市"),
    ] + (1...6).map { i in
        Region(code: RegionCode("14010\(i)")!, name: LocalizedText(zh: "县\(i)", en: "C\(i)"), level: .county, parent: RegionCode("140100"), kind: "县")
    })

    func framework(_ rules: [ValidationRule]) -> Framework {
        var fw = Fixture.framework([Fixture.indicator(id: "pm25", unit: "μg/m³", direction: .lower, comparator: .atMost,
                                                      targets: [TargetRule(milestone: 2025, target: .threshold(35))]),
                                    Fixture.indicator(id: "rural"), Fixture.indicator(id: "urban")])
        fw.validation = rules
        return fw
    }

    func rule(_ id: String, _ kind: ValidationRule.Kind, _ indicator: String = "pm25", importance: RuleImportance = .warning,
              configure: (inout ValidationRule) -> Void = { _ in }) -> ValidationRule {
        var r = ValidationRule(id: id, kind: kind, indicator: indicator, importance: importance, message: LocalizedText(zh: "规则", en: "rule"))
        configure(&r)
        return r
    }

    func testEachKindFlagsOnlyWhatItShould() {
        let rules = [
            rule("range", .range) { $0.min = 3; $0.max = 150 },
            rule("change", .change) { $0.maxChangePercent = 25 },
            rule("outlier", .outlier) { $0.threshold = 3.5 },
            rule("order", .notAbove, "rural", importance: .error) { $0.other = "urban" },
        ]
        let fw = framework(rules)
        XCTAssertEqual(FrameworkValidator.problems(in: fw).filter { $0.kind == .badValidationRule }, [])
        // Counties 1…6 in 2024: pm25 40, 42, 41, 43, 39, 90; 140106's 2023 value 70.
        var values: [String: Double] = [:]
        for (i, v) in [40.0, 42, 41, 43, 39, 90].enumerated() { values["pm25 14010\(i + 1) 2024"] = v }
        values["pm25 140106 2023"] = 70
        values["pm25 140101 2023"] = 39
        values["rural 140101 2024"] = 30_000
        values["urban 140101 2024"] = 25_000
        let read: (String, RegionCode, Int) -> Double? = { values["\($0) \($1.rawValue) \($2)"] }
        // 140106: change (90 − 70) / 70 = 28.6 % > 25 %; among 40, 42, 41, 43, 39, 90: median 41.5, deviations 1.5, 0.5,
        // 0.5, 1.5, 2.5, 48.5 → sorted 0.5, 0.5, 1.5, 1.5, 2.5, 48.5 → MAD 1.5; M = 0.6745 × 48.5 / 1.5 = 21.81 > 3.5.
        let six = ValidationRun.violations(framework: fw, tree: Self.tree, region: RegionCode("140106")!, year: 2024, value: read)
        XCTAssertEqual(six.map(\.rule), ["change", "outlier"])
        XCTAssertTrue(six[0].message.en.contains("28.6 %"), six[0].message.en)
        XCTAssertTrue(six[1].message.en.contains("21.81"), six[1].message.en)
        XCTAssertEqual(six[1].commentKey, "outlier@pm25")
        // 140101: change 40 vs 39 is 2.6 %; M = 0.6745 × (40 − 41.5) / 1.5 = −0.67; rural 30,000 above urban 25,000 is an error.
        let one = ValidationRun.violations(framework: fw, tree: Self.tree, region: RegionCode("140101")!, year: 2024, value: read)
        XCTAssertEqual(one.map(\.rule), ["order"])
        XCTAssertEqual(one.first?.importance, .error)
        // Range: 151 is above 150, 3 is not below 3 (inclusive bounds).
        values["pm25 140102 2024"] = 151
        XCTAssertTrue(ValidationRun.violations(framework: fw, tree: Self.tree, region: RegionCode("140102")!, year: 2024, value: read).map(\.rule).contains("range"))
        values["pm25 140102 2024"] = 3
        XCTAssertFalse(ValidationRun.violations(framework: fw, tree: Self.tree, region: RegionCode("140102")!, year: 2024, value: read).map(\.rule).contains("range"))
    }

    func testTooFewSiblingsOrAFlatSpreadSkipTheOutlierRule() {
        let fw = framework([rule("outlier", .outlier) { $0.threshold = 3.5 }])
        // Only four counties report: below the default five, no test.
        let four: [String: Double] = ["140101": 40, "140102": 41, "140103": 42, "140104": 400]
        XCTAssertEqual(ValidationRun.violations(framework: fw, tree: Self.tree, region: RegionCode("140104")!, year: 2024) { _, r, _ in four[r.rawValue] }, [])
        // Five report, four of them equal: MAD 0, no score.
        let flat: [String: Double] = ["140101": 40, "140102": 40, "140103": 40, "140104": 40, "140105": 400]
        XCTAssertEqual(ValidationRun.violations(framework: fw, tree: Self.tree, region: RegionCode("140105")!, year: 2024) { _, r, _ in flat[r.rawValue] }, [])
    }

    func testMalformedRulesAreProblemsOfTheFrameworkFile() {
        let fw = framework([
            rule("a", .range),
            rule("b", .range, "nope") { $0.min = 1 },
            rule("c", .outlier) { $0.threshold = 0 },
            rule("d", .notAbove, "rural") { $0.other = "missing" },
            rule("d", .change) { $0.maxChange = -1 },
        ])
        let problems = FrameworkValidator.problems(in: fw)
        XCTAssertEqual(Set(problems.filter { $0.kind == .badValidationRule }.map(\.location)),
                       ["validation rule a", "validation rule b", "validation rule c", "validation rule d"])
        XCTAssertTrue(problems.contains { $0.kind == .duplicateId && $0.location == "validation rule d" })
    }

    func testDeadlinesAreRealDaysOfTheFollowingYear() {
        let cal = ReportingCalendar(deadlines: ["county": "03-31", "city": "04-31", "province": "13-01"])
        XCTAssertEqual(cal.deadline(level: .county, year: 2025)?.description, "2026-03-31")
        XCTAssertNil(cal.deadline(level: .city, year: 2025), "April has 30 days")
        XCTAssertNil(cal.deadline(level: .province, year: 2025))
    }

    /// The built-in Shanxi framework's rules are well formed and its deadlines set.
    func testTheShanxiRulesFitTheFramework() throws {
        // Loaded as a file so that this test needs no other module.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/EcoIngest/Resources/data/frameworks/shanxi-2021.json")
        let fw = try FrameworkCoding.decode(Data(contentsOf: url))
        XCTAssertEqual(FrameworkValidator.problems(in: fw), [])
        XCTAssertEqual(fw.validation?.count, 7)
        XCTAssertEqual(fw.reporting?.deadline(level: .county, year: 2025)?.description, "2026-03-31")
    }
}
