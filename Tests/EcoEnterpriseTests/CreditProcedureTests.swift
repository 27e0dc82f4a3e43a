import EcoAccess
import EcoCore
import EcoEnterprise
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import EcoSources
import EcoStoreSQLite
import Foundation
import XCTest

/// The credit procedure's timing worked by hand: a 15-day notice from Monday 2026-05-11 ends on 2026-05-25;
/// objections inside it only; final from 05-26 with none pending; repair from 3 months after (2026-08-26, a
/// Wednesday) with the city's 10 working days ending Wednesday 2026-09-09.
final class CreditProcedureTests: XCTestCase {
    let scheme = try! BuiltinData.creditSchemes().first { $0.id == "shanxi-2024-pilot" }!
    func day(_ s: String) -> CivilDay { CivilDay(s)! }

    func rated(_ records: [CreditRecord]) -> CreditFile {
        .preliminary(CreditRater.rate(enterprise: "E", name: "某公司", year: 2025, records: records, scheme: scheme))
    }

    func ok(_ r: Result<CreditFile, CreditRefusal>, file: StaticString = #filePath, line: UInt = #line) throws -> CreditFile {
        switch r {
        case .success(let f): return f
        case .failure(let e): XCTFail(e.description, file: file, line: line); throw e
        }
    }

    func refused(_ r: Result<CreditFile, CreditRefusal>) -> String? { if case .failure(let e) = r { return e.description }; return nil }

    func testNoticeObjectionFinalAndRepairTiming() throws {
        let penalty = CreditRecord(enterprise: "E", input: .penalty, reference: "晋环罚〔2025〕1号", day: day("2025-03-01"), text: "x", fine: 200_000, closed: true)
        var f = try ok(CreditProcedure.notice(rated([penalty]), on: day("2026-05-11"), scheme: scheme))
        XCTAssertEqual(f.noticeUntil, day("2026-05-25"))
        XCTAssertEqual(f.rating.grade, "B", "100 − 12 = 88")
        XCTAssertNotNil(refused(CreditProcedure.notice(f, on: day("2026-05-12"), scheme: scheme)), "a rating is put under notice once")
        XCTAssertEqual(refused(CreditProcedure.object(f, on: day("2026-05-26"), by: "x", reason: "r", evidence: [])),
                       "the notice of 2025/E runs 2026-05-11 to 2026-05-25; 2026-05-26 is outside it")
        XCTAssertNotNil(refused(CreditProcedure.object(f, on: day("2026-05-10"), by: "x", reason: "r", evidence: [])))
        f = try ok(CreditProcedure.object(f, on: day("2026-05-25"), by: "企业", reason: "处罚已撤销", evidence: ["复议决定书"]))
        XCTAssertEqual(refused(CreditProcedure.finalize(f, on: day("2026-05-25"), by: "sheng")), "the notice of 2025/E runs until 2026-05-25: it can be made final from 2026-05-26")
        XCTAssertEqual(refused(CreditProcedure.finalize(f, on: day("2026-05-26"), by: "sheng")), "objection 1 of 2025/E (filed 2026-05-25) is not decided yet")
        XCTAssertNotNil(refused(CreditProcedure.decide(f, objection: 1, upheld: true, cancels: ["nope"], on: day("2026-05-26"), by: "sheng", note: "")),
                        "an objection cancels only a record the rating counts")
        f = try ok(CreditProcedure.decide(f, objection: 1, upheld: false, cancels: [], on: day("2026-05-26"), by: "sheng", note: "维持"))
        XCTAssertNotNil(refused(CreditProcedure.decide(f, objection: 1, upheld: true, cancels: [], on: day("2026-05-26"), by: "sheng", note: "")), "decided once")
        f = try ok(CreditProcedure.finalize(f, on: day("2026-05-26"), by: "sheng"))
        XCTAssertEqual(f.stage, .final)
        XCTAssertEqual(refused(CreditProcedure.applyRepair(f, on: day("2026-08-25"), by: "企业", evidence: ["整改报告"], cancels: ["晋环罚〔2025〕1号"], scheme: scheme)),
                       "repair of 2025/E may be applied for from 2026-08-26 (3 months after 2026-05-26)")
        XCTAssertNotNil(refused(CreditProcedure.applyRepair(f, on: day("2026-08-26"), by: "企业", evidence: [], cancels: ["晋环罚〔2025〕1号"], scheme: scheme)), "evidence needed")
        f = try ok(CreditProcedure.applyRepair(f, on: day("2026-08-26"), by: "企业", evidence: ["整改报告"], cancels: ["晋环罚〔2025〕1号"], scheme: scheme))
        XCTAssertEqual(f.repairs.last?.verifyBy, day("2026-09-09"))
        XCTAssertNotNil(refused(CreditProcedure.applyRepair(f, on: day("2026-08-27"), by: "企业", evidence: ["x"], cancels: ["晋环罚〔2025〕1号"], scheme: scheme)), "one pending at a time")
        f = try ok(CreditProcedure.decideRepair(f, approve: true, on: day("2026-09-01"), by: "taiyuan-review", note: "现场核实"))
        XCTAssertEqual(f.cancelled, ["晋环罚〔2025〕1号"])
        // An A rating is not repairable.
        let a = try ok(CreditProcedure.finalize(try ok(CreditProcedure.notice(rated([]), on: day("2026-05-11"), scheme: scheme)), on: day("2026-05-26"), by: "s"))
        XCTAssertEqual(refused(CreditProcedure.applyRepair(a, on: day("2026-09-01"), by: "x", evidence: ["x"], cancels: [], scheme: scheme)), "grade A is not repairable: only B, C, D")
    }

