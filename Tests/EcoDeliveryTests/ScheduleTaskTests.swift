import EcoCore
import EcoDelivery
import EcoIngest
import EcoKit
import XCTest

/// 序时进度, task statuses and the escalation ladder by date, on the built-in rules (tolerance 10 percentage points;
/// ladder −15 warning, +1 督办通知, +15 通报, +30 约谈, +60 专项督察 days from the deadline).
final class ScheduleTaskTests: XCTestCase {
    let rules = try! BuiltinData.deliveryRules()
    func day(_ s: String) -> CivilDay { CivilDay(s)! }

    func testElapsedShare() {
        // 2025-01-01 … 2025-12-31 is 365 days; on 1 July 182 have elapsed (1 July counted): 182 / 365 = 49.863 %.
        XCTAssertEqual(Schedule.elapsedShare(start: day("2025-01-01"), end: day("2025-12-31"), on: day("2025-07-01")), 182.0 / 365 * 100, accuracy: 1e-9)
        XCTAssertEqual(Schedule.elapsedShare(start: day("2025-01-01"), end: day("2025-12-31"), on: day("2025-07-01")), 49.863, accuracy: 0.001)
        // On the first day one day of 365 has elapsed; before it none; after the end all.
        XCTAssertEqual(Schedule.elapsedShare(start: day("2025-01-01"), end: day("2025-12-31"), on: day("2025-01-01")), 100.0 / 365, accuracy: 1e-9)
        XCTAssertEqual(Schedule.elapsedShare(start: day("2025-01-01"), end: day("2025-12-31"), on: day("2024-12-31")), 0)
        XCTAssertEqual(Schedule.elapsedShare(start: day("2025-01-01"), end: day("2025-12-31"), on: day("2026-03-01")), 100)
        // A one-day task is all elapsed on its day.
        XCTAssertEqual(Schedule.elapsedShare(start: day("2025-03-01"), end: day("2025-03-01"), on: day("2025-03-01")), 100)
        // Calendar months clamp the day: 31 January + 1 month is 28 February (2025) or 29 February (2024).
        XCTAssertEqual(Schedule.adding(months: 1, to: day("2025-01-31")), day("2025-02-28"))
        XCTAssertEqual(Schedule.adding(months: 1, to: day("2024-01-31")), day("2024-02-29"))
        XCTAssertEqual(Schedule.adding(months: 1, to: day("2025-12-15")), day("2026-01-15"))
        XCTAssertEqual(Schedule.overdueDays(deadline: day("2025-06-30"), on: day("2025-07-01")), 1)
    }

    func task(updates: [(String, Double)] = []) -> DeliveryTask {
        DeliveryTask(id: "T1", year: 2026, title: "t", source: "专栏2.3", region: RegionCode("140100")!, lead: "d1", supporting: ["d2"], responsible: "r",
                     start: day("2026-01-01"), deadline: day("2026-06-30"), milestones: [],
                     updates: updates.map { TaskUpdate(on: day($0.0), completion: $0.1, note: "", evidence: [], by: "u") },
                     closedOn: nil, closedBy: nil, escalations: [], synthetic: false)
    }

    /// Overdue from the day after the deadline (30 June), unless reported complete or closed by then.
    func testOverdueAtItsBoundaries() {
        let t = task(updates: [("2026-06-01", 99)])
        XCTAssertFalse(t.isOverdue(on: day("2026-06-30")), "on the deadline")
        XCTAssertTrue(t.isOverdue(on: day("2026-07-01")))
        XCTAssertFalse(task(updates: [("2026-06-01", 100)]).isOverdue(on: day("2026-07-01")), "reported complete")
        var closed = task(updates: [("2026-06-01", 99)])
        closed.closedOn = day("2026-07-01")
        XCTAssertFalse(closed.isOverdue(on: day("2026-07-01")), "closed that day")
        closed.closedOn = day("2026-07-05")
        XCTAssertTrue(closed.isOverdue(on: day("2026-07-02")), "closed only later")
    }

