import EcoCore
import EcoEnterprise
import EcoKit
import EcoServices
@testable import EcoWeb
import Foundation
import HTTPTypes
import XCTest

/// The enterprise pages and their forms on the shared demo database: the credit list by grade with its deductions,
/// the notice → objection → decision → final steps through the forms (with who may take each), and the risk page's
/// query around an incident, which lists what the API lists.
final class EnterpriseWebTests: XCTestCase {
    let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    func services() async throws -> Services { Services(store: try await WebFixture.shared.get().1, actor: "t") }

    struct Doc: Decodable {
        struct Deduction: Decodable { let reference: String; let applied: Double }
        struct Rating: Decodable { let enterprise: String; let score: Double?; let grade: String?; let deductions: [Deduction] }
        let year: Int
        let ratings: [Rating]
    }

    func testCreditProcedureThroughTheForms() async throws {
        let s = try await services()
        let year = s.today.year - 1
        let doc = try JSONDecoder().decode(Doc.self, from: Data(try await fetch("/api/v1/credit").body.utf8))
        XCTAssertEqual(doc.year, year)
        XCTAssertEqual(doc.ratings.count, 12, "every registered enterprise is rated")
        let page = try await fetch("/credit")
        XCTAssertEqual(page.status, .ok)
        for r in doc.ratings { XCTAssertTrue(page.body.contains("id=\"e-\(r.enterprise)\""), "the row of \(r.enterprise)") }
        for d in doc.ratings.flatMap(\.deductions) { XCTAssertTrue(page.body.contains(d.reference), "deduction \(d.reference) is traced on the page") }
        XCTAssertTrue(page.body.contains("action=\"/credit/notice\""), "the province may open the notice")
        let reporter = try await fetch("/credit", as: .account("taiyuan"))
        XCTAssertFalse(reporter.body.contains("action=\"/credit/notice\""))
        let anonymous = try await fetch("/credit", as: .anonymous)
        XCTAssertEqual(anonymous.status, .unauthorized)

        // Only the province opens the notice.
        let refused = try await fetch("/credit/notice", method: .post, body: "year=\(year)", headers: form, as: .account("taiyuan"))
        XCTAssertEqual(refused.status, .forbidden)
        let notice = try await fetch("/credit/notice", method: .post, body: "year=\(year)", headers: form)
        XCTAssertEqual(notice.status, .seeOther, notice.body)
        var files = try await s.creditFiles(year: year)
        XCTAssertEqual(files.count, 12)
        XCTAssertTrue(files.allSatisfy { $0.stage == .notice })

        // An objection by the enterprise's city account; a viewer may not file one. What was typed is escaped.
        let target = try XCTUnwrap(doc.ratings.first { !$0.deductions.isEmpty })
        let action = "/credit/\(year)/\(target.enterprise)"
        let viewer = try await fetch(action + "/object", method: .post, body: "reason=x", headers: form, as: .account("ty-viewer"))
        XCTAssertEqual(viewer.status, .forbidden)
        let filed = try await fetch(action + "/object", method: .post, body: "reason=%3Cb%3E%E5%B7%B2%E6%95%B4%E6%94%B9%3C%2Fb%3E&evidence=%E5%A4%8D%E6%9F%A5%E6%8A%A5%E5%91%8A.pdf",
                                    headers: form, as: .account("taiyuan"))
        XCTAssertEqual(filed.status, .seeOther, filed.body)
        let withObjection = try await fetch("/credit")
        XCTAssertTrue(withObjection.body.contains("&lt;b&gt;已整改&lt;/b&gt;"), "the reason is escaped")
        XCTAssertTrue(withObjection.body.contains("action=\"\(action)/decide\""), "the province gets the decision form")
        XCTAssertTrue(withObjection.body.contains("id=\"credit-queue\""), "and the queue lists it")

        // Upheld, cancelling the first deduction's record: the enterprise is rated again without it.
        let cancelled = target.deductions[0]
        let decided = try await fetch(action + "/decide", method: .post,
                                      body: "number=1&upheld=true&cancels=\(cancelled.reference.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&note=ok", headers: form)
        XCTAssertEqual(decided.status, .seeOther, decided.body)
        files = try await s.creditFiles(year: year)
        let file = try XCTUnwrap(files.first { $0.rating.enterprise == target.enterprise })
        XCTAssertEqual(file.objections.first?.decision, "upheld")
        // The score rises by exactly the points that record took off (the pilot scheme: start 100, minus deductions).
        XCTAssertEqual(try XCTUnwrap(file.rating.score), try XCTUnwrap(target.score) + cancelled.applied, accuracy: 1e-9)

        // The notice has not ended: finalising leaves every file under notice; after its last day they become final.
        let early = try await fetch("/credit/finalize", method: .post, body: "year=\(year)", headers: form)
        XCTAssertEqual(early.status, .seeOther)
        files = try await s.creditFiles(year: year)
        XCTAssertTrue(files.allSatisfy { $0.stage == .notice })
        let last = try XCTUnwrap(files.first?.noticeUntil)
        let found = try await s.store.account(named: "admin")
        let admin = try XCTUnwrap(found)
        // The services refuse a day after today: a clock on the day after the notice.
        let after = Date().addingTimeInterval(Double(last.adding(1).index - s.today.index) * 86_400)
        let later = Services(store: s.store, actor: "t", clock: { after })
        let (done, waiting) = try await later.finalizeCredit(year: year, on: last.adding(1), account: admin)
        XCTAssertEqual(done.count, 12)
        XCTAssertEqual(waiting, [])
        let final = try await fetch("/credit")
        XCTAssertTrue(final.body.contains("已发布"), "the stage shows final")
    }

    func testRiskPageListsWhatTheAPIFinds() async throws {
        let s = try await services()
        let all = try await s.incidents()
        let incident = try XCTUnwrap(all.first)
        let page = try await fetch("/risk?incident=\(incident.id)&radius-km=15")
        XCTAssertEqual(page.status, .ok, page.body)
        struct Item: Decodable { let category: String; let id: String; let distanceKm: Double }
        let items = try JSONDecoder().decode([Item].self, from: Data(try await fetch("/api/v1/risk/near?incident=\(incident.id)&radius-km=15").body.utf8))
        XCTAssertFalse(items.isEmpty)
        for i in items {
            XCTAssertTrue(page.body.contains("<code>\(i.id)</code></td>"), "\(i.category) \(i.id) is listed")
            XCTAssertTrue(page.body.contains(NumberText.fixed(i.distanceKm, decimals: 2)), "with its distance")
        }
        let stocks = try await s.emergencyResources()
        XCTAssertEqual(items.filter { $0.category == "resource" }.count, min(10, stocks.count), "the ten nearest resources (or all, when fewer)")
        XCTAssertTrue(page.body.contains("class=\"layer-sources\"") && page.body.contains("id=\"layer-targets\""), "the map and its layer switches")
        XCTAssertTrue(page.body.contains("id=\"plan-table\""), "the plan expiry list")
        let bad = try await fetch("/risk?lon=200&lat=37")
        XCTAssertEqual(bad.status, .badRequest)
        let zero = try await fetch("/api/v1/risk/near?lon=112.5&lat=37.8&radius-km=0")
        XCTAssertEqual(zero.status, .badRequest)
        let anonymous = try await fetch("/risk", as: .anonymous)
        XCTAssertEqual(anonymous.status, .unauthorized)
    }
}
