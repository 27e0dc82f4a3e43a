import EcoCore
import EcoKit
import EcoStandards
import EcoWater
import XCTest

/// Period values, section years and aggregates, worked by hand.
final class WaterAnalysisTests: XCTestCase {
    private func v(_ text: String) -> Int64 { FixedDecimal.parse(text, places: WaterValue.places)! }
    private let taiyuan = RegionCode("140100")!

    private func section(_ code: String, target: WaterClass? = .III, control: ControlLevel = .national, river: String = "汾河") -> WaterSection {
        WaterSection(code: code, name: code, river: river, basin: "黄河", subBasin: "汾河", city: taiyuan, county: RegionCode("140105"),
                     control: control, target: target, body: .river, lon: 112.5, lat: 37.8)
    }

    private func sample(_ s: String, _ month: Int, day: Int = 10, nh3: String, hg: SampleValue? = nil) -> WaterSample {
        var values: [WaterItem: SampleValue] = [.nh3n: .measured(v(nh3))]
        if let hg { values[.Hg] = hg }
        return WaterSample(section: s, date: CivilDay(year: 2024, month: month, day: day), values: values)
    }

    func testMonthlyMeansThenTheYearsMeanOfMonths() throws {
        let nh3 = ["0.5", "0.7", "0.9", "1.1", "1.3", "0.5", "0.7", "0.9"]
        var samples = nh3.enumerated().map { sample("S1", $0.offset + 1, nh3: $0.element, hg: .belowDetection(v("0.00004"))) }
        // A second January sampling: January = (0.5 + 0.3)/2 = 0.4.
        samples.append(sample("S1", 1, day: 25, nh3: "0.3", hg: .belowDetection(v("0.00004"))))
        let (months, year) = WaterAnalysis.sectionYear(section("S1"), year: 2024, samples: samples)
        XCTAssertEqual(months.count, 8)
        XCTAssertEqual(months[0].values["NH3-N"]?.value, v("0.4"))
        XCTAssertEqual(months[0].values["NH3-N"]?.count, 2)
        // April 1.1 → Ⅳ (1.0 < 1.1 ≤ 1.5), target Ⅲ missed, NH3-N (1.1 − 1.0)/1.0 = 0.10 over the target limit.
        XCTAssertEqual(months[3].waterClass, .IV)
        XCTAssertEqual(months[3].targetMet, false)
        XCTAssertEqual(months[3].itemsOverTarget, ["氨氮(0.10)"])
        XCTAssertEqual(months[3].mainItems, ["氨氮(0.1)"])
        // The year: (0.4 + 0.7 + 0.9 + 1.1 + 1.3 + 0.5 + 0.7 + 0.9)/8 = 6.5/8 = 0.8125 → Ⅲ, target met; the month
        // sampled twice weighs as one.
        XCTAssertEqual(year.values["NH3-N"]?.value, v("0.8125"))
        XCTAssertEqual(year.waterClass, .III)
        XCTAssertEqual(year.status, .good)
        XCTAssertEqual(year.targetMet, true)
        XCTAssertEqual(year.months, 8)
        XCTAssertEqual(year.samples, 9)
        XCTAssertTrue(year.complete, "8 months = the minimum")
        // Hg never detected (limit 0.00004): means use 0.00002, shown 未检出; class Ⅰ.
        XCTAssertEqual(year.values["Hg"]?.value, v("0.00002"))
        XCTAssertEqual(year.values["Hg"]?.notDetected, true)
        XCTAssertNil(year.referenceClasses, "no reference item sampled")
        // Fecal coliform is classed on its own: 25,000 个/L → Ⅴ (20,000 < 25,000 ≤ 40,000), the section stays Ⅲ.
        let fc = samples.map { s -> WaterSample in var x = s; x.values[.FC] = .measured(25_000 * WaterValue.scale); return x }
        let (_, withFC) = WaterAnalysis.sectionYear(section("S1"), year: 2024, samples: fc)
        XCTAssertEqual(withFC.referenceClasses, ["FC": .V])
        XCTAssertEqual(withFC.waterClass, .III)
        // Seven months: incomplete.
        let (_, short) = WaterAnalysis.sectionYear(section("S1"), year: 2024, samples: samples.filter { $0.date.components.month != 8 })
        XCTAssertFalse(short.complete)
        XCTAssertEqual(short.months, 7)
    }