    func testStatusByDate() {
        // 2026-01-01 … 06-30 is 181 days.
        let t = task(updates: [("2026-03-01", 30)])
        // 10 January: 10/181 = 5.52 % elapsed, nothing reported: within the 10-point tolerance → 未启动.
        XCTAssertEqual(t.status(on: day("2026-01-10"), rules: rules), .notStarted)
        // 15 February: 46/181 = 25.41 % elapsed, 0 reported: 25.41 > 10 → 滞后.
        XCTAssertEqual(t.status(on: day("2026-02-15"), rules: rules), .lagging)
        // 1 March: 60/181 = 33.15 %, 30 reported: 3.15 ≤ 10 → 推进中.
        XCTAssertEqual(t.status(on: day("2026-03-01"), rules: rules), .inProgress)
        // 31 March: 90/181 = 49.72 %, 30 reported: 19.72 > 10 → 滞后.
        XCTAssertEqual(t.status(on: day("2026-03-31"), rules: rules), .lagging)
        // The boundary: 40 reported on 31 March trails by 9.72 → 推进中; 39 by 10.72 → 滞后.
        XCTAssertEqual(task(updates: [("2026-03-01", 40)]).status(on: day("2026-03-31"), rules: rules), .inProgress)
        XCTAssertEqual(task(updates: [("2026-03-01", 39)]).status(on: day("2026-03-31"), rules: rules), .lagging)
        // Past the deadline below 100 → 滞后 whatever the share; at 100 → 已完成待核查; closed → 已销号.
        XCTAssertEqual(task(updates: [("2026-06-01", 99)]).status(on: day("2026-07-01"), rules: rules), .lagging)
        var done = task(updates: [("2026-06-01", 100)])
        XCTAssertEqual(done.status(on: day("2026-07-01"), rules: rules), .awaitingVerification)
        done.closedOn = day("2026-06-10")
        XCTAssertEqual(done.status(on: day("2026-06-09"), rules: rules), .awaitingVerification)
        XCTAssertEqual(done.status(on: day("2026-06-10"), rules: rules), .closed)
    }

    func testLadderByDate() {
        var t = task(updates: [("2026-03-01", 30)])
        // Deadline 30 June: the warning is due 15 days before (15 June), not on 14 June.
        XCTAssertNil(t.dueRung(on: day("2026-06-14"), rules: rules))
        XCTAssertEqual(t.dueRung(on: day("2026-06-15"), rules: rules)?.id, "warning")
        XCTAssertEqual(t.dueRung(on: day("2026-06-30"), rules: rules)?.id, "warning")
        XCTAssertEqual(t.dueRung(on: day("2026-07-01"), rules: rules)?.id, "notice")
        XCTAssertEqual(t.dueRung(on: day("2026-07-14"), rules: rules)?.id, "notice")
        XCTAssertEqual(t.dueRung(on: day("2026-07-15"), rules: rules)?.id, "bulletin")
        XCTAssertEqual(t.dueRung(on: day("2026-07-30"), rules: rules)?.id, "summons")
        XCTAssertEqual(t.dueRung(on: day("2026-08-29"), rules: rules)?.id, "inspection")
        // Issued once: the notice of 1 July is not issued again on 10 July; the bulletin is on 15 July.
        t.escalations = [TaskEscalation(rung: "notice", on: day("2026-07-01"), overdueDays: 1, by: "p")]
        XCTAssertNil(t.rungToIssue(on: day("2026-07-10"), rules: rules))
        XCTAssertEqual(t.rungToIssue(on: day("2026-07-15"), rules: rules)?.id, "bulletin")
        // A task done is not escalated.
        XCTAssertNil(task(updates: [("2026-06-01", 100)]).dueRung(on: day("2026-08-01"), rules: rules))
    }

