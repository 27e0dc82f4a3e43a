import EcoAccounting
import EcoCore
import EcoIngest
import XCTest

/// The published validation case: Garzê (甘孜) Prefecture's 2010 GEP, 白玛卓嘎, 肖燚, 欧阳志云, 王莉雁, 生态学报 2017,
/// 37(19): 6302–6312, Table 3 and §3.2 — the chains reproduce the published values from the published quantities
/// and prices (to the rounding of the published quantities, within 0.3 %).
final class GarzeTests: XCTestCase {
    let region = RegionCode("513300")!

    func compute(_ rows: [(String, String, Double?, String?, Double?, String?)]) throws -> GEPResult {
        let gep = rows.map { GEPRow(region: region, year: 2010, account: $0.0, item: $0.1, quantity: $0.2, unit: $0.3, price: $0.4, priceUnit: $0.5) }
        return GEPAccounting.compute(region: region, year: 2010, rows: gep, catalogue: try BuiltinData.gepCatalogue(), prices: try BuiltinData.gepPrices(), method: .local)
    }

    /// §3.2.2: soil retained 38.86 × 10⁸ t, λ 0.24, ρ 0.93 t/m³, dredging 15.58 yuan/m³, N 0.37 % at 875, P 0.108 % at
    /// 2800 yuan/t → sediment 10.03 × 10⁸ m³ and 156.26 × 10⁸ yuan, N 1437.94 × 10⁴ t and 125.82, P 419.72 × 10⁴ t and
    /// 117.52, in all 399.60 × 10⁸ yuan.
    func testSoilRetentionReproducesTheGarzeTable() throws {
        let r = try compute([("土壤保持", "soil_retained", 38.86e8, "t", nil, nil), ("土壤保持", "silt_coefficient", 0.24, "1", nil, nil),
                             ("土壤保持", "soil_bulk_density", 0.93, "t/m3", nil, nil), ("土壤保持", "soil_n_content", 0.37, "%", nil, nil),
                             ("土壤保持", "soil_p_content", 0.108, "%", nil, nil), ("土壤保持", "dredging_cost", nil, nil, 15.58, "yuan/m3"),
                             ("土壤保持", "n_price", nil, nil, 875, "yuan/t"), ("土壤保持", "p_price", nil, nil, 2800, "yuan/t")])
        let a = try XCTUnwrap(r.accounts.first)
        let lines = Dictionary(uniqueKeysWithValues: a.lines.map { ($0.item, $0) })
        // 0.24 × 38.86e8 / 0.93 = 10.0284e8 m³ (published 10.03); × 15.58 = 156.24e8 (published 156.2555)
        XCTAssertEqual(try XCTUnwrap(lines["sediment"]?.quantity) / 1e8, 10.03, accuracy: 0.005)
        XCTAssertEqual(try XCTUnwrap(lines["sediment"]?.value) / 1e8, 156.2555, accuracy: 156.2555 * 0.003)
        // 38.86e8 × 0.37 % = 1437.82e4 t (published 1437.94) × 875 = 125.81e8 (published 125.8199)
        XCTAssertEqual(try XCTUnwrap(lines["N"]?.quantity) / 1e4, 1437.94, accuracy: 1437.94 * 0.003)
        XCTAssertEqual(try XCTUnwrap(lines["N"]?.value) / 1e8, 125.8199, accuracy: 125.8199 * 0.003)
        // 38.86e8 × 0.108 % = 419.69e4 t (published 419.72) × 2800 = 117.51e8 (published 117.5226)
        XCTAssertEqual(try XCTUnwrap(lines["P"]?.value) / 1e8, 117.5226, accuracy: 117.5226 * 0.003)
        XCTAssertEqual(a.value / 1e8, 399.60, accuracy: 399.60 * 0.003)
    }

    /// §3.2.3: sand fixed 779.42 × 10⁴ t, ρ 1.28 t/m³, h 0.1 m → 60.89 km², × 3.75 yuan/m² = 2.2835 × 10⁸ yuan.
    func testSandFixationReproducesTheGarzeTable() throws {
        let r = try compute([("防风固沙", "sand_fixed", 779.42e4, "t", nil, nil), ("防风固沙", "sand_control_cost", nil, nil, 3.75, "yuan/m2")])
        let l = try XCTUnwrap(r.accounts.first?.lines.first)
        // 7 794 200 t / 0.128 m = 60 892 187.5 m² = 60.89 km²; × 3.75 = 228 345 703 yuan
        XCTAssertEqual(try XCTUnwrap(l.quantity) / 1e6, 60.89, accuracy: 0.005)
        XCTAssertEqual(l.value / 1e8, 2.2835, accuracy: 0.00005)
    }

    /// Table 3: water conservation 321.49 × 10⁸ m³ × 7.06 = 2269.71; flood regulation lakes 2.43, reservoirs 0.35 × 0.03,
    /// marshes 6.00 (10⁸ m³) × 7.06 = 59.56 × 10⁸ yuan.
    func testWaterAndFloodReproduceTheGarzeTable() throws {
        let r = try compute([("水源涵养", "water_conserved", 321.49e8, "m3", nil, nil), ("水源涵养", "reservoir_cost", nil, nil, 7.06, "yuan/m3"),
                             ("洪水调蓄", "lake_storage", 2.43e8, "m3", nil, nil), ("洪水调蓄", "reservoir_capacity", 0.03e8, "m3", nil, nil),
                             ("洪水调蓄", "marsh_storage", 6.00e8, "m3", nil, nil), ("洪水调蓄", "reservoir_cost", nil, nil, 7.06, "yuan/m3")])
        let w = try XCTUnwrap(r.accounts.first { $0.account == "水源涵养" }), f = try XCTUnwrap(r.accounts.first { $0.account == "洪水调蓄" })
        // 321.49 × 7.06 = 2269.7194 (published 2269.7074, from the unrounded 321.488 × 10⁸ m³)
        XCTAssertEqual(w.value / 1e8, 2269.7074, accuracy: 2269.7074 * 0.003)
        // (2.43 + 0.0105 + 6.00) × 7.06 = 59.59 (published 59.56, from unrounded storages)
        XCTAssertEqual(f.value / 1e8, 59.56, accuracy: 59.56 * 0.003)
    }
}
