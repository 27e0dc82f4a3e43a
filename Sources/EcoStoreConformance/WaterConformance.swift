import EcoCore
import EcoKit
import EcoStandards
import EcoWater
import Foundation

/// The water facet's checks (`WaterStore`): sections, samples and stored yearly evaluations.
enum WaterConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("water sections are upserted by code", sections),
        ("water samples: the last write of a (section, day) wins whole, values and detection limits round-trip", samples),
        ("water years are replaced and read back whole", years),
    ]

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: "water: " + message()) }
    }

    static func section(_ code: String, _ name: String, target: WaterClass? = .III) -> WaterSection {
        WaterSection(code: code, name: name, river: "汾河", basin: "黄河", subBasin: "汾河", city: RegionCode("140100")!, county: RegionCode("140105"),
                     control: .national, target: target, body: .river, lon: 112.5, lat: 37.8, upstream: RegionCode("140100"),
                     downstream: RegionCode("140700"))
    }

    static func sections(_ s: any ConformingStore) async throws {
        try await s.upsertWaterSections([section("B2", "乙"), section("A1", "甲")])
        try await s.upsertWaterSections([section("A1", "甲断面", target: .II)])
        let got = try await s.waterSections()
        try expect(got.map(\.code) == ["A1", "B2"], "sections should be listed once each in code order, got \(got.map(\.code))")
        try expect(got.first?.name == "甲断面" && got.first?.target == .II && got.first?.downstream?.rawValue == "140700",
                   "an upsert did not replace the section whole: \(String(describing: got.first))")
    }

    static func samples(_ s: any ConformingStore) async throws {
        let day = CivilDay(year: 2024, month: 3, day: 5)
        let before = try await s.waterSamplesRevision()
        try await s.writeWaterSamples([
            WaterSample(section: "A1", date: day, values: [.nh3n: .measured(1_250_000), .Hg: .belowDetection(40), .COD: .measured(15_000_000)]),
            WaterSample(section: "A1", date: CivilDay(year: 2023, month: 12, day: 31), values: [.nh3n: .measured(1)]),
            WaterSample(section: "B2", date: day, values: [.pH: .measured(7_600_000)]),
        ])
        try await s.writeWaterSamples([WaterSample(section: "A1", date: day, values: [.nh3n: .measured(1_300_000), .Hg: .belowDetection(40)])])
        try expect(try await s.waterSamplesRevision() >= before + 2, "each batch of samples must bump waterSamplesRevision")
        let got = try await s.waterSamples(year: 2024)
        try expect(got.map(\.section) == ["A1", "B2"], "2024 holds A1 and B2 in order, got \(got.map(\.section))")
        try expect(got[0].values == [.nh3n: .measured(1_300_000), .Hg: .belowDetection(40)], "the last write of a day must win whole: \(got[0].values)")
        try expect(got[1].values[.pH] == .measured(7_600_000) && got[1].date == day, "values must round-trip exactly")
        try expect(try await s.waterSamples(year: 2023).count == 1, "31 December belongs to its year")
    }

    static func years(_ s: any ConformingStore) async throws {
        let result = SectionResult(section: "A1", year: 2024, month: nil, values: ["NH3-N": PeriodValue(value: 812_500, notDetected: false, count: 8)],
                                   waterClass: .III, target: .III, targetMet: true, mainItems: [], itemsOverTarget: [], months: 8, samples: 9,
                                   complete: true, synthetic: false)
        let agg = WaterAnalysis.aggregate(.basin, key: "黄河", year: 2024, nationalOnly: false, [(section("A1", "甲"), result)])
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        try await s.saveWaterYear(WaterYearRecord(year: 2024, sections: [result], aggregates: [agg], samplesRevision: 4, computedAt: at))
        try await s.saveWaterYear(WaterYearRecord(year: 2023, sections: [], aggregates: [], samplesRevision: 1, computedAt: at))
        try await s.saveWaterYear(WaterYearRecord(year: 2024, sections: [result, result], aggregates: [agg], samplesRevision: 5, computedAt: at))
        let got = try await s.waterYear(2024)
        try expect(got?.sections.count == 2 && got?.samplesRevision == 5 && got?.computedAt == at, "saving a year must replace it")
        try expect(got?.sections.first == result && got?.aggregates.first == agg, "a year must round-trip whole")
        try expect(try await s.waterYears() == [2023, 2024], "waterYears should list 2023 and 2024")
        try expect(try await s.waterYear(2022) == nil, "a year without a record must be nil")
    }
}
