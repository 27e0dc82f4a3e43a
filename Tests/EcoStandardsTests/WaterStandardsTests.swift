import EcoKit
import EcoStandards
import XCTest

/// GB 3838-2002 Table 1 classes and the 环办〔2011〕22号 section and river rules, worked by hand.
final class WaterStandardsTests: XCTestCase {
    private func v(_ text: String) -> Int64 { FixedDecimal.parse(text, places: WaterValue.places)! }
    private func cls(_ item: WaterItem, _ text: String, _ body: WaterBody = .river) -> WaterClass? { GB3838.itemClass(item, v(text), body: body) }

    /// Every limit of Table 1 sits on its own class, a unit above it on the next worse one (10⁻⁶ of the unit).
    func testEveryClassEdgeOfEveryItem() throws {
        for body in WaterBody.allCases {
            for item in WaterItem.allCases where item != .pH && item != .DO {
                guard let limits = GB3838.limits(item, body: body) else {
                    XCTAssertEqual(item, .TN); XCTAssertEqual(body, .river); continue
                }
                XCTAssertEqual(limits.count, 5)
                for (i, limit) in limits.enumerated() {
                    // The value on a limit gets the best class sharing that limit (COD 15 → Ⅰ, not Ⅱ).
                    let best = limits.firstIndex(of: limit)! + 1
                    XCTAssertEqual(GB3838.itemClass(item, limit, body: body)?.rawValue, best, "\(item) at \(WaterValue.text(limit))")
                    let next = limits[(i + 1)...].first { $0 > limit }.map { limits.firstIndex(of: $0)! + 1 } ?? 6
                    XCTAssertEqual(GB3838.itemClass(item, limit + 1, body: body)?.rawValue, next, "\(item) just above \(WaterValue.text(limit))")
                }
            }
        }
    }

    func testSharedLimitsDOAndPH() {
        XCTAssertEqual(cls(.COD, "15"), .I, "COD Ⅰ = Ⅱ = 15: never Ⅱ")
        XCTAssertEqual(cls(.COD, "15.000001"), .III)
        XCTAssertEqual(cls(.Hg, "0.00005"), .I)
        XCTAssertEqual(cls(.Hg, "0.00005") , cls(.Hg, "0.00004"))
        XCTAssertEqual(cls(.Hg, "0.000051"), .III, "0.000051 > 0.00005 exactly")
        XCTAssertEqual(cls(.Hg, "0.0001"), .III)
        XCTAssertEqual(cls(.Hg, "0.00101"), .worseThanV)
        XCTAssertEqual(cls(.F, "1.0"), .I)
        XCTAssertEqual(cls(.F, "1.2"), .IV)
        // DO is "≥": 7.5 Ⅰ, 7.49 Ⅱ, 6 Ⅱ, 5.99 Ⅲ, 2 Ⅴ, 1.99 劣Ⅴ.
        XCTAssertEqual(["7.5", "7.49", "6", "5.99", "5", "3", "2.5", "2", "1.99"].map { cls(.DO, $0) },
                       [.I, .II, .II, .III, .III, .IV, .V, .V, .worseThanV])
        // pH 6–9 inclusive is Ⅰ (does not worsen the section), outside 劣Ⅴ.
        XCTAssertEqual(["5.99", "6", "7.8", "9", "9.01"].map { cls(.pH, $0) }, [.worseThanV, .I, .I, .I, .worseThanV])
        XCTAssertNil(GB3838.itemClass(.nh3n, -1, body: .river))
    }

    func testTotalPhosphorusRiverVersusLakeAndTN() {
        // TP 0.04: river Ⅱ (0.02 < 0.04 ≤ 0.1), lake Ⅲ (0.025 < 0.04 ≤ 0.05).
        XCTAssertEqual(cls(.TP, "0.04", .river), .II)
        XCTAssertEqual(cls(.TP, "0.04", .lake), .III)
        XCTAssertEqual(cls(.TP, "0.25", .reservoir), .worseThanV)
        XCTAssertEqual(cls(.TP, "0.25", .river), .IV)
        XCTAssertNil(cls(.TN, "3", .river), "河流总氮除外")
        XCTAssertEqual(cls(.TN, "1.2", .lake), .IV)
    }

