public import EcoAccess
public import EcoAir
import EcoCore
import EcoKit
public import EcoStore
public import EcoWater
public import EcoAccounting
public import EcoDelivery
public import EcoEnterprise
public import EcoSources
import Foundation

/// Every facet a backend implements: the core and each domain's.
public typealias ConformingStore = EcoStore & AirStore & WaterStore & AccessStore & WorkflowStore & SourcesStore & AccountingStore & DeliveryStore & EnterpriseStore

/// The behaviour every backend must show, facet by facet (the core here, each domain's facet in a file of its own,
/// e.g. `AirConformance`). Each check gets a new, empty, migrated store and throws `ConformanceFailure` when the
/// backend misbehaves; a backend's test target runs them all (see `Tests/EcoStoreTests`). The PostgreSQL backend
/// will run the same list.
public enum StoreConformance {
    /// One check, run on a new migrated store.
    public typealias Check = @Sendable (any ConformingStore) async throws -> Void

    /// Every check of every facet, named.
    public static var checks: [(name: String, run: Check)] { coreChecks + AirConformance.checks + WaterConformance.checks + AccessConformance.checks + WorkflowConformance.checks + SourcesConformance.checks + AccountingConformance.checks + DeliveryConformance.checks + EnterpriseConformance.checks }

    /// The core facets' checks.
    static let coreChecks: [(name: String, run: Check)] = [
        ("regions round-trip with attributes and history", regionsRoundTrip),
        ("framework versions are kept and identical saves add none", frameworkVersions),
        ("writes insert, update, count unchanged and audit each change", writesAndAudit),
        ("write policies keep existing and real values", writePolicies),
        ("queries filter and page by key", queriesAndPaging),
        ("migrate is idempotent", migrateTwice),
        ("basic conditions are stored, replaced and audited", basicConditions),
        ("boundaries are stored and every write bumps the revision", boundariesAndRevision),
    ]

    static let t0 = Date(timeIntervalSince1970: 1_700_000_000)
    static let province = Region(code: RegionCode("140000")!, name: LocalizedText(zh: "山西省", en: "Shanxi"), level: .province,
                                 parent: nil, kind: "省", attributes: ["economicZone": "中部"])
    static let city = Region(code: RegionCode("140100")!, name: LocalizedText(zh: "太原市", en: "Taiyuan"), level: .city,
                             parent: RegionCode("140000"), kind: "地级市")
    static let retired = Region(code: RegionCode("140202")!, name: LocalizedText(zh: "城区", en: "Chengqu"), level: .county,
                                parent: RegionCode("140200"), kind: "市辖区", validTo: "2017-12-31")

