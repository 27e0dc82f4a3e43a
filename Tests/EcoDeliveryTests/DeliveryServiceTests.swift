import EcoAccess
import EcoCore
import EcoDelivery
import EcoIngest
import EcoKit
import EcoServices
import EcoStoreSQLite
import Foundation
import XCTest

/// The delivery use cases on SQLite: the readers' errors, who may do what, the lost-update check, and the demo.
final class DeliveryServiceTests: XCTestCase {
    var dir: URL!
    var services: Services!
    var store: SQLiteStore!
    // 2026-06-15 12:00 China time.
    let now = Date(timeIntervalSince1970: 1_781_496_000)

    override func setUp() async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("del-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        try await store.migrate()
        _ = try await Bootstrap.initialize(store, actor: "test", at: now)
        let clock = now
        services = Services(store: store, actor: "test", clock: { clock })
    }

    override func tearDown() async throws { try? FileManager.default.removeItem(at: dir) }

    func account(_ name: String, _ role: Role, _ region: String) -> Account {
        Account(name: name, role: role, region: RegionCode(region)!, passwordHash: "x", createdAt: now)
    }

    func data(_ s: String) -> Data { Data(s.utf8) }

    func testReadersRefuseWithLocations() async throws {
        let tree = try await services.tree()
        let d = DeliveryCSV.readDepartments(data("id,name_zh,name_en,region,accounts\nd 1,甲,A,140100,\nd2,乙,B,149999,x\nd3,,C,140100,\n"), file: "d.csv", tree: tree)
        XCTAssertEqual(d.problems.map(\.description), [
            "d.csv:2:1: id 'd 1' must be 1 to 60 letters, digits, -, _ or .",
            "d.csv:3:4: region '149999' is not a current division code",
            "d.csv:4:2: name_zh must be 1 to 100 characters",
        ])
        let t = DeliveryCSV.readTasks(data("id,year,title,source,region,lead,supporting,responsible,start,deadline\nT1,2026,x,专栏2.3,140100,d1,d9,r,2026-01-01,2025-12-31\nT2,2026,x,s,140100,d1,,r,2026-02-30,2026-12-31\n"),
                                      file: "t.csv", tree: tree, departments: ["d1"])
        XCTAssertEqual(t.problems.map(\.description), [
            "t.csv:2:7: supporting department 'd9' is not known",
            "t.csv:2:10: deadline 2025-12-31 is before start 2026-01-01",
            "t.csv:3:9: start '2026-02-30' is not a day YYYY-MM-DD from 2000 to 2100",
        ])
        let p = DeliveryCSV.readProjects(data("id,name,programme,region,lead_department,investment_planned,investment_done,start,end,indicators,status\nP1,n,9.9,140100,d1,-5,0,2026-01-01,2026-12-31,,在建\n"),
                                         file: "p.csv", tree: tree, programmes: ["2.3"], departments: ["d1"])
        XCTAssertEqual(p.problems.map(\.description), [
            "p.csv:2:3: programme '9.9' is not a 专栏 item such as 2.3 (see ecoprov project programmes)",
            "p.csv:2:6: investment_planned -5 is outside 0 to 1000000000 万元",
        ])
        let header = DeliveryCSV.readTasks(data("id,year\n"), file: "h.csv", tree: tree, departments: [])
        XCTAssertTrue(header.problems.first?.description.hasPrefix("h.csv:1:1: the header lacks the column 'title'") == true, "\(header.problems)")
    }

