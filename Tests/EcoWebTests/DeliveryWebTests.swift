import EcoCore
import EcoDelivery
import EcoKit
import EcoServices
@testable import EcoWeb
import Foundation
import HTTPTypes
import XCTest

/// The delivery pages and their forms on the shared demo database: the task board by department with overdue in
/// red, a case walked through the five steps by the province and the responsible department, the monthly page.
final class DeliveryWebTests: XCTestCase {
    let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func services() async throws -> Services { Services(store: try await WebFixture.shared.get().1, actor: "t") }

    /// Every department with overdue tasks has its board section, its overdue tasks are drawn as late rows with their
    /// days, and the counts are the document's.
    func testTaskBoardShowsOverdueTasksByDepartment() async throws {
        let page = try await fetch("/tasks")
        XCTAssertEqual(page.status, .ok)
        let doc = try JSONDecoder().decode(TasksProbe.self, from: Data(try await fetch("/api/v1/tasks").body.utf8))
        let overdue = doc.tasks.filter(\.overdue)
        XCTAssertFalse(overdue.isEmpty, "the demo has overdue tasks")
        for t in overdue {
            XCTAssertTrue(page.body.contains("id=\"t-\(t.task.id)\" class=\"late ts-\(t.status)\""), "task \(t.task.id) is a late row")
            XCTAssertTrue(page.body.contains("id=\"d-\(t.task.lead)\""), "department \(t.task.lead) has its section")
        }
        XCTAssertTrue(page.body.contains("已逾期 \(overdue.count)"), "the overdue count")
        for d in doc.departments where d.overdue > 0 {
            XCTAssertTrue(page.body.contains("<td class=\"num no\">\(d.overdue)</td>"), "the assessment row of \(d.department)")
        }
        XCTAssertTrue(page.body.contains("action=\"/tasks/escalate\""), "the province sees the escalation button")
        let reporter = try await fetch("/tasks", as: .account("taiyuan"))
        XCTAssertFalse(reporter.body.contains("action=\"/tasks/escalate\""), "a department account does not")
        XCTAssertTrue(reporter.body.contains("action=\"/tasks/"), "but reports its own tasks")
        let anonymous = try await fetch("/tasks", as: .anonymous)
        XCTAssertEqual(anonymous.status, .unauthorized)
    }

    /// A department reports its own task; another account may not; the province closes it once at 100 %.
    func testTaskUpdateAndCloseByRole() async throws {
        let s = try await services()
        let tasks = try await s.tasks()
        let task = try XCTUnwrap(tasks.first { $0.lead == "eeb-140100" && $0.closedOn == nil && $0.completion(on: s.today) < 100 })
        let outsider = try await fetch("/tasks/\(task.id)/update", method: .post, body: "completion=100&note=x", headers: form, as: .account("xiaodian"))
        XCTAssertEqual(outsider.status, .forbidden, outsider.body)
        let viewer = try await fetch("/tasks/\(task.id)/update", method: .post, body: "completion=100", headers: form, as: .account("ty-viewer"))
        XCTAssertEqual(viewer.status, .forbidden)
        let bad = try await fetch("/tasks/\(task.id)/update", method: .post, body: "completion=120", headers: form, as: .account("taiyuan"))
        XCTAssertEqual(bad.status, .badRequest)
        XCTAssertTrue(bad.body.contains("completion must be a plain number from 0 to 100"), bad.body)
        let ok = try await fetch("/tasks/\(task.id)/update", method: .post, body: "completion=100&note=%E5%B7%B2%E5%AE%8C%E6%88%90&evidence=%E6%99%8B%E7%8E%AF%E5%8F%91-1%3B+photo.jpg",
                                 headers: form, as: .account("taiyuan"))
        XCTAssertEqual(ok.status, .seeOther, ok.body)
        XCTAssertEqual(ok.headers[.location], "/tasks#t-\(task.id)")
        let updatedTasks = try await s.tasks()
        let updated = try XCTUnwrap(updatedTasks.first { $0.id == task.id })
        XCTAssertEqual(updated.updates.last?.completion, 100)
        XCTAssertEqual(updated.updates.last?.evidence, ["晋环发-1", "photo.jpg"])
        XCTAssertEqual(updated.updates.last?.by, "taiyuan")
        let notProvince = try await fetch("/tasks/\(task.id)/close", method: .post, body: "", headers: form, as: .account("taiyuan"))
        XCTAssertEqual(notProvince.status, .forbidden)
        let closed = try await fetch("/tasks/\(task.id)/close", method: .post, body: "", headers: form)
        XCTAssertEqual(closed.status, .seeOther, closed.body)
        let afterTasks = try await s.tasks()
        let after = try XCTUnwrap(afterTasks.first { $0.id == task.id })
        XCTAssertEqual(after.closedBy, "admin")
        let again = try await fetch("/tasks/\(task.id)/close", method: .post, body: "", headers: form)
        XCTAssertEqual(again.status, .conflict, "a closed task cannot be closed twice")
    }

