import EcoAccounting
import EcoCore
import EcoIngest
import EcoServices
import EcoStore
import EcoStoreSQLite
import XCTest

/// The accounting files: their fixed headers, located refusals, and the whole path from files to indicators.
final class AccountingFileTests: XCTestCase {
    let tree = RegionTree((try? BuiltinData.regions()) ?? [])

    func data(_ s: String) -> Data { Data(s.utf8) }

    /// A factor file by its product header: the CO₂ factor is NCV × CC × OF × 44/12, with the NCV's unit converted.
    func testFactorFiles() throws {
        let (set, problems) = AccountingCSV.readFactors(data("fuel,unit,ncv,ncv_unit,carbon_content,oxidation\n原煤,t,20908,kJ/kg,26.37,0.94\n天然气,10^4 m3,38.931,GJ/10^3 m3,15.3,0.99\n"),
                                                        file: "f.csv", id: "mine")
        XCTAssertEqual(problems, [])
        let s = try XCTUnwrap(set)
        // 20 908 kJ/kg = 20.908 GJ/t → 1.90030; 38.931 GJ per 10³ m³ = 389.31 GJ per 10⁴ m³ → 21.6219 tCO₂ per 10⁴ m³
        XCTAssertEqual(try XCTUnwrap(s.fuel("原煤")?.co2Factor), 1.90030, accuracy: 5e-6)
        XCTAssertEqual(try XCTUnwrap(s.fuel("天然气")?.ncv), 389.31, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(s.fuel("天然气")?.co2Factor), 21.62189, accuracy: 5e-5)
        XCTAssertEqual(s.fuel("原煤")?.certainty, "user")
        // The direct header.
        let direct = AccountingCSV.readFactors(data("fuel,unit,co2_factor\n原煤,t,1.98\n"), file: "d.csv", id: "d")
        XCTAssertEqual(direct.value?.fuels.first?.co2Factor, 1.98)
        // Refusals, each located: tC/GJ instead of tC/TJ, a percentage oxidation, an unknown unit; and a mixed header.
        let bad = AccountingCSV.readFactors(data("fuel,unit,ncv,ncv_unit,carbon_content,oxidation\n原煤,t,20.908,GJ/t,0.02637,94\n焦炭,barrel,1,GJ/t,29.5,0.93\n"), file: "b.csv", id: "b")
        XCTAssertNil(bad.value)
        XCTAssertEqual(bad.problems.map(\.description), [
            "b.csv:2:5: carbon_content 0.02637 looks like tC/GJ: write it in tC/TJ (× 1000, e.g. 26.37)",
            "b.csv:2:6: oxidation 94 is outside 0 to 1 (a fraction: 0.94, not 94)",
            "b.csv:3:2: unit 'barrel' is not one of \(AmountUnit.accepted)",
        ])
        XCTAssertEqual(AccountingCSV.readFactors(data("fuel,unit,co2_factor,ncv\n原煤,t,1,2\n"), file: "m.csv", id: "m").problems.first?.message,
                       "the header must be exactly fuel,unit,co2_factor or fuel,unit,ncv,ncv_unit,carbon_content,oxidation")
    }

