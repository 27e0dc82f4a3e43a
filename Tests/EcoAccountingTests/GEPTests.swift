import EcoAccounting
import EcoCore
import EcoIngest
import XCTest

/// The GEP chains worked by hand (gep-carbon.md §3–5).
final class GEPTests: XCTestCase {
    let city = RegionCode("140100")!

    func compute(_ rows: [GEPRow], method: GEPMethod = .local, gdp: Double? = nil) throws -> GEPResult {
        GEPAccounting.compute(region: city, year: 2012, rows: rows, catalogue: try BuiltinData.gepCatalogue(), prices: try BuiltinData.gepPrices(),
                              method: method, gdpNominalE8: gdp)
    }

    func row(_ account: String, _ item: String, q: Double? = nil, unit: String? = nil, p: Double? = nil, pu: String? = nil, v: Double? = nil) -> GEPRow {
        GEPRow(region: city, year: 2012, account: account, item: item, quantity: q, unit: unit, price: p, priceUnit: pu, value: v)
    }

    /// Soil retention: sediment λ × Q/ρ × c and N, P as Q × content × price.
    func testSoilRetentionChain() throws {
        let r = try compute([row("土壤保持", "soil_retained", q: 1_000_000, unit: "t"), row("土壤保持", "silt_coefficient", q: 0.24, unit: "1"),
                             row("土壤保持", "soil_bulk_density", q: 1.2, unit: "t/m3"), row("土壤保持", "soil_n_content", q: 0.37, unit: "%"),
                             row("土壤保持", "soil_p_content", q: 0.00108, unit: "1"), row("土壤保持", "dredging_cost", p: 15, pu: "yuan/m3"),
                             row("土壤保持", "n_price", p: 2625, pu: "yuan/t"), row("土壤保持", "p_price", p: 8400, pu: "yuan/t")])
        let a = try XCTUnwrap(r.accounts.first)
        // sediment 0.24 × 1 000 000 t / 1.2 t/m³ = 200 000 m³ × 15 = 3 000 000 yuan
        // N 1 000 000 × 0.37 % = 3 700 t × 2 625 = 9 712 500; P 1 000 000 × 0.108 % = 1 080 t × 8 400 = 9 072 000
        XCTAssertEqual(a.lines.map(\.item), ["sediment", "N", "P"])
        XCTAssertEqual(a.lines.map(\.value), [3_000_000, 9_712_500, 9_072_000].map(Double.init))
        XCTAssertEqual(a.lines[0].quantity ?? 0, 200_000, accuracy: 1e-6)
        XCTAssertEqual(a.value, 21_784_500, accuracy: 1e-6)
        XCTAssertEqual(a.quantity, 1_000_000)
        XCTAssertEqual(a.lines[0].priceSource, "input")
    }

    /// Soil retained by RUSLE from the table by ecosystem type.
    func testRUSLETable() throws {
        let r = try compute([row("土壤保持", "rusle_r:林地", q: 2000, unit: "1"), row("土壤保持", "rusle_k:林地", q: 0.02, unit: "1"),
                             row("土壤保持", "rusle_ls:林地", q: 5, unit: "1"), row("土壤保持", "rusle_c:林地", q: 0.1, unit: "1"),
                             row("土壤保持", "rusle_p:林地", q: 1, unit: "1"), row("土壤保持", "area:林地", q: 100, unit: "km2"),
                             row("土壤保持", "soil_bulk_density", q: 1.2, unit: "t/m3")])
        // 2000 × 0.02 × 5 × (1 − 0.1 × 1) × 10 000 hm² = 1 800 000 t
        XCTAssertEqual(try XCTUnwrap(r.accounts.first?.quantity), 1_800_000, accuracy: 1e-6)
    }

    /// Sand fixation: area = Q/(ρ·h), × sand-control cost; the defaults ρ = 1.28 t/m³ and h = 0.1 m.
    func testSandFixationChain() throws {
        let r = try compute([row("防风固沙", "sand_fixed", q: 640_000, unit: "t"), row("防风固沙", "sand_control_cost", p: 3.75, pu: "yuan/m2")])
        let l = try XCTUnwrap(r.accounts.first?.lines.first)
        // 640 000 t / (1.28 t/m³ × 0.1 m) = 5 000 000 m² × 3.75 = 18 750 000 yuan
        XCTAssertEqual(try XCTUnwrap(l.quantity), 5_000_000, accuracy: 1e-6)
        XCTAssertEqual(l.value, 18_750_000, accuracy: 1e-6)
    }