    func testDepartmentTable() {
        let d1 = Department(id: "d1", name: LocalizedText(zh: "一", en: "one"), region: RegionCode("140100")!, accounts: [], synthetic: false)
        let d2 = Department(id: "d2", name: LocalizedText(zh: "二", en: "two"), region: RegionCode("140100")!, accounts: [], synthetic: false)
        var closed = task(updates: [("2026-05-01", 100)]); closed.id = "T2"; closed.closedOn = day("2026-05-10")
        var late = task(updates: [("2026-05-01", 60)]); late.id = "T3"
        let rows = DepartmentAssessment.table([d1, d2], tasks: [closed, late, task()], on: day("2026-07-10"), rules: rules)
        // d1 leads 3: one closed, two past the deadline below 100 (overdue and lagging); completion rate 1/3 = 33.3 %;
        // mean completion (100 + 60 + 0) / 3 = 53.3 %. d2 supports the three and leads none.
        XCTAssertEqual(rows[0].led, 3); XCTAssertEqual(rows[0].closed, 1); XCTAssertEqual(rows[0].overdue, 2); XCTAssertEqual(rows[0].lagging, 2)
        XCTAssertEqual(rows[0].completionRate, 33.3); XCTAssertEqual(rows[0].meanCompletion, 53.3)
        XCTAssertEqual(rows[1].led, 0); XCTAssertEqual(rows[1].supported, 3); XCTAssertNil(rows[1].completionRate)
    }

    func testProjectProgress() {
        let p = Project(id: "P1", name: "n", programme: "2.3", region: RegionCode("140100")!, leadDepartment: "d1", investmentPlanned: 1000, investmentDone: 0,
                        start: day("2025-01-01"), end: day("2025-12-31"), milestones: [Milestone(due: day("2025-06-30"), title: "主体完工")],
                        indicators: [], status: .underway, evidence: [],
                        reports: [ProjectReport(period: "2025-05", completion: 40, investmentDone: 450, note: "", evidence: [], by: "u"),
                                  ProjectReport(period: "2025-07", completion: 45, investmentDone: 500, note: "", evidence: [], by: "u")],
                        synthetic: false)
        // On 1 July: 49.86 % elapsed; the July report counts from 31 July, so the May one (40 %) applies: gap −9.86, the
        // milestone of 30 June is past → at risk; investment 450/1000 = 45 %.
        let a = p.progress(on: day("2025-07-01"), rules: rules)
        XCTAssertEqual(a.elapsedShare, 49.86); XCTAssertEqual(a.completion, 40); XCTAssertEqual(a.gap, -9.86); XCTAssertEqual(a.investmentShare, 45)
        XCTAssertTrue(a.atRisk); XCTAssertEqual(a.missedMilestones, ["2025-06-30 主体完工"]); XCTAssertFalse(a.overdue)
        // 2026-01-05: past the end at 45 % → overdue.
        XCTAssertTrue(p.progress(on: day("2026-01-05"), rules: rules).overdue)
        XCTAssertNil(Project.periodEnd("2025-13")); XCTAssertEqual(Project.periodEnd("2024-02"), day("2024-02-29"))
    }

    func testRulesFile() throws {
        XCTAssertNil(rules.problem)
        XCTAssertTrue(rules.reconstructed.contains { $0.hasPrefix("rewardPenalty.marginal") })
        XCTAssertFalse(rules.reconstructed.contains { $0.hasPrefix("accountability.monthRise") })
        var bad = rules
        bad.ladder.value[1].overdueDays = -20
        let data = try JSONEncoder().encode(bad)
        XCTAssertThrowsError(try BuiltinData.deliveryRules(data, file: "r.json")) { e in
            XCTAssertEqual("\(e)", "r.json: the ladder's overdueDays must rise from rung to rung")
        }
        XCTAssertThrowsError(try BuiltinData.deliveryRules(Data("{\"version\":1}".utf8), file: "r.json")) { e in
            XCTAssertTrue("\(e)".hasPrefix("r.json: not delivery rules (version: "), "\(e)")
        }
        XCTAssertEqual(try BuiltinData.programmes().count, 23)
        XCTAssertEqual(try BuiltinData.programmes().first { $0.id == "2.9" }?.regions, [RegionCode("140882")!])
    }
}
