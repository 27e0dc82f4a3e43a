import EcoCore
import XCTest

final class TargetResolutionTests: XCTestCase {
    /// Forest cover as in the 2007 standard: terrain rules, a province decomposition and a framework default.
    private let forest = Fixture.indicator(targets: [
        TargetRule(milestone: 2025, target: .threshold(65), when: ["terrain": "山区"]),
        TargetRule(milestone: 2025, target: .threshold(12), when: ["terrain": "平原"]),
        TargetRule(milestone: 2025, target: .threshold(26), region: Fixture.code("140000")),
        TargetRule(milestone: 2025, target: .threshold(30), region: Fixture.code("140122")),
        TargetRule(milestone: 2025, target: .threshold(42.5)),
        TargetRule(milestone: 2030, target: .threshold(42.5)),
    ])

    private func target(_ code: String, _ m: Int = 2025) -> ResolvedTarget? {
        forest.target(for: Fixture.code(code), milestone: m, in: Fixture.tree)
    }

    func testOwnRuleWinsOverAttributes() {
        // 阳曲县 is 山区 (→ 65) but has its own 30.
        XCTAssertEqual(target("140122")?.value, .threshold(30))
        XCTAssertEqual(target("140122")?.basis, .own)
    }

    func testAttributeRuleForItsClass() {
        XCTAssertEqual(target("140121")?.value, .threshold(12))
        XCTAssertEqual(target("140121")?.basis, .byAttributes)
    }

    func testUnknownTerrainInheritsTheNearestAncestor() {
        // 娄烦县 has no terrain and no own target; 太原市 has none either; the province's 26 applies.
        XCTAssertEqual(target("140123")?.value, .threshold(26))
        XCTAssertEqual(target("140123")?.basis, .inherited(from: Fixture.code("140000")))
        XCTAssertEqual(target("140100")?.value, .threshold(26))
    }

    func testFrameworkDefaultWhenNothingElseApplies() {
        XCTAssertEqual(target("140123", 2030)?.value, .threshold(42.5))
        XCTAssertEqual(target("140123", 2030)?.basis, .frameworkDefault)
        XCTAssertNil(Fixture.indicator(targets: []).target(for: Fixture.code("140000"), milestone: 2025, in: Fixture.tree))
    }

    func testLevelIsAnAttribute() {
        let sewage = Fixture.indicator(targets: [TargetRule(milestone: 2025, target: .threshold(95), when: ["level": "city"]),
                                                 TargetRule(milestone: 2025, target: .threshold(85), when: ["level": "county"])])
        XCTAssertEqual(sewage.target(for: Fixture.code("140100"), milestone: 2025, in: Fixture.tree)?.value, .threshold(95))
        XCTAssertEqual(sewage.target(for: Fixture.code("140121"), milestone: 2025, in: Fixture.tree)?.value, .threshold(85))
        XCTAssertNil(sewage.target(for: Fixture.code("140000"), milestone: 2025, in: Fixture.tree))
    }

    func testAttributesInheritDownTheTree() {
        XCTAssertEqual(Fixture.tree.attribute("economicZone", of: Fixture.code("140121")), "中部")
        XCTAssertNil(Fixture.tree.attribute("terrain", of: Fixture.code("140123")))
        XCTAssertEqual(Fixture.tree.lineage(of: Fixture.code("140121")).map(\.code.rawValue), ["140121", "140100", "140000"])
        XCTAssertEqual(Fixture.tree.current(level: .county).count, 3)
    }
}

final class ValueRulesTests: XCTestCase {
    private let percent = Fixture.indicator()

    func testPlainDecimalsInRange() {
        XCTAssertEqual(try ValueRules.parse("23.57", for: percent).get(), .number(23.57))
        XCTAssertEqual(try ValueRules.parse("0", for: percent).get(), .number(0))
        XCTAssertEqual(try ValueRules.parse("100", for: percent).get(), .number(100))
        XCTAssertEqual(try ValueRules.parse("0.5", for: percent).get(), .number(0.5))
        XCTAssertEqual(try ValueRules.parse("99.999999999999", for: percent).get(), .number(99.999999999999), "14 significant digits")
    }