    func testAggregatesSharesAndRating() throws {
        // Five national sections of 太原 classed Ⅱ, Ⅲ, Ⅳ, 劣Ⅴ, Ⅱ by NH3-N 0.3, 0.8, 1.2, 2.5, 0.4 (8 months each):
        // Ⅰ–Ⅲ 3/5 = 60 %, 劣Ⅴ 1/5 = 20 % → Ⅰ–Ⅲ < 75 % and 20 % ≤ 劣Ⅴ < 40 %: 中度污染. Targets Ⅲ: 3 of 5 met = 60 %.
        let values = ["0.3", "0.8", "1.2", "2.5", "0.4"]
        var pairs: [(WaterSection, SectionResult)] = []
        for (i, x) in values.enumerated() {
            let s = section("S\(i)")
            let (_, y) = WaterAnalysis.sectionYear(s, year: 2024, samples: (1...8).map { sample(s.code, $0, nh3: x) })
            pairs.append((s, y))
        }
        let a = WaterAnalysis.aggregate(.region, key: "140100", year: 2024, nationalOnly: true, pairs)
        XCTAssertEqual(a.sections, 5)
        XCTAssertEqual(a.counts, [0, 2, 1, 1, 0, 1])
        XCTAssertEqual(try XCTUnwrap(a.shareGood), 60, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(a.shareWorseThanV), 20, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(a.shareTargetMet), 60, accuracy: 1e-12)
        XCTAssertEqual(a.rating, .moderate)
        XCTAssertEqual(a.method, .classShares)
        XCTAssertNil(a.incompleteNote)
        // Three of them: the means of NH3-N (0.3 + 0.8 + 1.2)/3 = 0.766667 → Ⅲ 良好.
        let three = WaterAnalysis.aggregate(.river, key: "汾河", year: 2024, nationalOnly: false, Array(pairs.prefix(3)))
        XCTAssertEqual(three.method, .meanOfSections)
        XCTAssertEqual(three.rating, .good)
        // An incomplete section marks the figures.
        var short = pairs
        short[0].1.complete = false
        XCTAssertEqual(WaterAnalysis.aggregate(.region, key: "140100", year: 2024, nationalOnly: true, short).incompleteNote,
                       "incomplete: 1 of 5 sections have fewer than 8 monthly values")
        // Every level: county 140105, city 140100, province (all + national), the basin, sub-basin and river.
        let tree = RegionTree([
            Region(code: RegionCode("140000")!, name: LocalizedText(zh: "山西省", en: "Shanxi"), level: .province, parent: nil, kind: "省"),
            Region(code: taiyuan, name: LocalizedText(zh: "太原市", en: "Taiyuan"), level: .city, parent: RegionCode("140000"), kind: "地级市"),
            Region(code: RegionCode("140105")!, name: LocalizedText(zh: "小店区", en: "Xiaodian"), level: .county, parent: taiyuan, kind: "市辖区"),
        ])
        let all = WaterAnalysis.aggregates(year: 2024, sections: pairs.map(\.0), results: Dictionary(uniqueKeysWithValues: pairs.map { ($0.0.code, $0.1) }), tree: tree)
        XCTAssertEqual(all.map { "\($0.kind.rawValue):\($0.key)\($0.nationalOnly ? "*" : "")" },
                       ["region:140000", "region:140000*", "region:140100", "region:140100*", "region:140105", "region:140105*",
                        "basin:汾河", "basin:黄河", "river:汾河"])
        XCTAssertTrue(all.allSatisfy { $0.rating == .moderate })
    }

    func testBelowDetectionHalvesTheLimit() {
        XCTAssertEqual(SampleValue.belowDetection(v("0.01")).forMeans, v("0.005"))
        XCTAssertEqual(SampleValue.belowDetection(5).forMeans, 2, "0.000005/2 = 0.0000025 → 0.000002 (half to even)")
        XCTAssertEqual(SampleValue.belowDetection(v("0.01")).text, "0.01L")
        XCTAssertEqual(SampleValue.measured(v("1.25")).text, "1.25")
    }
}