    /// The energy, electricity, GDP and GEP files refuse bad cells with their line and column, and nothing else.
    func testInputFilesRefuseWithLocations() {
        let set = try? BuiltinData.factorSet()
        let e = AccountingCSV.readEnergy(data("region,year,fuel,amount,unit,use\n140000,2024,原煤,1,200,10^4 t,\n140000,2024,木柴,5,t,\n140000,2024,原煤,-5,t,\n999999,1999,原煤,5,t,feed\n"),
                                         file: "e.csv", tree: tree) { set?.fuel($0) != nil }
        XCTAssertEqual(e.value, [])
        XCTAssertEqual(e.problems.map(\.description), [
            "e.csv:2:7: expected 6 fields as in the header, found 7",
            "e.csv:3:3: fuel '木柴' is in no factor set (the 17 fuels of the energy balance: \(EnergyBalanceFuels.names.joined(separator: "、")))",
            "e.csv:4:4: amount -5 is outside 0 to 10000000000000",
            "e.csv:5:1: region '999999' is not a current division code",
            "e.csv:5:2: year '1999' is not a year from 2000 to 2100",
            "e.csv:5:6: use 'feed' is not energy (empty, energy, 燃料) or feedstock (feedstock, 原料用能)",
        ])
        XCTAssertEqual(AccountingCSV.readGDP(data("region,year,gdp_nominal,gdp_index\n140000,2021,22590.2,1091\n"), file: "g.csv", tree: tree).problems.map(\.description),
                       ["g.csv:2:4: gdp_index 1091 is outside 50 to 200 (previous year = 100)"])
        XCTAssertEqual(AccountingCSV.readElectricity(data("region,year,kwh\n"), file: "x.csv", tree: tree).problems.map(\.description),
                       ["x.csv:1:3: unknown column 'kwh' (expected region,year,net_import_kwh,synthetic)",
                        "x.csv:1:1: the header lacks the column 'net_import_kwh' (the file starts region,year,net_import_kwh)"])
        let g = AccountingCSV.readGEP(data("region,year,account,item,quantity,unit,price,price_unit,value\n140100,2024,土壤保持,soil_retained,1000,t,5,yuan/m3,\n140100,2024,湿地,x,1,t,,,\n"),
                                      file: "p.csv", tree: tree, catalogue: (try? BuiltinData.gepCatalogue()) ?? [])
        XCTAssertEqual(g.problems.map(\.description).first, "p.csv:2:8: price_unit 'yuan/m3' does not match the quantity's unit: expected yuan/t")
        XCTAssertTrue(g.problems[1].description.hasPrefix("p.csv:3:3: account '湿地' is not in the catalogue"))
    }

    /// The demo's files through the services: the carbon and protected feeds write the two indicators, which the
    /// assessment then reads as computed values.
    func testFilesToIndicators() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        try await store.migrate()
        let services = Services(store: store, actor: "test", clock: { Date(timeIntervalSince1970: 1_780_000_000) })
        _ = try await Bootstrap.initialize(store, actor: "test", at: Date(timeIntervalSince1970: 1_750_000_000))
        try await services.loadAccountingDemo(seed: 2021, framework: Services.defaultFramework)
        let province = RegionCode("140000")!
        let accounts = try await services.carbonAccounts(region: province)
        let a2025 = try XCTUnwrap(accounts.first { $0.year == 2025 })
        // The province's rows are its cities' sums, so its CO₂ equals the sum of the cities' (to rounding of the demo's 0.1).
        let cities = try await services.carbonAccounts().filter { $0.year == 2025 && $0.region != province }
        XCTAssertEqual(cities.count, 11)
        XCTAssertEqual(a2025.totalCO2, cities.reduce(0) { $0 + $1.totalCO2 }, accuracy: a2025.totalCO2 * 1e-5)
        let values = try await store.observations(ObservationQuery(framework: Services.defaultFramework, years: 2025...2025))
        let co2 = try XCTUnwrap(values.first { $0.key.indicator == "co2_intensity_reduction" && $0.key.region == province })
        XCTAssertEqual(co2.value, .number((try XCTUnwrap(a2025.cumulativeReduction) * 10).rounded() / 10))
        XCTAssertTrue(co2.source?.hasPrefix("computed: energy CO2 by factor set provincial-2011") == true)
        XCTAssertTrue(co2.synthetic)
        let share = try XCTUnwrap(values.first { $0.key.indicator == "protected_area_share" && $0.key.region == province })
        let run = try await services.computeProtected(year: 2025, framework: Services.defaultFramework, dryRun: true)
        XCTAssertEqual(share.value, .number(((try XCTUnwrap(run.shares.first { $0.region == province }?.share)) * 100).rounded() / 100))
        // Counties get no carbon value (the indicator is for the province and cities).
        XCTAssertFalse(values.contains { $0.key.indicator == "co2_intensity_reduction" && tree[$0.key.region]?.level == .county })
        XCTAssertEqual(values.filter { $0.key.indicator == "co2_intensity_reduction" }.count, 12)
        // GEP of the province is the sum of its cities'.
        let gep = try await services.computeGEP(region: province, year: 2025, method: .ndrc2022)
        XCTAssertEqual(gep.children.count, 11)
        var sum = 0.0
        for c in gep.children { sum += try await services.computeGEP(region: c, year: 2025, method: .ndrc2022).gep }
        XCTAssertEqual(gep.gep, sum, accuracy: 1e-3)
        XCTAssertNotNil(gep.geep)
    }
}
