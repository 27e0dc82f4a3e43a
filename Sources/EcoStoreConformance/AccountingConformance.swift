import EcoAccounting
import EcoCore
import Foundation

/// The accounting facet's checks (`AccountingStore`): inputs by (kind, region, year), factor sets, protected areas.
enum AccountingConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("accounting inputs: a (kind, region, year) is replaced whole, other years and kinds stay", inputs),
        ("factor sets and protected areas are replaced by id and read back whole", documents),
    ]

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: "accounting: " + message()) }
    }

    static func inputs(_ s: any ConformingStore) async throws {
        let tyc = RegionCode("140100")!, dt = RegionCode("140200")!
        let first = [EnergyRow(region: tyc, year: 2024, fuel: "原煤", amount: 100, unit: "10^4 t"),
                     EnergyRow(region: tyc, year: 2024, fuel: "天然气", amount: 5, unit: "10^8 m3"),
                     EnergyRow(region: dt, year: 2024, fuel: "原煤", amount: 80, unit: "10^4 t"),
                     EnergyRow(region: tyc, year: 2023, fuel: "原煤", amount: 90, unit: "10^4 t")]
        try await s.replaceAccountingInputs(kind: .energy, documents: try AccountingDocument.of(first, region: \.region, year: \.year))
        try await s.replaceAccountingInputs(kind: .gdp, documents: try AccountingDocument.of([GDPRow(region: tyc, year: 2024, nominal: 5418.1, index: 101.2)],
                                                                                            region: \.region, year: \.year))
        let second = [EnergyRow(region: tyc, year: 2024, fuel: "焦炭", amount: 7.25, unit: "10^4 t", feedstock: true)]
        try await s.replaceAccountingInputs(kind: .energy, documents: try AccountingDocument.of(second, region: \.region, year: \.year))
        let y2024 = try await s.accountingInputs(kind: .energy, year: 2024)
        try expect(y2024.map(\.region.rawValue) == ["140100", "140200"], "2024 energy holds 140100 and 140200 in order, got \(y2024.map(\.region.rawValue))")
        let rows = try y2024[0].decode(EnergyRow.self)
        try expect(rows == second, "a re-import of (energy, 140100, 2024) must replace its rows whole, got \(rows)")
        try expect(try await s.accountingInputs(kind: .energy, year: nil).count == 3, "every year of the kind is listed without a year")
        let gdp = try await s.accountingInputs(kind: .gdp, year: nil)
        try expect(try gdp.first?.decode(GDPRow.self).first?.nominal == 5418.1, "another kind is kept apart and round-trips exactly")
    }

    static func documents(_ s: any ConformingStore) async throws {
        let f = FuelFactor(fuel: "原煤", unit: "t", ncv: 20.908, carbonContent: 26.37, oxidation: 0.94, co2Factor: 1.9003, source: "t", certainty: "user")
        try await s.saveFactorSet(FactorSet(id: "mine", name: "v1", fuels: [f], grid: [], electricityKgcePerKWh: nil, source: "a"))
        try await s.saveFactorSet(FactorSet(id: "mine", version: 2, name: "v2", fuels: [f, f], grid: [], electricityKgcePerKWh: 0.1229, source: "b"))
        let sets = try await s.factorSets()
        try expect(sets.count == 1 && sets[0].version == 2 && sets[0].fuels.count == 2 && sets[0].electricityKgcePerKWh == 0.1229,
                   "a factor set is replaced whole by id, got \(sets.map { ($0.id, $0.version) })")
        let ring = [GeoPoint(lon: 112, lat: 37), GeoPoint(lon: 113, lat: 37), GeoPoint(lon: 113, lat: 38), GeoPoint(lon: 112, lat: 37)]
        let a = ProtectedArea(id: "P2", name: "乙", type: .natureReserve, level: "国家级", designated: "2001-06-01", region: RegionCode("140100")!, areaKm2: 12.5)
        var b = ProtectedArea(id: "P1", name: "甲", type: .redLine, level: "省级", designated: "2018-01-01", region: RegionCode("140200")!, areaKm2: 100, within: "P2")
        try await s.upsertProtectedAreas([a, b])
        b.rings = [ring]
        try await s.upsertProtectedAreas([b])
        let got = try await s.protectedAreas()
        try expect(got.map(\.id) == ["P1", "P2"] && got[0].rings?.first?.count == 4 && got[0].within == "P2", "protected areas upsert by id in id order, got \(got.map(\.id))")
    }
}