    func testSectionWorstClassTargetAndMainItems() {
        // NH3-N 1.8 (Ⅴ, (1.8 − 1.0)/1.0 = 0.8), CODMn 12 (Ⅴ, (12 − 6)/6 = 1.0), TP 0.25 (Ⅳ, (0.25 − 0.2)/0.2 = 0.25),
        // COD 32 (Ⅴ, (32 − 20)/20 = 0.6), DO 4 (Ⅳ), F 0.8 (Ⅰ), FC 50000 (reference item, 劣Ⅴ).
        let e = SurfaceWaterEvaluation.section([.nh3n: v("1.8"), .CODMn: v("12"), .TP: v("0.25"), .COD: v("32"), .DO: v("4"), .F: v("0.8"),
                                                .FC: v("50000")], body: .river, target: .III)
        XCTAssertEqual(e.waterClass, .V, "the worst of the 21 items; fecal coliform does not count")
        XCTAssertEqual(e.status, .moderate)
        XCTAssertEqual(e.status?.name, "中度污染")
        XCTAssertEqual(e.targetMet, false)
        XCTAssertEqual(e.referenceItems.map(\.item), [.FC])
        XCTAssertEqual(e.referenceItems.first?.waterClass, .worseThanV)
        // Worse than Ⅲ: the three class-Ⅴ items by multiple (CODMn 1.0, NH3-N 0.8, COD 0.6), before TP and DO (Ⅳ).
        XCTAssertEqual(e.mainItems.map(\.item), [.CODMn, .nh3n, .COD])
        XCTAssertEqual(e.mainItems.map { $0.label(body: .river) }, ["高锰酸盐指数(1.0)", "氨氮(0.8)", "化学需氧量(0.6)"])
        XCTAssertEqual(e.itemsOverTarget.map(\.item), [.DO, .CODMn, .COD, .nh3n, .TP])
        XCTAssertEqual(try XCTUnwrap(e.items.first { $0.item == .TP }?.overTarget), 0.25, accuracy: 1e-12)
        XCTAssertNil(e.items.first { $0.item == .DO }?.overIII, "no multiple for DO")
        // Exact rounding of the quotient: NH3-N 1.25 over 1.0 → 0.25 → one decimal half to even 0.2; 1.35 → 0.35 → 0.4;
        // Hg 0.000125 over Ⅲ 0.0001 → 0.25 → "0.25" at two decimals.
        XCTAssertEqual(GB3838.exceedanceText(.nh3n, v("1.25"), over: .III, body: .river, decimals: 1), "0.2")
        XCTAssertEqual(GB3838.exceedanceText(.nh3n, v("1.35"), over: .III, body: .river, decimals: 1), "0.4")
        XCTAssertEqual(GB3838.exceedanceText(.Hg, v("0.000125"), over: .III, body: .river, decimals: 2), "0.25")
        XCTAssertNil(GB3838.exceedanceText(.nh3n, v("1.0"), over: .III, body: .river, decimals: 1))
        // Cyanide and heavy metals exceeding Ⅲ come first: CN 0.3 (above the Ⅴ limit 0.2 → 劣Ⅴ, (0.3 − 0.2)/0.2 = 0.5),
        // Pb 0.06 (Ⅴ, (0.06 − 0.05)/0.05 = 0.2); then NH3-N 3 (劣Ⅴ, (3 − 1)/1 = 2.0) before CODMn 16 (劣Ⅴ, 10/6 = 1.67).
        let p = SurfaceWaterEvaluation.section([.CN: v("0.3"), .Pb: v("0.06"), .nh3n: v("3"), .CODMn: v("16")], body: .river)
        XCTAssertEqual(p.mainItems.map(\.item), [.CN, .Pb, .nh3n])
        XCTAssertEqual(p.mainItems.first?.label(body: .river), "氰化物(0.5)")
        // A class-Ⅲ section has no main pollution items; a tie in class and multiple goes by Table 1 order.
        XCTAssertEqual(SurfaceWaterEvaluation.section([.nh3n: v("1.0"), .COD: v("20")], body: .river, target: .III).mainItems, [])
        XCTAssertEqual(SurfaceWaterEvaluation.section([.nh3n: v("1.0"), .COD: v("20")], body: .river, target: .III).targetMet, true)
        let tie = SurfaceWaterEvaluation.section([.BOD5: v("6"), .CODMn: v("9")], body: .river)    // (6 − 4)/4 = 0.5 = (9 − 6)/6
        XCTAssertEqual(tie.mainItems.map(\.item), [.CODMn, .BOD5])
    }