    func testRolesAndLostUpdates() async throws {
        let admin = account("admin", .administrator, "140000"), sheng = account("sheng", .provinceReviewer, "140000")
        let member = account("ty", .cityReporter, "140100"), other = account("dt", .cityReporter, "140200")
        let deps = "id,name_zh,name_en,region,accounts\neeb-ty,太原市生态环境局,Taiyuan EEB,140100,ty\neeb-dt,大同市生态环境局,Datong EEB,140200,dt\n"
        await XCTAssertThrowsErrorAsync(try await self.services.importDepartments(self.data(deps), file: "d.csv", account: member)) { e in
            XCTAssertEqual("\(e)", "ty (city-reporter) may not import departments: administrators and the province reviewer may")
        }
        let v1 = try await services.importDepartments(data(deps), file: "d.csv", account: admin)
        XCTAssertEqual(v1, 2)
        let tasks = "id,year,title,source,region,lead,supporting,responsible,start,deadline\nT1,2026,x,专栏2.3,140100,eeb-ty,eeb-dt,r,2026-01-01,2026-12-31\n"
        let v2 = try await services.importTasks(data(tasks), file: "t.csv", account: sheng)
        XCTAssertEqual(v2, 1)
        // The lead department's account reports; another department's may not; the report may not go down.
        _ = try await services.updateTask("T1", completion: 40, note: "<b>done</b>", evidence: ["photo.jpg"], account: member)
        await XCTAssertThrowsErrorAsync(try await self.services.updateTask("T1", completion: 50, note: "", evidence: [], account: other)) { e in
            XCTAssertEqual("\(e)", "dt may not report task T1: only the accounts of department eeb-ty and the province may")
        }
        await XCTAssertThrowsErrorAsync(try await self.services.updateTask("T1", completion: 30, note: "", evidence: [], account: member)) { e in
            XCTAssertTrue("\(e)".hasPrefix("completion 30 % is below the last report (40 % on 2026-06-15)"), "\(e)")
        }
        await XCTAssertThrowsErrorAsync(try await self.services.closeTask("T1", account: member))
        await XCTAssertThrowsErrorAsync(try await self.services.closeTask("T1", account: sheng)) { e in XCTAssertTrue("\(e)".contains("only a task reported complete")) }
        _ = try await services.updateTask("T1", completion: 100, note: "", evidence: [], account: member)
        let closed = try await services.closeTask("T1", account: sheng)
        XCTAssertEqual(closed.closedOn, CivilDay("2026-06-15")); XCTAssertEqual(closed.updates.count, 2)
        // Re-importing the list keeps the updates and the closure.
        _ = try await services.importTasks(data(tasks), file: "t.csv", account: sheng)
        let v3 = try await services.tasks().first?.closedOn
        XCTAssertEqual(v3, CivilDay("2026-06-15"))
        // A case: a city reviewer may open in its city only; only the unit's accounts report; the province assigns.
        let reviewer = account("tyr", .cityReviewer, "140100")
        await XCTAssertThrowsErrorAsync(try await self.services.openCase(id: nil, title: "x", region: RegionCode("140200")!, source: .complaint, severity: .ordinary,
                                                                       foundOn: nil, note: "", account: reviewer))
        let c = try await services.openCase(id: nil, title: "偷排", region: RegionCode("140105")!, source: .complaint, severity: .ordinary, foundOn: nil, note: "", account: reviewer)
        XCTAssertEqual(c.id, "C20260615-001")
        await XCTAssertThrowsErrorAsync(try await self.services.actOnCase(c.id, .assign(unit: "eeb-ty", deadline: nil, target: "t"), account: reviewer))
        await XCTAssertThrowsErrorAsync(try await self.services.actOnCase(c.id, .assign(unit: "nobody", deadline: nil, target: "t"), account: sheng)) { e in
            XCTAssertEqual("\(e)", "unit 'nobody' is not a known department")
        }
        let a = try await services.actOnCase(c.id, .assign(unit: "eeb-ty", deadline: nil, target: "t"), account: sheng)
        XCTAssertEqual(a.deadline, CivilDay("2026-06-22"))
        await XCTAssertThrowsErrorAsync(try await self.services.actOnCase(c.id, .report(note: "n"), account: other))
        _ = try await services.actOnCase(c.id, .report(note: "n"), account: member)
        await XCTAssertThrowsErrorAsync(try await self.services.actOnCase(c.id, .close(note: ""), account: sheng)) { e in
            XCTAssertTrue("\(e)".hasPrefix("case \(c.id) is 整改中 (rectifying): only a verified case"), "\(e)")
        }
        // Lost update: a write that expects an older document is refused and changes nothing.
        let stored = try await store.deliveryRecords(.supervisionCase)
        var stale = try stored[0].decode(SupervisionCase.self)
        stale.title = "changed"
        do {
            try await store.saveDeliveryRecords([try .of(.supervisionCase, id: stale.id, stale)], expected: [stale.id: "{}"])
            XCTFail("a stale write was accepted")
        } catch {
            XCTAssertTrue("\(error)".contains("was changed by someone else meanwhile"), "\(error)")
        }
        let v4 = try await services.cases().first?.title
        XCTAssertEqual(v4, "偷排")
        // What users typed is kept as text, control characters removed.
        let v5 = try await services.tasks().first?.updates.first?.note
        XCTAssertEqual(v5, "<b>done</b>")
    }

    func testDemo() async throws {
        let (d, p, t, c) = try await services.loadDeliveryDemo(seed: 2021)
        XCTAssertEqual(d, 18); XCTAssertEqual(p, 22); XCTAssertEqual(t, 50); XCTAssertEqual(c, 36)
        let tasks = try await services.tasks(year: 2026)
        let rules = try await services.deliveryRules()
        let day = services.today
        // The demo has overdue tasks, lagging ones and closed ones, and every case is in a state the machine reached.
        XCTAssertTrue(tasks.contains { $0.status(on: day, rules: rules) == .lagging && day > $0.deadline })
        XCTAssertTrue(tasks.contains { $0.status(on: day, rules: rules) == .closed })
        XCTAssertTrue(tasks.allSatisfy(\.synthetic))
        let cases = try await services.cases()
        XCTAssertGreaterThanOrEqual(Set(cases.map(\.state)).count, 5)
        for k in cases { XCTAssertEqual(k.steps.last?.to, k.state); XCTAssertTrue(k.synthetic) }
    }
}

/// `XCTAssertThrowsError` for async expressions.
func XCTAssertThrowsErrorAsync<T>(_ expression: @autoclosure () async throws -> T, file: StaticString = #filePath, line: UInt = #line,
                                  _ handler: (any Error) -> Void = { _ in }) async {
    do { _ = try await expression(); XCTFail("no error", file: file, line: line) } catch { handler(error) }
}
