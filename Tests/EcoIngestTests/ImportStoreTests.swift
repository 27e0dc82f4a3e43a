import EcoAir
import EcoCore
import EcoDemo
import EcoIngest
import EcoPresent
import EcoServices
import EcoStore
import EcoStoreSQLite
import XCTest

final class ImportStoreTests: XCTestCase {
    func testReimportingAChangedValueUpdatesAndAudits() async throws {
        let db = try await TempDatabase.make()
        defer { db.remove() }
        let (fw, tree) = try await db.shanxi()
        let first = ObservationCSV.read(Data("region,indicator,year,value\n140100,pm25,2021,44\n140100,forest_cover,2021,20\n".utf8),
                                        file: "a.csv", framework: fw, regions: tree)
        var sum = try await db.store.write(first.writes, policy: .replace, context: testContext)
        XCTAssertEqual(sum, WriteSummary(inserted: 2))
        let second = ObservationCSV.read(Data("region,indicator,year,value\n140100,pm25,2021,43.5\n140100,forest_cover,2021,20\n".utf8),
                                         file: "b.csv", framework: fw, regions: tree)
        sum = try await db.store.write(second.writes, policy: .replace,
                                       context: ChangeContext(actor: "reviewer", at: testContext.at, reason: "corrected by the city"))
        // forest_cover changed source (a.csv → b.csv), so it counts as updated too.
        XCTAssertEqual(sum, WriteSummary(updated: 2))
        let trail = try await db.store.auditTrail(framework: fw.id, region: RegionCode("140100")!, indicator: "pm25")
        XCTAssertEqual(trail.map { "\($0.oldValue ?? "∅")→\($0.newValue ?? "∅") \($0.actor) \($0.source ?? "")" },
                       ["∅→44 tester a.csv", "44→43.5 reviewer b.csv"])
        XCTAssertEqual(trail.last?.reason, "corrected by the city")
    }

    /// The CLI applies a file only when it has no problem; this is the content-level proof that the database is
    /// the same afterwards.
    func testAFileWithOneBadRowLeavesTheDatabaseUnchanged() async throws {
        let db = try await TempDatabase.make()
        defer { db.remove() }
        let (fw, tree) = try await db.shanxi()
        let before = try await db.store.contentDump()
        var rows = (2020...2024).map { "140100,pm25,\($0),\(40 - $0 % 10)" }
        rows.insert("140100,pm25,2025,-1", at: 3)
        let plan = ObservationCSV.read(Data(("region,indicator,year,value\n" + rows.joined(separator: "\n")).utf8),
                                       file: "bad.csv", framework: fw, regions: tree)
        XCTAssertEqual(plan.problems.map { "\($0.line):\($0.column)" }, ["5:4"])
        XCTAssertEqual(plan.writes, [])
        _ = try await db.store.write(plan.writes, policy: .replace, context: testContext)
        let after = try await db.store.contentDump()
        XCTAssertEqual(before, after)
    }

    func testExportImportRoundTrip() async throws {
        let a = try await TempDatabase.make()
        let b = try await TempDatabase.make()
        defer { a.remove(); b.remove() }
        let (fw, tree) = try await a.shanxi()
        let published = try await a.store.observations(ObservationQuery(framework: fw.id))
        _ = try await a.store.write(SyntheticDataset(seed: 7).generate(framework: fw, regions: tree, published: published),
                                    policy: .keepReal, context: testContext)
        _ = try await a.store.write([Observation(key: ObservationKey(framework: fw.id, indicator: "pm25", region: RegionCode("140100")!, year: 2021),
                                                      value: .number(44), source: "太原, \"quoted\" source", note: "two\nlines")],
                                    policy: .replace, context: testContext)
        let exported = try CSVOutput.export(try await a.store.observations(ObservationQuery(framework: fw.id)))
        // Into the same database: every row is unchanged, nothing audited.
        let auditBefore = try await a.store.auditTrail(framework: fw.id, region: RegionCode("140100")!, indicator: "pm25").count
        let plan = ObservationCSV.read(Data(exported.utf8), file: "export.csv", framework: fw, regions: tree)
        XCTAssertEqual(plan.problems.map { $0.formatted(.en) }, [])
        let same = try await a.store.write(plan.writes, policy: .replace, context: testContext)
        XCTAssertEqual(same.unchanged, plan.writes.count)
        XCTAssertEqual(same.inserted + same.updated, 0)
        let auditAfter = try await a.store.auditTrail(framework: fw.id, region: RegionCode("140100")!, indicator: "pm25").count
        XCTAssertEqual(auditBefore, auditAfter)
        // Into a fresh database: the same values, sources, notes and flags arrive.
        _ = try await b.store.write(plan.writes, policy: .replace, context: testContext)
        let reexported = try CSVOutput.export(try await b.store.observations(ObservationQuery(framework: fw.id)))
        XCTAssertEqual(reexported, exported)
        XCTAssertGreaterThan(plan.writes.count, 15_000)
    }
}
