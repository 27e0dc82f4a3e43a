import EcoAccounting
import EcoCore
import EcoIngest
import XCTest

/// The carbon accounts worked by hand (gep-carbon.md §8).
final class CarbonTests: XCTestCase {
    let province = RegionCode("140000")!

    /// Every product NCV × CC × OF × 44/12 of the reference's provincial set equals its published factor to four
    /// decimals, and the built-in set covers the 17 fuels of the energy balance, each product checked.
    func testFactorProductsAgainstTheReference() throws {
        let set = try BuiltinData.factorSet()
        // co2_emission_factors.csv: 原煤 20.908 × 26.37 × 0.94 × 44/12 / 1000 = 1.90030, …
        let reference: [(String, Double)] = [("原煤", 1.9003), ("焦炭", 2.8604), ("原油", 3.0202), ("汽油", 2.9251), ("煤油", 3.0179),
                                             ("柴油", 3.0959), ("燃料油", 3.1705), ("天然气", 2.1622), ("液化石油气", 3.1013)]
        for (fuel, value) in reference {
            let f = try XCTUnwrap(set.fuel(fuel), fuel)
            XCTAssertEqual(f.co2Factor, value, fuel)
            XCTAssertEqual(try XCTUnwrap(f.product), value, accuracy: 0.00005, fuel)
        }
        XCTAssertEqual(EnergyBalanceFuels.names.count, 17)
        for name in EnergyBalanceFuels.names { XCTAssertNotNil(set.fuel(name), "the built-in set lacks \(name)") }
        XCTAssertEqual(set.problems, [])
        // English names and aliases find the same fuel.
        XCTAssertEqual(set.fuel("Raw Coal")?.fuel, "原煤")
        XCTAssertEqual(set.fuel("其它洗煤")?.fuel, "其他洗煤")
        // 洗精煤 26.344 GJ/t × 25.40 tC/TJ × 0.93 × 44/12 / 1000 = 2.28176 → 2.2818.
        XCTAssertEqual(set.fuel("洗精煤")?.co2Factor, 2.2818)
        // A stored factor that disagrees with its product is a problem.
        var bad = try XCTUnwrap(set.fuel("原煤"))
        bad.co2Factor = 1.95
        XCTAssertNotNil(bad.productProblem)
    }

    /// 10^4 t, 10^8 m3, 10^8 kWh and tce convert by their scales; GJ through the NCV; tce through the coefficient.
    func testUnitConversions() throws {
        let set = try BuiltinData.factorSet()
        let coal = try XCTUnwrap(set.fuel("原煤")), gas = try XCTUnwrap(set.fuel("天然气"))
        func convert(_ amount: Double, _ unit: String, _ f: FuelFactor) throws -> Double {
            try CarbonAccounting.amountInFactorUnit(amount, unit: XCTUnwrap(AmountUnit.parse(unit)), factor: f).get()
        }
        XCTAssertEqual(try convert(12.5, "10^4 t", coal), 125_000)            // 12.5 × 10 000 t
        XCTAssertEqual(try convert(12.5, "万吨", coal), 125_000)
        XCTAssertEqual(try convert(3, "10^8 m3", gas), 300_000)               // 3 × 10⁸ m³ = 300 000 × 10³ m³
        XCTAssertEqual(try convert(3, "亿立方米", gas), 300_000)
        XCTAssertEqual(try convert(2, "10^4 m3", gas), 20)                     // 2 × 10⁴ m³ = 20 × 10³ m³
        XCTAssertEqual(try convert(20_908, "GJ", coal), 1_000, accuracy: 1e-9) // 20 908 GJ / 20.908 GJ/t
        XCTAssertEqual(try convert(714.3, "tce", coal), 1_000, accuracy: 1e-9) // 714.3 tce / 0.7143 tce/t
        XCTAssertEqual(try convert(0.07143, "10^4 tce", coal), 1_000, accuracy: 1e-9)
        XCTAssertEqual(AmountUnit.parse("10^8 kWh")?.convert(1.5, to: AmountUnit.parse("kWh")!), 150_000_000)
        XCTAssertNil(AmountUnit.parse("barrel"))
        // An amount of another dimension without a bridge is refused with a sentence.
        guard case .failure(let p) = CarbonAccounting.amountInFactorUnit(5, unit: AmountUnit.parse("kWh")!, factor: coal) else { return XCTFail() }
        XCTAssertEqual(p.message, "原煤 is counted per t; an amount in kWh cannot be converted to it")
    }