    /// Deflating a 2010 default to 2012 by the CPI chain; a statutory rate is not deflated.
    func testDeflatingAPrice() throws {
        let prices = try BuiltinData.gepPrices()
        // CPI 2011 105.4, 2012 102.6: 1.054 × 1.026 = 1.081404; back from 2012 to 2010 is its inverse.
        XCTAssertEqual(try XCTUnwrap(prices.deflatorFactor(from: 2010, to: 2012)), 1.081404, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(prices.deflatorFactor(from: 2012, to: 2010)), 1 / 1.081404, accuracy: 1e-12)
        // A user's index replaces the built-in one for its year: 1.054 × 1.10 = 1.1594.
        XCTAssertEqual(try XCTUnwrap(prices.deflatorFactor(from: 2010, to: 2012, override: [2012: 110])), 1.1594, accuracy: 1e-12)
        XCTAssertNil(prices.deflatorFactor(from: 1990, to: 2012))
        // The user's index rows of earlier years count too: 2011 at 110 instead of 105.4 → 7.06 × 1.10 × 1.026 = 7.967916.
        let index = GEPRow(region: city, year: 2011, account: "价格指数", item: "cpi", quantity: 110)
        let withIndex = GEPAccounting.compute(region: city, year: 2012, rows: [row("洪水调蓄", "reservoir_capacity", q: 1e8, unit: "m3")],
                                              catalogue: try BuiltinData.gepCatalogue(), prices: prices, method: .local,
                                              deflator: GEPAccounting.userDeflator([index]))
        XCTAssertEqual(try XCTUnwrap(withIndex.accounts.first?.lines.first?.price), 7.967916, accuracy: 1e-6)
        // Flood regulation with the default reservoir cost: 0.35 × 10⁸ m³ = 3.5 × 10⁷ m³ × 7.06 × 1.081404 = 267 222 552.48 yuan
        let r = try compute([row("洪水调蓄", "reservoir_capacity", q: 1e8, unit: "m3")])
        let l = try XCTUnwrap(r.accounts.first?.lines.first)
        XCTAssertEqual(try XCTUnwrap(l.price), 7.634712, accuracy: 1e-6)
        XCTAssertEqual(l.value, 3.5e7 * 7.06 * 1.081404, accuracy: 1e-3)
        XCTAssertTrue(l.priceSource?.contains("2010 prices") == true)
        // SO₂ at the Shanxi tax basis (1 895 yuan/t) is used as is, capped at the emission: min(9 000, 6 000) × 1 895 = 11 370 000.
        let air = try compute([row("空气净化", "SO2", q: 9000, unit: "t"), row("空气净化", "emission:SO2", q: 6000, unit: "t"), row("空气净化", "NOx", q: 7000, unit: "t")])
        let a = try XCTUnwrap(air.accounts.first)
        XCTAssertEqual(a.value, 11_370_000, accuracy: 1e-6)
        XCTAssertEqual(a.problems, ["NOx: no emission:NOx row — a purification service is capped at the actual emission, so it is not counted"])
    }

