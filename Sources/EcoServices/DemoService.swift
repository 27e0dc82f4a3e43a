import EcoAir
import EcoCore
import EcoDemo
public import EcoStore
import Foundation

/// What loading the demo did.
public struct DemoOutcome: Sendable {
    /// Values generated.
    public var generated: Int
    /// What writing them did (`kept` counts the real values left alone).
    public var summary: WriteSummary
}

extension Services {
    /// Fills every current region × applicable indicator × 2020–2025 of a framework with the deterministic synthetic
    /// demo data of `seed`, never over a real value.
    public func loadIndicatorDemo(framework id: String, seed: UInt64) async throws -> DemoOutcome {
        let fw = try await framework(id)
        let published = try await store.observations(ObservationQuery(framework: fw.id, includeSynthetic: false))
        let values = SyntheticDataset(seed: seed).generate(framework: fw, regions: try await tree(), published: published)
        let s = try await store.write(values, policy: .keepReal, context: context(reason: "demo data, seed \(seed)"))
        return DemoOutcome(generated: values.count, summary: s)
    }

    /// The demo of `serve --demo`: indicator values (seed 2021) when the default framework has no synthetic value
    /// yet, and one synthetic air station per city with a year of station-hours for 2025, evaluated into the air
    /// indicators, when there are no stations yet. Idempotent.
    public func loadServeDemo() async throws {
        let id = Self.defaultFramework
        if try await store.observations(ObservationQuery(framework: id, limit: 100_000)).allSatisfy({ !$0.synthetic }) {
            _ = try await loadIndicatorDemo(framework: id, seed: 2021)
        }
        if try await store.airStations().isEmpty {
            _ = try await loadAirDemo(stations: 11, year: 2025, seed: 2021, framework: id)
        }
        if try await store.waterSections().isEmpty {
            _ = try await loadWaterDemo(sections: 100, years: 2020...2025, seed: 2021, framework: id)
        }
    }

    /// Loads the demo water data directly (no files): `sections` synthetic sections and their monthly samples, then
    /// evaluates every year into the framework (synthetic values never over real ones).
    public func loadWaterDemo(sections n: Int, years: ClosedRange<Int>, seed: UInt64, framework id: String) async throws {
        let sections = WaterDemo.sections(n, seed: seed, tree: try await tree())
        try await store.upsertWaterSections(sections)
        try await store.writeWaterSamples(WaterDemo.samples(sections, years: years, seed: seed))
        for year in years { _ = try await evaluateWater(year: year, framework: id) }
    }
}
