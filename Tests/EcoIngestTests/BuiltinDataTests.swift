import EcoAir
import EcoCore
import EcoIngest
import EcoServices
import EcoStore
import EcoStoreSQLite
import XCTest

final class BuiltinDataTests: XCTestCase {
    func testThreeFrameworksWithTheirIndicatorCountsAllValid() throws {
        let fws = try BuiltinData.frameworks()
        XCTAssertEqual(fws.map(\.id), ["shanxi-2021", "eco-province-2007", "mee-demo-2019"])
        XCTAssertEqual(fws.map(\.indicators.count), [25, 16, 40])
        XCTAssertEqual(fws.map(\.basicConditions.count), [5, 5, 0])
        for fw in fws { XCTAssertEqual(FrameworkValidator.problems(in: fw).map(\.description), [], fw.id) }
    }

    func testShanxiFrameworkCarriesProvenanceAndReconstructionMarks() throws {
        let sx = try XCTUnwrap(BuiltinData.frameworks().first)
        XCTAssertEqual(sx.categories.map(\.name.zh), ["经济发展", "生态环境保护", "社会进步"])
        XCTAssertEqual(sx.orderedIndicators.map(\.number), Array(1...25))
        // The six names in the outline's text among the 2007 indicators, and the five named new ones, are documented.
        let documented = sx.indicators.filter { $0.provenance.certainty == .documented }.map(\.id).sorted()
        XCTAssertEqual(documented, ["acid_rain", "co2_intensity_reduction", "pollutant_intensity", "polluted_farmland_safe_use",
                                    "protected_area_share", "rural_income", "rural_sewage_treatment", "soil_water_conservation",
                                    "surface_water_utilisation", "urban_income", "urbanisation"])
        XCTAssertEqual(sx.indicators.filter { $0.provenance.basis == "reconstruction" }.count, 4)
        // Every indicator has a target for both milestones at the province.
        let tree = RegionTree(try BuiltinData.regions())
        let province = try XCTUnwrap(RegionCode("140000"))
        for ind in sx.indicators {
            for m in [2025, 2030] { XCTAssertNotNil(ind.target(for: province, milestone: m, in: tree), "\(ind.id) \(m)") }
        }
    }

    func testTheTwoThousandSevenIncomeTargetsFollowTheEconomicZone() throws {
        let e07 = try XCTUnwrap(BuiltinData.frameworks().first { $0.id == "eco-province-2007" })
        let tree = RegionTree(try BuiltinData.regions())
        let rural = try XCTUnwrap(e07.indicator("rural_income"))
        // Shanxi is 中部: 农民年人均纯收入 ≥ 6000 (东部 8000, 西部 4500).
        XCTAssertEqual(rural.target(for: RegionCode("140000")!, milestone: 2025, in: tree)?.value, .threshold(6000))
        XCTAssertEqual(e07.indicator("urban_income")?.target(for: RegionCode("140000")!, milestone: 2030, in: tree)?.value, .threshold(14000))
    }

    func testDivisionTreeOfShanxi() throws {
        let tree = RegionTree(try BuiltinData.regions())
        XCTAssertEqual(tree.current(level: .province).map(\.code.rawValue), ["140000"])
        XCTAssertEqual(tree.current(level: .city).count, 11)
        let counties = tree.current(level: .county)
        XCTAssertEqual(counties.count, 117)
        XCTAssertEqual(Dictionary(grouping: counties, by: \.kind).mapValues(\.count), ["市辖区": 26, "县": 80, "县级市": 11])
        for c in counties { XCTAssertEqual(tree[c.parent!]?.level, .city, c.code.rawValue) }
        // Codes retired by the 2018–2019 mergers are kept with their end date.
        let retired = tree.regions.filter { $0.validTo != nil }
        XCTAssertEqual(retired.count, 11)
        XCTAssertEqual(tree[RegionCode("140726")!]?.validTo, "2018-12-31")
        XCTAssertEqual(tree[RegionCode("140703")!]?.validFrom, "2019-01-01")
        XCTAssertEqual(tree.attribute("economicZone", of: RegionCode("141182")!), "中部")
    }

    func testPublishedFiguresAreStoredWithSourceAndCertainty() async throws {
        let db = try await TempDatabase.make()
        defer { db.remove() }
        let obs = try await db.store.observations(ObservationQuery(framework: "shanxi-2021", region: RegionCode("140000")))
        XCTAssertEqual(obs.count, 24)
        let pm2020 = try XCTUnwrap(obs.first { $0.key.indicator == "pm25" && $0.key.year == 2020 })
        XCTAssertEqual(pm2020.value, .number(46))
        XCTAssertEqual(pm2020.certainty, .derived)
        XCTAssertTrue(pm2020.source?.contains("37 ÷ (1 − 0.196)") ?? false)
        let good2024 = try XCTUnwrap(obs.first { $0.key.indicator == "good_air_days_ratio" && $0.key.year == 2024 })
        XCTAssertEqual(good2024.value, .number(74.2))
        XCTAssertEqual(good2024.certainty, .documented)
        XCTAssertEqual(obs.first { $0.key.indicator == "rural_income" }?.certainty, .reconstructed)
        XCTAssertFalse(obs.contains { $0.synthetic })
        // A second init changes nothing.
        let again = try await Bootstrap.initialize(db.store, actor: "test", at: Date())
        XCTAssertEqual(again.regionsAdded, 0)
        XCTAssertEqual(again.frameworksAdded, [])
        XCTAssertEqual(again.published, WriteSummary(kept: 24))
    }

    /// The built-in eco-compensation schemes decode, and the values the reference marks reconstructed carry that mark.
    func testCompensationSchemes() throws {
        let schemes = try BuiltinData.compensationSchemes()
        XCTAssertEqual(schemes.map(\.id), ["shanxi-vertical-2013", "yellow-river-yjs-2025"])
        let v = schemes[0]
        XCTAssertEqual(v.tierAmounts?.map(\.value), [50, 100, 150, 200, 300])
        XCTAssertEqual(v.tierAmounts?.map { $0.certainty.rawValue }, ["A", "B", "B", "B", "A"])
        XCTAssertEqual(schemes[1].perClass?.value, 6000)
        XCTAssertEqual(schemes[1].monthlyCap?.value, 200)
        XCTAssertThrowsError(try BuiltinData.compensationScheme(Data("{\"id\": 1}".utf8), file: "x.json")) { e in
            XCTAssertTrue("\(e)".hasPrefix("x.json: not a compensation scheme"), "\(e)")
        }
    }
}