    /// 发现 → 交办 → 整改 → 核查 (fail) → 约谈 → 整改 → 核查 (pass) → 销号, through the page's forms; every step
    /// recorded with who and the evidence; the forms offered follow the state and the role.
    func testACaseIsWalkedThroughTheFiveSteps() async throws {
        let title = "<b>某焦化厂</b>无组织排放"
        let opened = try await fetch("/cases", method: .post, body: "title=\(title.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&region=140100&source=complaint&severity=ordinary",
                                     headers: form)
        XCTAssertEqual(opened.status, .seeOther, opened.body)
        let path = try XCTUnwrap(opened.headers[.location])
        let id = String(path.dropFirst("/cases/".count))
        func step(_ action: String, _ body: String, as caller: TestCaller = .admin, expect: HTTPResponse.Status = .seeOther) async throws {
            let r = try await fetch("\(path)/\(action)", method: .post, body: body, headers: form, as: caller)
            XCTAssertEqual(r.status, expect, "\(action): \(r.body.prefix(400))")
        }
        var page = try await fetch(path)
        XCTAssertTrue(page.body.contains("&lt;b&gt;某焦化厂&lt;/b&gt;"), "the title is escaped")
        XCTAssertFalse(page.body.contains("<b>某焦化厂"))
        XCTAssertTrue(page.body.contains("action=\"\(path)/assign\""))
        XCTAssertFalse(page.body.contains("action=\"\(path)/close\""), "a found case cannot be closed")
        try await step("report", "note=x", as: .account("taiyuan"), expect: .forbidden)  // not its case yet
        try await step("assign", "unit=eeb-140100&target=%E5%AE%8C%E6%88%90%E5%B0%81%E9%97%AD&evidence=%E4%BA%A4%E5%8A%9E%E5%8D%95-7")
        try await step("assign", "unit=eeb-140100&target=x", expect: .conflict)  // already assigned
        try await step("report", "note=%E5%B7%B2%E5%B0%81%E9%97%AD", as: .account("xiaodian"), expect: .forbidden)
        try await step("report", "note=%E5%B7%B2%E5%B0%81%E9%97%AD", as: .account("taiyuan"))
        try await step("verify", "result=maybe", expect: .badRequest)
        try await step("verify", "result=fail&note=%E4%BB%8D%E6%9C%89%E6%89%AC%E5%B0%98")
        try await step("escalate", "people=2&note=%E7%BA%A6%E8%B0%88")
        try await step("report", "note=%E5%86%8D%E6%AC%A1%E6%95%B4%E6%94%B9", as: .account("taiyuan"))
        try await step("verify", "result=pass")
        page = try await fetch(path)
        XCTAssertTrue(page.body.contains("action=\"\(path)/close\""), "a verified case offers closure")
        try await step("close", "fine=5.5&firms=1&filed=1&note=%E9%94%80%E5%8F%B7")
        let s = try await services()
        let cases = try await s.cases()
        let c = try XCTUnwrap(cases.first { $0.id == id })
        XCTAssertEqual(c.state, .closed)
        XCTAssertEqual(c.steps.map(\.action), ["open", "assign", "report", "verify", "escalate", "report", "verify", "close"])
        XCTAssertEqual(c.steps.map(\.by), ["admin", "admin", "taiyuan", "admin", "admin", "taiyuan", "admin", "admin"])
        XCTAssertEqual(c.steps[1].evidence, ["交办单-7"])
        XCTAssertEqual(c.failedVerifications, 1)
        XCTAssertEqual(c.outcome.summoned, 2)
        XCTAssertEqual(c.outcome.fines, 5.5)
        page = try await fetch(path)
        XCTAssertTrue(page.body.contains("action=\"\(path)/reopen\""), "a closed case can reopen (反弹)")
        XCTAssertEqual(page.body.components(separatedBy: "<tr><td>").count - 1, 8, "one row per step")
        let board = try await fetch("/cases")
        XCTAssertTrue(board.body.contains("href=\"\(path)\""), "the board links the case")
        let viewer = try await fetch("/cases", method: .post, body: "title=x&region=140100&source=complaint", headers: form, as: .account("ty-viewer"))
        XCTAssertEqual(viewer.status, .forbidden)
        let reporter = try await fetch("/cases", method: .post, body: "title=x&region=140100&source=complaint", headers: form, as: .account("taiyuan"))
        XCTAssertEqual(reporter.status, .forbidden, "a city reporter does not open cases")
        let unknown = try await fetch("/cases/nope")
        XCTAssertEqual(unknown.status, .notFound)
    }