    /// Water conservation Σ max(0, P − R − ET) × A, oxygen from the CO₂ fixed, the method switches, and GEEP.
    func testWaterConservationOxygenMethodsAndGEEP() throws {
        let r = try compute([
            row("水源涵养", "precipitation:森林", q: 550, unit: "mm"), row("水源涵养", "storm_runoff:森林", q: 50, unit: "mm"),
            row("水源涵养", "evapotranspiration:森林", q: 400, unit: "mm"), row("水源涵养", "area:森林", q: 100, unit: "km2"),
            row("水源涵养", "precipitation:草地", q: 500, unit: "mm"), row("水源涵养", "storm_runoff:草地", q: 60, unit: "mm"),
            row("水源涵养", "evapotranspiration:草地", q: 460, unit: "mm"), row("水源涵养", "area:草地", q: 50, unit: "km2"),
            row("水源涵养", "reservoir_cost", p: 7, pu: "yuan/m3"),
            row("固碳", "co2_fixed", q: 44_000, unit: "t"), row("固碳", "carbon_price", p: 50, pu: "yuan/t"), row("释氧", "oxygen_price", p: 1000, pu: "yuan/t"),
            row("农业产品", "农业总产值", v: 5e8),
            row("GEEP", "pollution_loss", v: 2e8), row("GEEP", "ecological_damage", v: 0.5e8),
        ], method: .ndrc2022, gdp: 100)
        let w = try XCTUnwrap(r.accounts.first { $0.account == "水源涵养" })
        // 森林 (550 − 50 − 400) mm × 10⁸ m² × 10⁻³ = 10⁷ m³; 草地 500 − 60 − 460 < 0 counts 0; × 7 = 7 × 10⁷ yuan
        XCTAssertEqual(w.quantity, 1e7)
        XCTAssertEqual(w.value, 7e7, accuracy: 1e-6)
        // 释氧 = 32/44 × 44 000 t = 32 000 t × 1 000 = 3.2 × 10⁷, but not in the NDRC list: shown, not summed.
        let o = try XCTUnwrap(r.accounts.first { $0.account == "释氧" })
        XCTAssertEqual(o.value, 3.2e7, accuracy: 1e-6)
        XCTAssertFalse(o.included)
        // GEP = 5 × 10⁸ + 7 × 10⁷ + 44 000 × 50 = 500 000 000 + 70 000 000 + 2 200 000 = 572 200 000
        XCTAssertEqual(r.gep, 572_200_000, accuracy: 1e-6)
        XCTAssertEqual(r.byClass["regulating"] ?? 0, 72_200_000, accuracy: 1e-6)
        // GEEP = GDP − PDC − EDC + ERS = 100 × 10⁸ − 2 × 10⁸ − 0.5 × 10⁸ + 0.722 × 10⁸ = 98.222 × 10⁸
        XCTAssertEqual(try XCTUnwrap(r.geep), 9_822_200_000, accuracy: 1e-3)
        XCTAssertEqual(try XCTUnwrap(r.gepPerGDP), 0.05722, accuracy: 1e-12)
        // The MEE family counts 释氧.
        let mee = try compute(r.accounts.isEmpty ? [] : [row("固碳", "co2_fixed", q: 44_000, unit: "t"), row("固碳", "carbon_price", p: 50, pu: "yuan/t"),
                                                        row("释氧", "oxygen_price", p: 1000, pu: "yuan/t")], method: .mee2020)
        XCTAssertEqual(mee.gep, 2_200_000 + 32_000_000, accuracy: 1e-6)
    }

    /// A roll-up sums the children's accounts and GEEP terms.
    func testRollUp() throws {
        let a = GEPAccounting.compute(region: RegionCode("140105")!, year: 2012, rows: [GEPRow(region: RegionCode("140105")!, year: 2012, account: "农业产品", item: "x", value: 3e8)],
                                      catalogue: try BuiltinData.gepCatalogue(), prices: try BuiltinData.gepPrices(), method: .ndrc2022)
        let b = GEPAccounting.compute(region: RegionCode("140106")!, year: 2012, rows: [GEPRow(region: RegionCode("140106")!, year: 2012, account: "农业产品", item: "x", value: 2e8)],
                                      catalogue: try BuiltinData.gepCatalogue(), prices: try BuiltinData.gepPrices(), method: .ndrc2022)
        let sum = GEPAccounting.rollUp(region: city, year: 2012, method: .ndrc2022, children: [a, b], missing: [RegionCode("140107")!], rows: [], gdpNominalE8: nil, population: 1e6)
        XCTAssertEqual(sum.gep, 5e8)
        XCTAssertEqual(sum.accounts.first?.lines.count, 2)
        XCTAssertEqual(try XCTUnwrap(sum.perCapita), 500)
        XCTAssertTrue(sum.problems.contains { $0.hasPrefix("partial: 1 children") })
    }
}