    /// A province-year by hand: three fuels and the electricity adjustment, with each grid.
    func testAProvinceYearOfCO2ByHand() throws {
        let set = try BuiltinData.factorSet()
        let energy = [EnergyRow(region: province, year: 2024, fuel: "原煤", amount: 1000, unit: "10^4 t"),
                      EnergyRow(region: province, year: 2024, fuel: "coke", amount: 200, unit: "10^4 t"),
                      EnergyRow(region: province, year: 2024, fuel: "天然气", amount: 50, unit: "10^8 m3"),
                      EnergyRow(region: province, year: 2024, fuel: "原煤", amount: 30, unit: "10^4 t", feedstock: true)]
        let electricity = [ElectricityRow(region: province, year: 2024, netImportKWh: -1e10)]
        let a = try XCTUnwrap(CarbonAccounting.accounts(region: province, energy: energy, electricity: electricity, gdp: [], factors: set, grid: .provincial).first)
        // 原煤 1000 × 10⁴ t = 10 000 000 t × 1.9003 = 19 003 000 t
        // 焦炭  200 × 10⁴ t =  2 000 000 t × 2.8604 =  5 720 800 t
        // 天然气 50 × 10⁸ m³ = 5 000 000 × 10³ m³ × 2.1622 = 10 811 000 t
        // fossil = 19 003 000 + 5 720 800 + 10 811 000 = 35 534 800 t (the feedstock row adds nothing)
        XCTAssertEqual(a.fossilCO2, 35_534_800, accuracy: 1e-6)
        XCTAssertEqual(a.fuels.map(\.fuel), ["原煤", "原煤", "焦炭", "天然气"])
        XCTAssertEqual(a.fuels[1].co2, 0)
        // electricity: −10¹⁰ kWh / 1000 × 0.7096 (Shanxi, the 2022 factor for 2024) = −7 096 000 t
        XCTAssertEqual(a.gridFactorYear, 2022)
        XCTAssertEqual(try XCTUnwrap(a.electricityCO2), -7_096_000, accuracy: 1e-6)
        XCTAssertEqual(a.totalCO2, 28_438_800, accuracy: 1e-6)
        // tce: 10⁷ × 0.7143 + 3 × 10⁵ × 0.7143 (feedstock counts in energy) + 2 × 10⁶ × 0.9714 + 5 × 10⁶ × 1.2143
        //      − 10¹⁰ × 0.1229 / 1000 = 7 143 000 + 214 290 + 1 942 800 + 6 071 500 − 1 229 000 = 14 142 590 tce
        XCTAssertEqual(try XCTUnwrap(a.energyTce), 14_142_590, accuracy: 1e-6)
        for (grid, total) in [(GridChoice.national, 30_168_800.0), (.northChina, 28_758_800.0)] {
            // national 0.5366 → −5 366 000; North China 0.6776 → −6 776 000
            let b = try XCTUnwrap(CarbonAccounting.accounts(region: province, energy: energy, electricity: electricity, gdp: [], factors: set, grid: grid).first)
            XCTAssertEqual(b.totalCO2, total, accuracy: 1e-6, grid.rawValue)
        }
    }