    /// The province uploads a task list: all or nothing, each problem located; others may not.
    func testDeliveryUploadIsAllOrNothing() async throws {
        let header = "id,year,title,source,region,lead,supporting,responsible,start,deadline\n"
        let bad = try await fetch("/delivery/upload?kind=tasks&file=t.csv", method: .post, body: header + "W1,2026,x,专栏2.3,140100,eeb-140100,,r,2026-01-01,2026-12-31\nW2,2026,x,s,140100,nobody,,r,2026-01-01,2026-12-31\n")
        XCTAssertEqual(bad.status, .unprocessableContent, bad.body)
        XCTAssertTrue(bad.body.contains("t.csv:3:6:"), bad.body)
        let s = try await services()
        let tasks = try await s.tasks()
        XCTAssertFalse(tasks.contains { $0.id == "W1" }, "nothing was imported")
        let ok = try await fetch("/delivery/upload?kind=tasks&file=t.csv", method: .post, body: header + "W1,2026,网页导入任务,专栏2.3,140100,eeb-140100,,r,2026-01-01,2026-12-31\n")
        XCTAssertEqual(ok.status, .ok, ok.body)
        let after = try await s.tasks()
        XCTAssertEqual(after.first { $0.id == "W1" }?.title, "网页导入任务")
        let reporter = try await fetch("/delivery/upload?kind=tasks&file=t.csv", method: .post, body: header, as: .account("taiyuan"))
        XCTAssertEqual(reporter.status, .forbidden)
        let kind = try await fetch("/delivery/upload?kind=moon", method: .post, body: header)
        XCTAssertEqual(kind.status, .badRequest)
    }

    /// The monthly page ranks the cities of the demo air year and explains each reward and penalty.
    func testMonthlyPageShowsRankingTriggersAndAmounts() async throws {
        let page = try await fetch("/monthly?month=2024-06")
        XCTAssertEqual(page.status, .ok)
        let s = try await services()
        let ranking = try await s.rankMonthly(YearMonth(year: 2024, month: 6), level: .city)
        XCTAssertFalse(ranking.entries.isEmpty)
        let first = try XCTUnwrap(ranking.entries.first)
        XCTAssertTrue(page.body.contains("<td class=\"num\">\(NumberText.fixed(first.current.compositeIndex, decimals: 2))</td>"), "the best city's index")
        XCTAssertTrue(page.body.contains("id=\"monthly-ranking\""))
        XCTAssertTrue(page.body.contains("id=\"reward-penalty\""))
        XCTAssertTrue(page.body.contains("id=\"firings\""))
        let bad = try await fetch("/monthly?month=2024-13")
        XCTAssertEqual(bad.status, .badRequest)
        let county = try await fetch("/monthly?month=2024-06&level=town")
        XCTAssertEqual(county.status, .badRequest)
    }
}

/// The parts of `/api/v1/tasks` the board test reads.
struct TasksProbe: Decodable {
    struct Row: Decodable {
        struct Task: Decodable { let id: String; let lead: String }
        let task: Task
        let status: String
        let overdueDays: Int
        let overdue: Bool
    }
    struct Department: Decodable { let department: String; let overdue: Int }
    let tasks: [Row]
    let departments: [Department]
}