    func testRefusals() {
        func problem(_ t: String, _ i: Indicator? = nil) -> ValueProblem? {
            if case .failure(let p) = ValueRules.parse(t, for: i ?? percent) { return p }
            return nil
        }
        XCTAssertEqual(problem("12,5"), .decimalComma("12,5"))
        // "1,200" is a thousands separator in Chinese practice: never advised to become 1.200 (a 1000× error).
        XCTAssertEqual(problem("1,200"), .loose("1,200", .thousandsSeparator))
        XCTAssertEqual(problem("-12,345.6"), .loose("-12,345.6", .thousandsSeparator))
        XCTAssertEqual(problem("1,234,567"), .loose("1,234,567", .thousandsSeparator))
        XCTAssertEqual(problem("12,34"), .decimalComma("12,34"))
        XCTAssertFalse(ValueProblem.loose("1,200", .thousandsSeparator).message(.zh).contains("1.200"))
        XCTAssertEqual(problem("85%"), .percentSign("85%"))
        XCTAssertEqual(problem(""), .empty)
        XCTAssertEqual(problem("abc"), .notANumber("abc"))
        XCTAssertEqual(problem("1-2"), .notANumber("1-2"))
        XCTAssertEqual(problem("nan"), .notANumber("nan"))
        XCTAssertEqual(problem("100.01"), .outOfRange(100.01, ValueRange(min: 0, max: 100), unit: "%"))
        XCTAssertEqual(problem("-0.5"), .outOfRange(-0.5, ValueRange(min: 0, max: 100), unit: "%"))
        XCTAssertEqual(problem("14.2", Fixture.indicator(unit: "pH")), .outOfRange(14.2, ValueRange(min: 0, max: 14), unit: "pH"))
        XCTAssertEqual(problem("-3", Fixture.indicator(unit: "元/人")), .outOfRange(-3, ValueRange(min: 0, max: nil), unit: "元/人"))
        // The strict grammar (StrictDecimal): each loose form is refused with its reason.
        XCTAssertEqual(problem("1e400"), .loose("1e400", .exponent))
        XCTAssertEqual(problem("1e2"), .loose("1e2", .exponent))
        XCTAssertEqual(problem("+5"), .loose("+5", .plusSign))
        XCTAssertEqual(problem(".5"), .loose(".5", .barePoint))
        XCTAssertEqual(problem("5."), .loose("5.", .barePoint))
        XCTAssertEqual(problem(" 5"), .loose(" 5", .spaces))
        XCTAssertEqual(problem("5\u{A0}"), .loose("5\u{A0}", .spaces))
        XCTAssertEqual(problem("-0"), .loose("-0", .negativeZero))
        XCTAssertEqual(problem("-0.00"), .loose("-0.00", .negativeZero))
        // 40 digits: not stored as 1e+40; 16 significant digits: not cut to 17 silently.
        XCTAssertEqual(problem(String(repeating: "1", count: 40)), .loose(String(repeating: "1", count: 40), .tooManyDigits(40)))
        XCTAssertEqual(problem("12.34567890123456"), .loose("12.34567890123456", .tooManyDigits(16)))
        XCTAssertEqual(try ValueRules.parse("12.3456789012345000", for: percent).get(), .number(12.3456789012345), "trailing zeros are not significant")
        XCTAssertEqual(problem("0x10"), .notANumber("0x10"))
        XCTAssertEqual(problem("1,234.5"), .loose("1,234.5", .thousandsSeparator), "grouped digits: remove the separators")
        if case .failure(let p) = ValueRules.parse("1e2", for: percent) {
            XCTAssertEqual(p.message(.en), "'1e2' is not a plain decimal: write it without an exponent (1e2 → 100)")
            XCTAssertEqual(p.message(.zh), "“1e2”不是规范的数值：不要使用科学计数法（如 1e2），请写成 100")
        }
    }

    func testIndicatorRangeOverridesTheUnit() {
        var reduction = Fixture.indicator()
        reduction.range = ValueRange(min: -100, max: 100)
        XCTAssertEqual(try ValueRules.parse("-4.2", for: reduction).get(), .number(-4.2))
    }

    func testLevels() {
        let q = Fixture.indicator(unit: "-", direction: .level, comparator: .level, allowedLevels: ["达标", "未达标"])
        XCTAssertEqual(try ValueRules.parse("达标", for: q).get(), .level("达标"))
        if case .failure(let p) = ValueRules.parse("好", for: q) {
            XCTAssertEqual(p.message(.zh), "“好”不是允许的等级（应为：达标、未达标）")
        } else {
            XCTFail("好 is not a level")
        }
    }

    func testCanonicalText() {
        XCTAssertEqual(ObservationValue.number(6000).description, "6000")
        XCTAssertEqual(ObservationValue.number(23.57).description, "23.57")
        XCTAssertEqual(ObservationValue.number(-1.5).description, "-1.5")
    }
}