    /// The intensity reduction with a GDP index chain by hand.
    func testIntensityReductionWithAGDPIndexChain() throws {
        let one = FactorSet(id: "one", name: "1 tCO2/t", fuels: [FuelFactor(fuel: "原煤", unit: "t", co2Factor: 1, source: "test", certainty: "user")],
                            grid: [], electricityKgcePerKWh: nil, source: "test")
        let energy = [(2020, 500e6), (2021, 520e6), (2022, 515e6)].map { EnergyRow(region: province, year: $0.0, fuel: "原煤", amount: $0.1, unit: "t") }
        let gdp = [GDPRow(region: province, year: 2020, nominal: 17651.9, index: nil), GDPRow(region: province, year: 2021, nominal: 22590.2, index: 109.1),
                   GDPRow(region: province, year: 2022, nominal: 25642.6, index: 104.4)]
        let a = CarbonAccounting.accounts(region: province, energy: energy, electricity: [], gdp: gdp, factors: one, grid: .provincial)
        XCTAssertEqual(a.map(\.year), [2020, 2021, 2022])
        // GDP₂₀₂₁ = 17 651.9 × 109.1/100 = 19 258.2229; GDP₂₀₂₂ = 19 258.2229 × 104.4/100 = 20 105.58471 (亿元, 2020 prices)
        XCTAssertEqual(try XCTUnwrap(a[2].gdpConstant), 20_105.58471, accuracy: 1e-5)
        XCTAssertEqual(a[2].gdpChain, "17651.9 × 109.1/100 × 104.4/100")
        // I = t / 万元: I₂₀₂₀ = 500e6 / 176 519 000 = 2.832556; I₂₀₂₁ = 520e6 / 192 582 229 = 2.700145;
        // I₂₀₂₂ = 515e6 / 201 055 847 = 2.561477
        XCTAssertEqual(try XCTUnwrap(a[0].intensity), 2.832556, accuracy: 5e-7)
        XCTAssertEqual(try XCTUnwrap(a[2].intensity), 2.561477, accuracy: 5e-7)
        // annual 2022 = 1 − 2.561477/2.700145 = 5.1356 %; cumulative 2022 = 1 − (515/500)/(1.091 × 1.044) = 1 − 1.03/1.139004 = 9.5701 %
        XCTAssertEqual(try XCTUnwrap(a[2].annualReduction), 5.13557, accuracy: 1e-5)
        XCTAssertEqual(try XCTUnwrap(a[2].cumulativeReduction), 9.57012, accuracy: 1e-5)
        XCTAssertEqual(try XCTUnwrap(a[1].cumulativeReduction), 4.67461, accuracy: 1e-5)
        XCTAssertEqual(a[0].cumulativeReduction, 0)
        // A missing index breaks the chain, with a sentence, instead of guessing.
        let broken = CarbonAccounting.accounts(region: province, energy: energy, electricity: [], gdp: Array(gdp.prefix(1)) + [gdp[2]], factors: one, grid: .provincial)
        XCTAssertNil(broken[2].gdpConstant)
        XCTAssertTrue(broken[2].problems.contains("no 地区生产总值指数 for 2021: GDP at constant prices cannot be chained"))
    }

    /// Peak tracking: the growth-rate trend and a what-if rate.
    func testPeakProjection() throws {
        let totals: [Int: Double] = [2020: 100, 2021: 104, 2022: 107, 2023: 109, 2024: 110, 2025: 110.5]
        let p = PeakProjection.of(region: province, totals: totals, growth: 2)
        XCTAssertEqual(p.maxYear, 2025)
        // Growth rates 2021–2025: 4, 2.8846, 1.8692, 0.9174, 0.4545 %; WLS (weights 1–5) slope −0.84715 points a year,
        // at 2026: 3.68034 − 0.84715 × 5 = −0.5554 % ≤ 0, so the projected peak is the latest year.
        XCTAssertEqual(try XCTUnwrap(p.growthSlope), -0.847150, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(p.growthNext), -0.555405, accuracy: 1e-6)
        XCTAssertEqual(p.trendPeakYear, 2025)
        XCTAssertEqual(p.trendPeakValue, 110.5)
        // What-if 2 % a year to 2030: 110.5 × 1.02⁵ = 122.000929 — still rising in 2030.
        XCTAssertEqual(p.whatIfPeakYear, 2030)
        XCTAssertEqual(try XCTUnwrap(p.whatIfPeakValue), 122.000929, accuracy: 1e-6)
        XCTAssertTrue(p.whatIfStillRising)
        // A falling what-if leaves the peak where it is.
        let q = PeakProjection.of(region: province, totals: totals, growth: -1)
        XCTAssertEqual(q.whatIfPeakYear, 2025)
        XCTAssertFalse(q.whatIfStillRising)
        // Three years give a level trend but no growth-rate trend.
        let short = PeakProjection.of(region: province, totals: [2023: 1, 2024: 2, 2025: 3])
        XCTAssertEqual(try XCTUnwrap(short.levelSlope), 1, accuracy: 1e-12)
        XCTAssertNil(short.trendPeakYear)
    }
}
