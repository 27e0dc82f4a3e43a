import EcoAir
import EcoCore
import EcoStore
import EcoStoreConformance
import EcoStoreSQLite
import Foundation
import GRDB
import XCTest

final class SQLiteStoreTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    private func freshStore(_ name: String = UUID().uuidString) async throws -> SQLiteStore {
        let s = try SQLiteStore(path: dir.appendingPathComponent("\(name).sqlite").path)
        try await s.migrate()
        return s
    }

    /// The shared suite every backend must pass, each check on a new database.
    func testConformanceSuite() async throws {
        for check in StoreConformance.checks {
            let store = try await freshStore()
            do {
                try await check.run(store)
            } catch {
                XCTFail("\(check.name): \(error)")
            }
        }
    }

    func testMigratesAnEmptyFile() async throws {
        let path = dir.appendingPathComponent("empty.sqlite").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data()))
        let store = try SQLiteStore(path: path)
        try await store.migrate()
        let applied = try await store.appliedMigrations()
        XCTAssertEqual(applied, ["001-regions-frameworks-observations", "002-audit-append-only", "003-basic-conditions",
                                 "004-boundaries-revision", "005-air-monitoring", "006-air-annual", "007-air-import-runs", "008-water", "009-accounts", "010-workflow-audit-chain", "011-published-revision", "012-sources", "013-accounting", "014-delivery", "015-enterprise"])
        XCTAssertEqual(try Self.journalMode(path), "wal")
    }

    func testAuditRecordsCannotBeChangedOrDeleted() async throws {
        let store = try await freshStore("audit")
        let key = ObservationKey(framework: "fw", indicator: "x", region: RegionCode("140000")!, year: 2020)
        _ = try await store.write([Observation(key: key, value: .number(1))], policy: .replace,
                                  context: ChangeContext(actor: "a", at: Date()))
        XCTAssertThrowsError(try Self.execute("UPDATE audit SET new_value = '2'", at: store.path))
        XCTAssertThrowsError(try Self.execute("DELETE FROM audit", at: store.path))
        let trail = try await store.auditTrail(framework: "fw", region: key.region, indicator: "x")
        XCTAssertEqual(trail.map(\.newValue), ["1"])
    }

    /// A batch that fails part-way (a NaN is stored as NULL and violates the value CHECK) leaves nothing behind.
    func testAFailingBatchWritesNothing() async throws {
        let store = try await freshStore("atomic")
        let k = { (y: Int) in ObservationKey(framework: "fw", indicator: "x", region: RegionCode("140000")!, year: y) }
        _ = try await store.write([Observation(key: k(2020), value: .number(1))], policy: .replace,
                                  context: ChangeContext(actor: "a", at: Date()))
        let before = try await store.contentDump()
        do {
            _ = try await store.write([Observation(key: k(2020), value: .number(5)),
                                       Observation(key: k(2021), value: .number(.nan))],
                                      policy: .replace, context: ChangeContext(actor: "b", at: Date()))
            XCTFail("a NaN must be refused by the database")
        } catch {}
        let after = try await store.contentDump()
        XCTAssertEqual(before, after)
        XCTAssertTrue(before.contains("number:1.0"), "the dump should show stored values: \(before)")
    }

    private static func execute(_ sql: String, at path: String) throws {
        try DatabaseQueue(path: path).write { try $0.execute(sql: sql) }
    }

    private static func journalMode(_ path: String) throws -> String? {
        try DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
    }
}