    /// The class-share method at each threshold (§6.4), with 20 sections (a section is 5 %).
    func testBasinRatingAtEachThreshold() {
        func sections(good: Int, iv: Int, worse: Int) -> [WaterClass] {
            Array(repeating: .II, count: good) + Array(repeating: .IV, count: iv) + Array(repeating: .worseThanV, count: worse)
        }
        XCTAssertEqual(SurfaceWaterEvaluation.classShares(sections(good: 18, iv: 2, worse: 0)).status, .excellent)   // 90 % ≥ 90
        XCTAssertEqual(SurfaceWaterEvaluation.classShares(sections(good: 17, iv: 3, worse: 0)).status, .good)        // 85 %
        XCTAssertEqual(SurfaceWaterEvaluation.classShares(sections(good: 15, iv: 5, worse: 0)).status, .good)        // 75 % ≥ 75
        XCTAssertEqual(SurfaceWaterEvaluation.classShares(sections(good: 14, iv: 3, worse: 3)).status, .light)       // 70 %, 劣Ⅴ 15 %
        XCTAssertEqual(SurfaceWaterEvaluation.classShares(sections(good: 14, iv: 2, worse: 4)).status, .moderate)    // 劣Ⅴ 20 % ≥ 20
        XCTAssertEqual(SurfaceWaterEvaluation.classShares(sections(good: 10, iv: 3, worse: 7)).status, .moderate)    // 劣Ⅴ 35 %
        XCTAssertEqual(SurfaceWaterEvaluation.classShares(sections(good: 4, iv: 8, worse: 8)).status, .heavy)        // 劣Ⅴ 40 % ≥ 40
        // Unrounded shares: 2 of 3 = 66.67 % is below 75 however it would be printed.
        let third = SurfaceWaterEvaluation.classShares([.I, .II, .IV, .II, .III, .V, .II, .II, .I])          // 7/9 = 77.8 %
        XCTAssertEqual(third.status, .good)
        XCTAssertEqual(third.shareGood, 700.0 / 9, accuracy: 1e-9)
        XCTAssertEqual(SurfaceWaterEvaluation.classShares([]).status, nil)
    }

    /// Fewer than 5 sections: the means of the items, then the single-factor class (§6.4).
    func testFewerThanFiveSectionsAverageTheItems() {
        // NH3-N 0.4, 1.2, 1.7 → mean 3.3/3 = 1.1 → Ⅳ (1.0 < 1.1 ≤ 1.5); COD 10, 18, 26 → 18 → Ⅲ. The river is Ⅳ,
        // 轻度污染 — though one of its three sections is Ⅴ and one Ⅱ.
        let r = SurfaceWaterEvaluation.river([[.nh3n: v("0.4"), .COD: v("10")], [.nh3n: v("1.2"), .COD: v("18")], [.nh3n: v("1.7"), .COD: v("26")]])
        XCTAssertEqual(r.method, .meanOfSections)
        XCTAssertEqual(r.meanClass, .IV)
        XCTAssertEqual(r.status, .light)
        XCTAssertEqual(r.sections, 3)
        XCTAssertEqual(r.counts[.V], 1)
        // Five sections switch to the class shares: 4 of 5 at Ⅰ–Ⅲ = 80 % → 良好.
        let five = SurfaceWaterEvaluation.river((0..<5).map { i in [.nh3n: v(i == 0 ? "1.8" : "0.3")] })
        XCTAssertEqual(five.method, .classShares)
        XCTAssertEqual(five.status, .good)
        // Means round half to even at 10⁻⁶: (0.000001 + 0.000002)/2 = 0.0000015 → 0.000002.
        XCTAssertEqual(SurfaceWaterEvaluation.mean([1, 2]), 2)
        XCTAssertEqual(SurfaceWaterEvaluation.mean([1, 4]), 2)          // 2.5 → 2
        XCTAssertNil(SurfaceWaterEvaluation.mean([]))
    }

    func testClassAndItemNames() {
        XCTAssertEqual(WaterClass(text: "劣Ⅴ类"), .worseThanV)
        XCTAssertEqual(WaterClass(text: "III"), .III)
        XCTAssertEqual(WaterClass(text: "Ⅱ类"), .II)
        XCTAssertNil(WaterClass(text: "VII"))
        XCTAssertEqual(WaterItem(key: "NH3-N"), .nh3n)
        XCTAssertEqual(WaterItem(key: "氨氮"), .nh3n)
        XCTAssertEqual(WaterItem(key: "cod"), .COD)
        XCTAssertEqual(WaterItem.FC.tableNumber, 24)
        XCTAssertEqual(WaterItem.Hg.tableNumber, 15)
    }
}