    /// Only final ratings are exported, keyed by credit code, every cell neutralised against formula injection.
    func testExportForTheCreditPlatform() throws {
        var a = rated([])
        a.rating.name = "=HYPERLINK(\"http://x\")某公司"
        a = try ok(CreditProcedure.finalize(try ok(CreditProcedure.notice(a, on: day("2026-05-11"), scheme: scheme)), on: day("2026-05-26"), by: "s"))
        var b = rated([])
        b.rating.enterprise = "F"
        b = try ok(CreditProcedure.notice(b, on: day("2026-05-11"), scheme: scheme))
        let csv = try CreditExport.csv([b, a])
        let lines = csv.dropFirst().split(separator: "\n").map(String.init)
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}credit_code,name,year,"))
        XCTAssertEqual(lines.count, 2, "the header and the one final rating: \(lines)")
        XCTAssertTrue(lines[1].hasPrefix("E,\"'=HYPERLINK(\"\"http://x\"\")某公司\",2025,shanxi-2024-pilot,1,100.00,A,A级（环境信用优秀）,绿牌,2026-05-26,"), lines[1])
    }

    func testWorkingDaysAndMonths() {
        XCTAssertEqual(day("1970-01-01").weekday, 4)
        XCTAssertEqual(day("2026-05-11").weekday, 1)
        XCTAssertEqual(day("2026-08-28").addingWorkingDays(1), day("2026-08-31"), "Friday + 1 working day = Monday")
        XCTAssertEqual(day("2025-01-31").adding(months: 1), day("2025-02-28"))
        XCTAssertEqual(day("2024-01-31").adding(months: 1), day("2024-02-29"))
    }

    /// Through the services: an upheld objection cancels the penalty and the rating is computed again (88 → 100).
    func testAnUpheldObjectionRatesAgain() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        try await store.migrate()
        _ = try await Bootstrap.initialize(store, actor: "test", at: Date())
        let code = CreditRatingTests.code
        try await store.upsertSourceRegistry(SourceRegistry(enterprises: [SourceEnterprise(creditCode: code, name: "某焦化公司", region: RegionCode("140100")!, industry: "焦化")]))
        // 2026-06-01 12:00 China time.
        let now = Date(timeIntervalSince1970: 1_780_286_400)
        let services = Services(store: store, actor: "test", clock: { now })
        let province = Account(name: "sheng", role: .provinceReviewer, region: RegionCode("140000")!, passwordHash: "x", createdAt: now)
        let viewer = Account(name: "v", role: .viewer, region: RegionCode("140100")!, passwordHash: "x", createdAt: now)
        _ = try await services.importPenalties(Data("enterprise,date,decision_number,legal_basis,fine,closed\n\(code),2025-03-01,P1,x,200000,true\n".utf8), file: "p.csv", account: province)
        let files = try await services.noticeCredit(year: 2025, on: CivilDay("2026-05-20"), account: province)
        XCTAssertEqual(files.first?.rating.score, 88)
        XCTAssertEqual(files.first?.noticeUntil, CivilDay("2026-06-03"))
        do { _ = try await services.objectCredit(year: 2025, enterprise: code, reason: "x", evidence: [], account: viewer); XCTFail() } catch ServiceError.forbidden {}
        _ = try await services.objectCredit(year: 2025, enterprise: code, reason: "处罚已被复议撤销", evidence: ["复议决定书"], account: province)
        let decided = try await services.decideObjection(year: 2025, enterprise: code, number: 1, upheld: true, cancels: ["P1"], note: "撤销", account: province)
        XCTAssertEqual(decided.rating.score, 100)
        XCTAssertEqual(decided.rating.grade, "A")
        let early = try await services.finalizeCredit(year: 2025, account: province)
        XCTAssertEqual(early.done.count, 0, "the notice runs until 2026-06-03")
        XCTAssertEqual(early.waiting.count, 1)
        do { _ = try await services.noticeCredit(year: 2025, on: CivilDay("2026-06-02"), account: viewer); XCTFail() } catch ServiceError.forbidden {}
        let again = try await services.noticeCredit(year: 2025, on: CivilDay("2026-05-21"), account: province)
        XCTAssertEqual(again.count, 0, "a rating under notice is not put under notice again")
    }
}