    static func key(_ region: String, _ indicator: String, _ year: Int) -> ObservationKey {
        ObservationKey(framework: "fw", indicator: indicator, region: RegionCode(region)!, year: year)
    }

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: message()) }
    }

    static func regionsRoundTrip(_ s: any EcoStore) async throws {
        try await s.upsertRegions([city, province, retired])
        var got = try await s.regions()
        try expect(got == [province, city, retired].sorted { $0.code < $1.code }, "regions differ after a round trip: \(got)")
        var edited = city
        edited.attributes["terrain"] = "山区"
        try await s.upsertRegions([edited])
        got = try await s.regions()
        try expect(got.first { $0.code == city.code }?.attributes["terrain"] == "山区", "an edited attribute was not stored")
        try expect(got.count == 3, "upsert added a row instead of updating: \(got.count)")
    }

    static func sampleFramework(targetValue: Double) -> Framework {
        let p = Provenance(basis: "test", source: "test", certainty: .documented)
        let ind = Indicator(id: "forest", number: 1, name: LocalizedText(zh: "森林覆盖率", en: "Forest"), category: "env", unit: "%",
                            direction: .higher, comparator: .atLeast, attribute: .binding, levels: [.province, .city],
                            targets: [TargetRule(milestone: 2025, target: .threshold(targetValue))], provenance: p)
        return Framework(id: "fw", version: 99, name: LocalizedText(zh: "测试", en: "Test"), description: nil, baseYear: 2020,
                         milestones: [2025], categories: [Category(id: "env", name: LocalizedText(zh: "环境", en: "Env"))],
                         indicators: [ind], basicConditions: [], dataElements: nil, ecoCityRule: nil, provenance: p)
    }

    static func frameworkVersions(_ s: any EcoStore) async throws {
        let (v1, new1) = try await s.saveFramework(sampleFramework(targetValue: 20), actor: "a", at: t0)
        try expect(new1 && v1.version == 1, "first save should be version 1, got \(v1.version)")
        let (same, new2) = try await s.saveFramework(sampleFramework(targetValue: 20), actor: "a", at: t0)
        try expect(!new2 && same.version == 1, "an identical save must not add a version")
        let (v2, new3) = try await s.saveFramework(sampleFramework(targetValue: 25), actor: "b", at: t0)
        try expect(new3 && v2.version == 2, "a changed save should be version 2, got \(v2.version)")
        let old = try await s.framework(id: "fw", version: 1)
        try expect(old?.indicators.first?.targets.first?.target == .threshold(20), "version 1 was not kept")
        let latest = try await s.framework(id: "fw", version: nil)
        try expect(latest?.version == 2 && latest?.indicators.first?.targets.first?.target == .threshold(25), "latest is not version 2")
        let all = try await s.latestFrameworks()
        try expect(all.map(\.version) == [2], "latestFrameworks should list one framework at version 2, got \(all.map(\.version))")
        let versions = try await s.frameworkVersions(id: "fw")
        try expect(versions.map(\.importedBy) == ["a", "b"], "version history lost who imported: \(versions.map(\.importedBy))")
        try expect(try await s.framework(id: "nope", version: nil) == nil, "an unknown framework should be nil")
    }

    static func writesAndAudit(_ s: any EcoStore) async throws {
        let ctx = ChangeContext(actor: "wang", at: t0, reason: "first report")
        var sum = try await s.write([Observation(key: key("140100", "forest", 2021), value: .number(20.5), source: "f.csv"),
                                     Observation(key: key("140100", "quality", 2021), value: .level("达标"), source: "f.csv")],
                                    policy: .replace, context: ctx)
        try expect(sum == WriteSummary(inserted: 2), "expected 2 inserted, got \(sum)")
        sum = try await s.write([Observation(key: key("140100", "forest", 2021), value: .number(20.5), source: "f.csv")],
                                policy: .replace, context: ctx)
        try expect(sum == WriteSummary(unchanged: 1), "re-writing the same value should count as unchanged, got \(sum)")
        sum = try await s.write([Observation(key: key("140100", "forest", 2021), value: .number(21), source: "g.csv")],
                                policy: .replace, context: ChangeContext(actor: "li", at: t0.addingTimeInterval(60), reason: "correction"))
        try expect(sum == WriteSummary(updated: 1), "a changed value should count as updated, got \(sum)")
        let trail = try await s.auditTrail(framework: "fw", region: RegionCode("140100")!, indicator: "forest")
        try expect(trail.count == 2, "expected 2 audit records (insert, correction), got \(trail.count)")
        try expect(trail.map(\.oldValue) == [nil, "20.5"] && trail.map(\.newValue) == ["20.5", "21"],
                   "audit old/new wrong: \(trail.map { ($0.oldValue ?? "nil") + "→" + ($0.newValue ?? "nil") })")
        try expect(trail.map(\.actor) == ["wang", "li"] && trail.last?.reason == "correction" && trail.last?.source == "g.csv",
                   "audit who/why/source wrong")
        try expect(trail[1].at == t0.addingTimeInterval(60), "audit time wrong: \(trail[1].at)")
        let obs = try await s.observations(ObservationQuery(framework: "fw"))
        try expect(obs.count == 2 && obs.contains { $0.value == .level("达标") }, "a level value was not stored")
        try expect(obs.first { $0.key.indicator == "forest" }?.updatedBy == "li", "updatedBy not kept")
    }

    static func writePolicies(_ s: any EcoStore) async throws {
        let ctx = ChangeContext(actor: "init", at: t0)
        _ = try await s.write([Observation(key: key("140000", "pm25", 2020), value: .number(46), certainty: .derived)], policy: .replace, context: ctx)
        _ = try await s.write([Observation(key: key("140000", "pm25", 2021), value: .number(40), synthetic: true)], policy: .replace, context: ctx)
        var sum = try await s.write([Observation(key: key("140000", "pm25", 2020), value: .number(1))], policy: .keepExisting, context: ctx)
        try expect(sum == WriteSummary(kept: 1), "keepExisting must not overwrite, got \(sum)")
        sum = try await s.write([Observation(key: key("140000", "pm25", 2020), value: .number(2), synthetic: true),
                                 Observation(key: key("140000", "pm25", 2021), value: .number(41), synthetic: true)],
                                policy: .keepReal, context: ctx)
        try expect(sum == WriteSummary(updated: 1, kept: 1), "keepReal must replace only synthetic values, got \(sum)")
        let obs = try await s.observations(ObservationQuery(framework: "fw", indicator: "pm25"))
        try expect(obs.map { $0.value.number ?? -1 } == [46, 41], "values after policies wrong: \(obs.map(\.value))")
        try expect(obs.first?.certainty == .derived && obs.first?.synthetic == false && obs.last?.synthetic == true, "certainty or synthetic flag lost")
        let real = try await s.observations(ObservationQuery(framework: "fw", includeSynthetic: false))
        try expect(real.count == 1, "includeSynthetic=false should hide synthetic values")
    }

    static func queriesAndPaging(_ s: any EcoStore) async throws {
        var writes: [Observation] = []
        for r in ["140000", "140100"] { for y in 2020...2024 { writes.append(Observation(key: key(r, "x", y), value: .number(Double(y)))) } }
        _ = try await s.write(writes, policy: .replace, context: ChangeContext(actor: "t", at: t0))
        let byRegion = try await s.observations(ObservationQuery(framework: "fw", region: RegionCode("140100"), years: 2021...2022))
        try expect(byRegion.map(\.key.year) == [2021, 2022], "region/year filter wrong: \(byRegion.map(\.key.year))")
        var pages: [[Observation]] = []
        var after: ObservationKey?
        repeat {
            let page = try await s.observations(ObservationQuery(framework: "fw", after: after, limit: 4))
            pages.append(page)
            after = page.last?.key
        } while pages.last?.count == 4
        try expect(pages.map(\.count) == [4, 4, 2], "keyset pages should be 4, 4, 2, got \(pages.map(\.count))")
        let keys = pages.flatMap { $0 }.map(\.key)
        try expect(keys == keys.sorted() && Set(keys).count == 10, "pages overlap or are out of order")
    }

    static func basicConditions(_ s: any EcoStore) async throws {
        let region = RegionCode("140000")!
        let rec = BasicConditionRecord(framework: "fw", condition: "plan", region: region, year: 2024, status: .met, evidence: "文件号")
        try await s.setBasicCondition(rec, context: ChangeContext(actor: "li", at: t0))
        try await s.setBasicCondition(rec, context: ChangeContext(actor: "li", at: t0))
        var changed = rec
        changed.status = .notMet
        changed.evidence = nil
        try await s.setBasicCondition(changed, context: ChangeContext(actor: "zhao", at: t0, reason: "withdrawn"))
        let got = try await s.basicConditions(framework: "fw", year: 2024)
        try expect(got == [changed], "the stored condition should be the last one set, got \(got)")
        try expect(try await s.basicConditions(framework: "fw", year: 2023).isEmpty, "year filter wrong")
        let trail = try await s.auditTrail(framework: "fw", region: region, indicator: "bc:plan")
        try expect(trail.map(\.newValue) == ["met", "notMet"] && trail.map(\.oldValue) == [nil, "met"],
                   "condition audit wrong (an identical set must not be audited): \(trail.map(\.newValue))")
    }

    static func boundariesAndRevision(_ s: any EcoStore) async throws {
        let r0 = try await s.revision()
        try await s.upsertRegions([province, city])
        let r1 = try await s.revision()
        try expect(r1 > r0, "upserting regions must bump the revision")
        let ring = [GeoPoint(lon: 112, lat: 37), GeoPoint(lon: 113, lat: 37), GeoPoint(lon: 113, lat: 38), GeoPoint(lon: 112, lat: 37)]
        try await s.saveBoundaries([RegionBoundary(code: city.code, rings: [ring], source: "test.geojson")])
        let r2 = try await s.revision()
        try expect(r2 > r1, "saving boundaries must bump the revision")
        let got = try await s.boundaries(level: .city)
        try expect(got.map(\.rings) == [[ring]] && got.first?.source == "test.geojson", "boundary round trip failed: \(got)")
        try expect(try await s.boundaries(level: .county).isEmpty, "level filter wrong")
        _ = try await s.write([Observation(key: key("140100", "x", 2020), value: .number(1))], policy: .replace,
                              context: ChangeContext(actor: "t", at: t0))
        try expect(try await s.revision() > r2, "writing a value must bump the revision")
        let r3 = try await s.revision()
        _ = try await s.write([Observation(key: key("140100", "x", 2020), value: .number(1))], policy: .replace,
                              context: ChangeContext(actor: "t", at: t0))
        try expect(try await s.revision() == r3, "an unchanged write must not bump the revision")
    }

    static func migrateTwice(_ s: any EcoStore) async throws {
        let before = try await s.appliedMigrations()
        try await s.migrate()
        let after = try await s.appliedMigrations()
        try expect(before == after && !after.isEmpty, "migrating twice changed the applied steps: \(before) → \(after)")
    }
}

public struct ConformanceFailure: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
