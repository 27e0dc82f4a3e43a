import EcoAir
import EcoCore
import EcoKit
import EcoStore
import EcoStoreConformance
import EcoStorePostgres
import Foundation
import XCTest

/// The conformance suite and the PostgreSQL-only behaviour (append-only audit in the database, partitions, COPY
/// writes, concurrent writers) on a real server. `scripts/test` starts a throwaway cluster and sets
/// `ECOPROV_TEST_POSTGRES` to its URL; without it these tests are skipped and say so.
final class PostgresStoreTests: XCTestCase {
    static var server: String? { ProcessInfo.processInfo.environment["ECOPROV_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 } }
    private var created: [String] = []

    override func tearDown() async throws {
        if let server = Self.server { for name in created { try? await PostgresScratch.drop(serverURL: server, name: name) } }
    }

    /// A new empty database, migrated.
    private func freshStore() async throws -> PostgresStore {
        guard let server = Self.server else {
            throw XCTSkip("PostgreSQL suite skipped: ECOPROV_TEST_POSTGRES is not set (scripts/test sets it when it can start a server)")
        }
        let name = "ecotest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(20)
        created.append(String(name))
        let store = try PostgresStore(url: try await PostgresScratch.create(serverURL: server, name: String(name)), poolSize: 4)
        try await store.migrate()
        return store
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
            store.close()
        }
    }

    /// `sslmode=require` connects over TLS (scripts/test starts its cluster with a self-signed certificate), and the
    /// server itself says the session is encrypted.
    func testTLSWhenTheURLAsksForIt() async throws {
        guard ProcessInfo.processInfo.environment["ECOPROV_TEST_POSTGRES_TLS"] == "1", let server = Self.server else {
            throw XCTSkip("PostgreSQL TLS test skipped: the test cluster has no certificate (ECOPROV_TEST_POSTGRES_TLS is not 1)")
        }
        let secure = try PostgresStore(url: server + "?sslmode=require", poolSize: 1)
        try await secure.migrate()
        let ssl = try await secure.scalar("SELECT CASE WHEN ssl THEN 1 ELSE 0 END FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        XCTAssertEqual(ssl, 1, "sslmode=require must encrypt the session")
        let plain = try PostgresStore(url: server + "?sslmode=disable", poolSize: 1)
        let none = try await plain.scalar("SELECT CASE WHEN ssl THEN 1 ELSE 0 END FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        XCTAssertEqual(none, 0)
    }

    func testURLsAreReadStrictly() throws {
        let l = try PostgresLocation(url: "postgres://eco:p%40ss@db.example:6543/province?sslmode=verify-full")
        XCTAssertEqual([l.user, l.password, l.host, l.database], ["eco", "p@ss", "db.example", "province"])
        XCTAssertEqual(l.port, 6543)
        XCTAssertEqual(l.tls, .verifyFull)
        XCTAssertEqual(l.description, "postgres://eco@db.example:6543/province?sslmode=verify-full", "no password in messages")
        XCTAssertEqual(try PostgresLocation(url: "postgresql://eco@h/d").port, 5432)
        for (bad, says) in [("postgres://h/d", "no user"), ("postgres://u@h", "no database"), ("postgres://u@h/d?sslmode=maybe", "sslmode 'maybe'"),
                            ("postgres://u@h/d?pool=3", "'pool' is not known"), ("mysql://u@h/d", "not a PostgreSQL URL")] {
            XCTAssertThrowsError(try PostgresLocation(url: bad), bad) { XCTAssertTrue("\($0)".contains(says), "\(bad): \($0)") }
        }
    }

    func testMigrationsAreNamedStepsAndIdempotent() async throws {
        let store = try await freshStore()
        let applied = try await store.appliedMigrations()
        XCTAssertEqual(applied, ["001-regions-frameworks-observations", "002-audit-append-only", "003-basic-conditions",
                                 "004-boundaries-revision", "005-air-monitoring", "006-air-annual", "007-air-import-runs", "008-water", "009-accounts", "010-workflow-audit-chain", "011-published-revision", "012-sources", "013-accounting", "014-delivery", "015-enterprise"],
                       "without Citus the distribution step stays pending")
        try await store.migrate()
        let again = try await store.appliedMigrations()
        XCTAssertEqual(again, applied)
    }

    func testTheDatabaseRefusesToChangeOrDeleteAudit() async throws {
        let store = try await freshStore()
        let key = ObservationKey(framework: "fw", indicator: "x", region: RegionCode("140000")!, year: 2020)
        _ = try await store.write([Observation(key: key, value: .number(1))], policy: .replace, context: ChangeContext(actor: "a", at: Date()))
        for sql in ["UPDATE audit SET new_value = '2'", "DELETE FROM audit", "TRUNCATE audit"] {
            do {
                try await store.execute(sql)
                XCTFail("\(sql) was allowed")
            } catch {
                XCTAssertTrue("\(error)".contains("append-only"), "\(sql) refused for another reason: \(error)")
            }
        }
        let trail = try await store.auditTrail(framework: "fw", region: key.region, indicator: "x")
        XCTAssertEqual(trail.map(\.newValue), ["1"])
    }

    func testStationHoursLandInMonthlyPartitionsAndOneCanBeDetached() async throws {
        let store = try await freshStore()
        // 2024-01-31 hour 24 ends at 2024-02-01 00:00 and belongs to January; 2024-02-01 hour 1 to February.
        let jan31 = CivilDay(year: 2024, month: 1, day: 31), feb1 = CivilDay(year: 2024, month: 2, day: 1)
        let hours = [AirHour(station: "S1", day: jan31, hour: 24, values: (1, 2, 3, 4, 5, 6), flag: nil),
                     AirHour(station: "S1", day: feb1, hour: 1, values: (7, nil, nil, nil, nil, nil), flag: "H")]
        try await store.writeAirHours(hours)
        try await store.writeAirHours(hours) // again: replaced, not doubled
        let parts = try await store.monitoringPartitions().filter { $0.table == "air_hour" }
        XCTAssertEqual(parts.map(\.name), ["air_hour_202401", "air_hour_202402", "air_hour_202403"], "the batch's months and one ahead")
        let jan = try await store.scalar("SELECT count(*) FROM air_hour_202401")
        let feb = try await store.scalar("SELECT count(*) FROM air_hour_202402")
        XCTAssertEqual([jan, feb], [1, 1])
        let range = (jan31.index * 24)...(feb1.index * 24 + 24)
        let before = try await store.forEachAirHour(in: range) { _ in }
        XCTAssertEqual(before, 2)
        let detached = try await store.detachPartition("air_hour_202401")
        XCTAssertTrue(detached)
        let after = try await store.forEachAirHour(in: range) { _ in }
        XCTAssertEqual(after, 1, "a detached month leaves every query")
        do {
            try await store.writeAirHours([hours[0]])
            XCTFail("a write into a detached month was allowed")
        } catch {
            XCTAssertTrue("\(error)".contains("air_hour_202401") && "\(error)".contains("detached"), "\(error)")
        }
    }

    func testCursorStreamsMoreRowsThanOneFetch() async throws {
        let store = try await freshStore()
        let day = CivilDay(year: 2024, month: 3, day: 1)
        var hours: [AirHour] = []
        for s in 0..<30 { for d in 0..<31 { for h in 1...24 {
            hours.append(AirHour(station: String(format: "S%02d", s), day: day.adding(d), hour: h, values: (Int64(s), nil, nil, nil, nil, Int64(h)), flag: nil))
        } } }
        try await store.writeAirHours(hours)
        let sum = LockedSum()
        let n = try await store.forEachAirHour(in: (day.index * 24)...(day.adding(40).index * 24)) { h in sum.add(h.values.5 ?? 0) }
        // 30 stations × 31 days × 24 hours = 22,320 rows, 30 stations (more than one 20-station fetch);
        // Σ hour = 30 × 31 × (1 + … + 24 = 300) = 279,000.
        XCTAssertEqual(n, 22_320)
        XCTAssertEqual(sum.value, 279_000)
    }

    /// The read packs a station's hours into one text: no flag, value or sign can break it.
    func testEveryFlagAndExtremeValueReadsBackAsWritten() async throws {
        let store = try await freshStore()
        let day = CivilDay(year: 2023, month: 12, day: 31)
        let flags: [String?] = [nil, "H", "N", "", "a;b,c\\d\tx", "标识 ✓", "x00"]
        let values: [AirValues] = [(0, nil, Int64.max, Int64.min, -1, 1), (nil, nil, nil, nil, nil, nil), (1, 2, 3, 4, 5, 6),
                                   (999_999_999, 0, 0, 0, 0, 0), (nil, 5, nil, 5, nil, 5), (7, 7, 7, 7, 7, 7), (-5, 0, 0, 0, 0, -5)]
        let written = flags.enumerated().map { i, f in AirHour(station: i % 2 == 0 ? "A" : "B;,x", day: day, hour: 20 + i % 5, values: values[i], flag: f) }
        let unique = Dictionary(written.map { ("\($0.station)|\($0.hourEnd)", $0) }, uniquingKeysWith: { _, b in b })
        try await store.writeAirHours(written)
        let got = LockedList()
        let n = try await store.forEachAirHour(in: (day.index * 24)...(day.adding(2).index * 24)) { got.add($0) }
        XCTAssertEqual(n, unique.count)
        for h in got.items {
            let w = try XCTUnwrap(unique["\(h.station)|\(h.hourEnd)"])
            XCTAssertEqual(h.flag, w.flag)
            XCTAssertTrue(h.values == w.values, "\(h.station) \(h.hourEnd): \(h.values) ≠ \(w.values)")
        }
    }

    func testTwoWritersOfTheSameCellsLoseNothing() async throws {
        let store = try await freshStore()
        @Sendable func key(_ y: Int) -> ObservationKey { ObservationKey(framework: "fw", indicator: "x", region: RegionCode("140000")!, year: y) }
        try await withThrowingTaskGroup(of: WriteSummary.self) { group in
            for w in 0..<8 {
                group.addTask {
                    try await store.write((2000..<2010).map { Observation(key: key($0), value: .number(Double(w))) }, policy: .replace,
                                          context: ChangeContext(actor: "w\(w)", at: Date()))
                }
            }
            var inserted = 0, updated = 0, unchanged = 0
            for try await s in group { inserted += s.inserted; updated += s.updated; unchanged += s.unchanged }
            // 10 cells: each inserted once; the other 7 writers each update or leave each cell (80 writes in all).
            XCTAssertEqual(inserted, 10)
            XCTAssertEqual(inserted + updated + unchanged, 80)
            let audit = try await store.scalar("SELECT count(*) FROM audit")
            XCTAssertEqual(audit, inserted + updated, "every stored change has exactly one audit record")
            // Each cell's trail is a chain: every record's old value is the previous record's new value.
            for y in 2000..<2010 {
                let trail = try await store.auditTrail(framework: "fw", region: RegionCode("140000")!, indicator: "x").filter { $0.key.year == y }
                XCTAssertNil(trail.first?.oldValue)
                for (a, b) in zip(trail, trail.dropFirst()) { XCTAssertEqual(b.oldValue, a.newValue, "year \(y): a write was lost") }
            }
        }
    }
}

final class LockedSum: @unchecked Sendable {
    private let lock = NSLock()
    private var total: Int64 = 0
    func add(_ v: Int64) { lock.lock(); total += v; lock.unlock() }
    var value: Int64 { lock.lock(); defer { lock.unlock() }; return total }
}

final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [AirHour] = []
    func add(_ h: AirHour) { lock.lock(); list.append(h); lock.unlock() }
    var items: [AirHour] { lock.lock(); defer { lock.unlock() }; return list }
}
