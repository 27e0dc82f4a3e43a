public import EcoAccess
import EcoAir
public import EcoCore
import EcoDemo
public import EcoStore
import EcoSources
import EcoKit
import EcoStandards
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
            // 44 stations, four per city in four of its counties (three of them national, the city's evaluation
            // stations), so that 44 counties are ranked monthly; two years with their own weather, so that the
            // rankings, triggers and rewards have year-on-year figures.
            _ = try await loadAirDemo(stations: 44, year: 2024, seed: 2021, weatherSeed: 2024, framework: id)
            _ = try await loadAirDemo(stations: 44, year: 2025, seed: 2021, framework: id)
        }
        if try await store.waterSections().isEmpty {
            _ = try await loadWaterDemo(sections: 100, years: 2020...2025, seed: 2021, framework: id)
        }
        if try await store.accountingInputs(kind: .energy, year: nil).isEmpty {
            try await loadAccountingDemo(seed: 2021, framework: id)
        }
        if try await store.deliveryRecords(.task).isEmpty {
            try await loadDeliveryDemo(seed: 2021)
        }
        try await seedDemoWorkflow(framework: id, published: 2020...2024, current: 2025)
        if try await store.sourceRegistry().devices.isEmpty {
            _ = try await loadSourcesDemo(enterprises: 60, hours: 48, seed: 212)
        }
        if try await store.enterpriseRecords(.creditRecord).isEmpty {
            try await loadCreditDemo(seed: 2025)
        }
    }

    /// Loads the demo pollution sources directly: the registry of `enterprises` synthetic enterprises and, for every
    /// device, the hourly uploads of the `hours` hours before the current one, passed through the same intake and
    /// alarm evaluation as the server's (a few hours missing per device, so the rates are not all 100 %; every 9th
    /// device silent for the last 3 hours, so it shows offline). Returns the readings written.
    public func loadSourcesDemo(enterprises n: Int, hours: Int, seed: UInt64) async throws -> Int {
        let registry = SourcesDemo.registry(enterprises: n, seed: seed, tree: try await tree())
        try await store.upsertSourceRegistry(registry)
        let index = SourceIndex(registry)
        let policy = try Self.sourcesPolicy()
        let kinds = Dictionary(registry.outlets.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let nowSeconds = Int(clock().timeIntervalSince1970) + 8 * 3600
        let thisHour = HJ212Time(day: CivilDay(index: nowSeconds / 86_400), seconds: (nowSeconds % 86_400) / 3600 * 3600)
        var rng = DemoRandom(seed: seed)
        var readings: [SourceReading] = []
        var devices: [DeviceStatus] = []
        for (i, d) in registry.devices.enumerated() {
            let silent = i % 9 == 4 ? 3 : 0
            var last: HJ212Time?
            for h in stride(from: hours, through: 1 + silent, by: -1) {
                if Double.random(in: 0..<1, using: &rng) < 0.03 { continue }
                let t = thisHour.adding(seconds: -3600 * h)
                let seg = SourcesDemo.segment(device: d, outlet: kinds[d.outlet] ?? .gas, kind: .hour, time: t, qn: t.compact + "000", exceed: Double.random(in: 0..<1, using: &rng) < 0.004, rng: &rng)
                let intake = SourceIntake.accept(Array(seg.utf8), index: index)
                readings += intake.readings
                last = t
            }
            if last != nil {
                // Online devices were last heard within the last minutes (minute data, not stored by the demo).
                let seen = silent > 0 ? clock().timeIntervalSince1970 - Double(silent * 3600) : clock().timeIntervalSince1970 - Double.random(in: 30...600, using: &rng)
                devices.append(DeviceStatus(mn: d.mn, lastSeen: seen, peer: "demo", status: [:]))
            }
        }
        let alarms = AlarmEvaluation.evaluate(readings, index: index, policy: policy, active: [])
        try await store.writeSourceBatch(SourceWriteBatch(readings: readings, devices: devices, alarms: alarms))
        return readings.count
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

/// The workflow of the demo: accounts to sign in with and units in every state.
extension Services {
    /// The demo accounts' password (a demo database only: `serve --demo` prints it).
    public static let demoPassword = "demo-password"

    /// The demo accounts: name, role, region.
    public static let demoAccounts: [(String, Role, String)] = [
        ("admin", .administrator, "140000"), ("sheng", .provinceReviewer, "140000"),
        ("taiyuan-review", .cityReviewer, "140100"), ("taiyuan", .cityReporter, "140100"),
        ("xiaodian", .countyReporter, "140105"), ("datong-review", .cityReviewer, "140200"),
    ]

    /// Creates the demo accounts when there is no account yet; returns their names (empty when it did nothing).
    public func loadDemoAccounts() async throws -> [String] {
        guard try await store.accounts().isEmpty else { return [] }
        for (name, role, region) in Self.demoAccounts {
            _ = try await addUser(name, role: role, region: region, password: Self.demoPassword)
        }
        return Self.demoAccounts.map(\.0)
    }

    /// Seeds the workflow of a framework with no stored state yet: every unit of `published` years published, and in
    /// `current` a spread of states — 太原's counties submitted (小店区 still a draft), 大同's counties approved and
    /// 大同 itself submitted — so that the grid, the reminders and the public view have something to show. Each
    /// seeded state is audited (actor `demo`).
    public func seedDemoWorkflow(framework id: String, published: ClosedRange<Int>, current: Int) async throws {
        guard try await store.reportStates(framework: id, year: nil).isEmpty else { return }
        let tree = try await tree()
        let regions = tree.current()
        func seed(_ region: Region, _ year: Int, _ status: ReportStatus) async throws {
            let unit = ReportUnit(framework: id, region: region.code, year: year)
            var ctx = context(reason: "demo: seeded as \(status.rawValue)")
            ctx.actor = "demo"
            let audit = AuditRecord(key: ObservationKey(framework: id, indicator: AuditRecord.workflowIndicator, region: region.code, year: year),
                                    old: nil, new: status.rawValue, source: nil, context: ctx)
            _ = try await store.transition(to: ReportState(unit: unit, status: status, updatedAt: clock(), updatedBy: "demo"), expected: nil, audit: audit)
        }
        for year in published { for r in regions { try await seed(r, year, .published) } }
        for r in regions where r.parent?.rawValue == "140100" && r.code.rawValue != "140105" { try await seed(r, current, .submitted) }
        for r in regions where r.parent?.rawValue == "140200" { try await seed(r, current, .approved) }
        if let datong = tree[RegionCode("140200")!] { try await seed(datong, current, .submitted) }
    }
}
