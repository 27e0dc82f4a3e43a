import EcoAccess
import EcoCore
import EcoIngest
import EcoServices
import EcoStore
@testable import EcoWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

/// A clock the tests move forward (lockouts end, deadlines pass).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28
    func read() -> Date { lock.lock(); defer { lock.unlock() }; return now }
    func advance(_ s: TimeInterval) { lock.lock(); now += s; lock.unlock() }
}

/// A database with the demo values and one account per role, in and out of 太原's subtree, for the workflow tests.
actor WorkflowFixture {
    static let shared = WorkflowFixture()
    /// name → (role, region).
    static let accounts: [(String, Role, String)] = [
        ("admin", .administrator, "140000"), ("sheng", .provinceReviewer, "140000"),
        ("ty-review", .cityReviewer, "140100"), ("ty-report", .cityReporter, "140100"), ("xd", .countyReporter, "140105"),
        ("xd2", .countyReporter, "140105"), ("ty-view", .viewer, "140100"),
        ("dt-review", .cityReviewer, "140200"), ("dt-report", .cityReporter, "140200"), ("pc", .countyReporter, "140213"),
        ("dt-view", .viewer, "140200"),
    ]
    static let password = "workflow-password"
    private var built: (WebApp, any TestStore, [String: String], TestClock)?

    /// The app, its store, an API token per account name, and the clock.
    func get() async throws -> (app: WebApp, store: any TestStore, tokens: [String: String], clock: TestClock) {
        if let built { return built }
        let store = try await makeTestStore("workflow")
        let clock = TestClock()
        _ = try await Bootstrap.initialize(store, actor: "test", at: clock.read())
        let services = Services(store: store, actor: "test", clock: { clock.read() })
        _ = try await services.loadIndicatorDemo(framework: "shanxi-2021", seed: 2021)
        var tokens: [String: String] = [:]
        for (name, role, region) in Self.accounts {
            _ = try await services.addUser(name, role: role, region: region, password: Self.password)
            tokens[name] = try await services.createToken(for: name, label: "tests").token
        }
        let app = try WebApp(store: store, actor: "web", clock: { clock.read() })
        built = (app, store, tokens, clock)
        return (app, store, tokens, clock)
    }
}

/// One browser: a cookie jar over the test client.
final class Browser: @unchecked Sendable {
    var cookies: [String: String] = [:]

    func send(_ client: some TestClientProtocol, _ uri: String, method: HTTPRequest.Method = .get, form: [(String, String)]? = nil,
              headers extra: HTTPFields = [:]) async throws -> Fetched {
        var h = extra
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        var body: ByteBuffer?
        if let form {
            h[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
        }
        let sent = h
        return try await client.execute(uri: uri, method: method, headers: sent, body: body) { r in
            for value in r.headers[values: .setCookie] {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
                if pair.count == 2 { self.cookies[String(pair[0])] = String(pair[1]) } else if pair.count == 1 { self.cookies[String(pair[0])] = nil }
                if value.contains("Max-Age=0") { self.cookies[String(pair[0])] = nil }
            }
            return Fetched(status: r.status, body: String(buffer: r.body), contentType: r.headers[.contentType] ?? "", headers: r.headers)
        }
    }

    /// Signs in through the login form; returns the session's CSRF token (from a page's meta tag).
    func signIn(_ client: some TestClientProtocol, _ name: String, password: String = WorkflowFixture.password) async throws -> String {
        let form = try await send(client, "/login")
        let token = try XCTUnwrap(Self.field(form.body, "csrf"))
        let r = try await send(client, "/login", method: .post, form: [("csrf", token), ("name", name), ("password", password), ("next", "/workflow")])
        XCTAssertEqual(r.status, .seeOther, r.body)
        let page = try await send(client, "/workflow")
        return try XCTUnwrap(Self.meta(page.body))
    }

    static func field(_ html: String, _ name: String) -> String? {
        guard let r = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }

    static func meta(_ html: String) -> String? {
        guard let r = html.range(of: "<meta name=\"csrf-token\" content=\"") else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "\"" })
    }
}

final class WorkflowTests: XCTestCase {
    func withClient(_ body: @escaping @Sendable (any TestClientProtocol, WebApp, any TestStore, [String: String], TestClock) async throws -> Void) async throws {
        let f = try await WorkflowFixture.shared.get()
        let app = Application(router: f.app.router())
        try await app.test(.router) { client in try await body(client, f.app, f.store, f.tokens, f.clock) }
    }

    /// The issue's "done when": a county reporter signs in, fills and submits its figures, the city reviewer approves,
    /// the province publishes, the public sees them — every step audited, and the audit chain verifies.
    func testACountyReportsTheCityApprovesTheProvincePublishesThePublicSees() async throws {
        try await withClient { client, app, store, tokens, _ in
            let year = "2024", unit = "/report/140108?year=2024"   // 尖草坪区: no other test touches it
            let publicBefore = try await Browser().send(client, "/api/v1/assessment?region=140108&year=\(year)")
            XCTAssertTrue(publicBefore.body.contains(#""coverage":0"#) && publicBefore.body.contains(#""view":"published""#), publicBefore.body)

            let reporter = Browser()
            _ = try await reporter.signIn(client, "xd")   // 小店区's reporter may not touch 尖草坪区
            let refused = try await reporter.send(client, unit)
            XCTAssertEqual(refused.status, .forbidden)
            let csrfOtherPage = try await reporter.send(client, "/workflow")

            let csrfOther = try XCTUnwrap(Browser.meta(csrfOtherPage.body))
            do { let got = try await reporter.send(client, "/report/140108", method: .post,
                                                   form: [("csrf", csrfOther), ("year", year), ("v.pm25", "40"), ("ver.pm25", "0")]).status; XCTAssertEqual(got, .forbidden) }

            _ = try await app.services.addUser("jcp", role: .countyReporter, region: "140108", password: WorkflowFixture.password)
            let jcp = Browser()
            let csrf = try await jcp.signIn(client, "jcp")
            let form = try await jcp.send(client, unit)
            XCTAssertEqual(form.status, .ok)
            XCTAssertTrue(form.body.contains("name=\"v.pm25\""), "the form has an input per indicator")
            let version = try XCTUnwrap(Browser.field(form.body, "ver.pm25"))
            let saved = try await jcp.send(client, "/report/140108?framework=shanxi-2021", method: .post,
                                           form: [("csrf", csrf), ("year", year), ("v.pm25", "38"), ("ver.pm25", version), ("n.pm25", "自动站年均"), ("do", "check")])
            XCTAssertEqual(saved.status, .seeOther, saved.body)
            // Every warning of the check gets a comment, then the unit is submitted.
            let checked = try await jcp.send(client, unit)
            var comments: [(String, String)] = []
            var rest = Substring(checked.body)
            while let r = rest.range(of: "name=\"c.") {
                let key = String(rest[r.upperBound...].prefix { $0 != "\"" })
                comments.append(("c." + key, "核实无误"))
                rest = rest[r.upperBound...]
            }
            let submitted = try await jcp.send(client, "/report/140108?framework=shanxi-2021", method: .post,
                                               form: [("csrf", csrf), ("year", year), ("do", "submit")] + comments)
            XCTAssertEqual(submitted.status, .seeOther, submitted.body)
            do { let got = try await jcp.send(client, unit).body.contains("id=\"unit-status\">已上报"); XCTAssertTrue(got) }

            // 太原's reviewer approves on the grid's form.
            let reviewer = Browser()
            let rcsrf = try await reviewer.signIn(client, "ty-review")
            let grid = try await reviewer.send(client, "/workflow?year=\(year)")
            XCTAssertTrue(grid.body.contains("/workflow/140108/approve"), "the grid offers the reviewer the approval")
            let approved = try await reviewer.send(client, "/workflow/140108/approve?year=\(year)&framework=shanxi-2021", method: .post,
                                                   form: [("csrf", rcsrf), ("year", year), ("framework", "shanxi-2021")])
            XCTAssertEqual(approved.status, .seeOther, approved.body)
            // The province publishes over the API with its token.
            let published = try await client.execute(uri: "/api/v1/workflow/shanxi-2021/140108/\(year)/publish", method: .post,
                                                     headers: [.authorization: "Bearer \(tokens["sheng"]!)"]) { String(buffer: $0.body) }
            XCTAssertTrue(published.contains(#""status":"published""#), published)

            let publicAfter = try await Browser().send(client, "/api/v1/assessment?region=140108&year=\(year)")
            let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(publicAfter.body.utf8)) as? [String: Any])
            let pm25 = (doc["indicators"] as? [[String: Any]])?.first { $0["indicator"] as? String == "pm25" }
            XCTAssertEqual(pm25?["value"] as? Double, 38, "the public sees the published value")
            XCTAssertEqual(doc["view"] as? String, "published")
            let page = try await Browser().send(client, "/regions/140108?year=\(year)")
            XCTAssertTrue(page.body.contains("id=\"data-view\">公开数据"), "the public page is labelled as the published view")

            let trail = try await store.auditTrail(framework: "shanxi-2021", region: RegionCode("140108")!, indicator: AuditRecord.workflowIndicator)
            XCTAssertEqual(trail.map(\.actor), ["jcp", "ty-review", "sheng"])
            XCTAssertEqual(trail.map(\.newValue), ["submitted", "approved", "published"])
            let value = try await store.auditTrail(framework: "shanxi-2021", region: RegionCode("140108")!, indicator: "pm25").last
            XCTAssertEqual(value?.actor, "jcp")
            XCTAssertEqual(value?.newValue, "38")
            let reports = try await app.services.verifyAudit()
            XCTAssertTrue(reports.allSatisfy { $0.problems.isEmpty }, "\(reports)")
            // Locked once submitted: the reporter's next save is refused, naming the cell.
            let late = try await jcp.send(client, "/report/140108?framework=shanxi-2021", method: .post,
                                          form: [("csrf", csrf), ("year", year), ("v.pm25", "30"), ("ver.pm25", "2")])
            XCTAssertEqual(late.status, .conflict, late.body)
        }
    }

    /// Every status × action against the rules, as written out here (not read from the code): an action is legal
    /// only from its one source status.
    func testEveryLegalAndIllegalTransition() throws {
        let tree = RegionTree(try BuiltinData.regions())
        let county = try XCTUnwrap(tree[RegionCode("140105")!]), city = try XCTUnwrap(tree[RegionCode("140100")!])
        let reporter = Account(name: "r", role: .countyReporter, region: county.code, passwordHash: "", createdAt: Date())
        let reviewer = Account(name: "v", role: .cityReviewer, region: city.code, passwordHash: "", createdAt: Date())
        let province = Account(name: "p", role: .provinceReviewer, region: RegionCode("140000")!, passwordHash: "", createdAt: Date())
        let legal: [WorkflowAction: (ReportStatus, ReportStatus, Account)] = [
            .submit: (.draft, .submitted, reporter), .approve: (.submitted, .approved, reviewer), .return: (.submitted, .draft, reviewer),
            .unapprove: (.approved, .submitted, reviewer), .publish: (.approved, .published, province),
        ]
        var checked = 0
        for (action, (from, to, who)) in legal {
            for status in ReportStatus.allCases {
                let r = AccessRules.check(action, by: who, region: county, tree: tree, status: status, approverStatus: .draft, reason: "r")
                if status == from {
                    XCTAssertEqual(try? r.get(), to, "\(action) from \(status)")
                } else {
                    XCTAssertEqual(r.failureKind, .conflict, "\(action) from \(status) must be refused as a conflict")
                }
                checked += 1
            }
        }
        XCTAssertEqual(checked, 25)
        // Return needs a reason; unapprove ends once the level above is approved (or published).
        XCTAssertEqual(AccessRules.check(.return, by: reviewer, region: county, tree: tree, status: .submitted, approverStatus: .draft, reason: "  ").failureKind, .invalid)
        for above in [ReportStatus.approved, .published] {
            XCTAssertEqual(AccessRules.check(.unapprove, by: reviewer, region: county, tree: tree, status: .approved, approverStatus: above, reason: nil).failureKind,
                           .conflict)
        }
        XCTAssertEqual(try? AccessRules.check(.unapprove, by: reviewer, region: county, tree: tree, status: .approved, approverStatus: .submitted, reason: nil).get(),
                       .submitted)
        // The wrong level or role is forbidden whatever the status.
        for (action, who) in [(WorkflowAction.submit, reviewer), (.approve, reporter), (.approve, province), (.publish, reviewer), (.return, reporter)] {
            XCTAssertEqual(AccessRules.check(action, by: who, region: county, tree: tree, status: action.source, approverStatus: nil, reason: "r").failureKind,
                           .forbidden, "\(who.role) \(action)")
        }
        // The province approves its cities and itself.
        let shanxi = try XCTUnwrap(tree[RegionCode("140000")!])
        XCTAssertEqual(try? AccessRules.check(.approve, by: province, region: city, tree: tree, status: .submitted, approverStatus: nil, reason: nil).get(), .approved)
        XCTAssertEqual(try? AccessRules.check(.approve, by: province, region: shanxi, tree: tree, status: .submitted, approverStatus: nil, reason: nil).get(), .approved)
    }

    /// The same rules through the services and the store: each action carried out for real on one unit, and a
    /// repeated or out-of-order action refused with 409 over the API.
    func testTheActionsOverTheAPIWithTheirStatuses() async throws {
        try await withClient { client, app, store, tokens, _ in
            func act(_ who: String, _ region: String, _ action: String, _ body: String? = nil) async throws -> (UInt, String) {
                try await client.execute(uri: "/api/v1/workflow/shanxi-2021/\(region)/2023/\(action)", method: .post,
                                         headers: [.authorization: "Bearer \(tokens[who]!)", .contentType: "application/json"],
                                         body: body.map { ByteBuffer(string: $0) }) { (UInt($0.status.code), String(buffer: $0.body)) }
            }
            // 晋源区 (140110) 2023: the demo values make it a draft.
            let warnings = try await act("admin", "140110", "check")
            XCTAssertEqual(warnings.0, 200)
            let keys = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(warnings.1.utf8)) as? [[String: Any]]).compactMap { $0["key"] as? String }
            do { let got = try await act("ty-review", "140110", "approve").0; XCTAssertEqual(got, 409, "a draft cannot be approved") }
            do { let got = try await act("ty-review", "140110", "submit").0; XCTAssertEqual(got, 403, "a reviewer does not submit") }
            let comments = "{" + keys.map { "\"\($0)\": \"checked\"" }.joined(separator: ",") + "}"
            let sent = try await act("admin", "140110", "submit", #"{"comments": \#(comments)}"#)
            XCTAssertEqual(sent.0, 200, sent.1)
            do { let got = try await act("admin", "140110", "submit").0; XCTAssertEqual(got, 409, "submitting twice") }
            do { let got = try await act("ty-review", "140110", "return", #"{"reason": ""}"#).0; XCTAssertEqual(got, 400, "a return needs a reason") }
            let returned = try await act("ty-review", "140110", "return", #"{"reason": "PM2.5 与监测站年报不一致"}"#)
            XCTAssertTrue(returned.1.contains(#""status":"draft""#) && returned.1.contains("监测站"), returned.1)
            _ = try await act("admin", "140110", "submit", #"{"comments": \#(comments)}"#)
            do { let got = try await act("dt-review", "140110", "approve").0; XCTAssertEqual(got, 403, "大同's reviewer is out of scope") }
            do { let got = try await act("ty-review", "140110", "approve").0; XCTAssertEqual(got, 200) }
            do { let got = try await act("ty-review", "140110", "publish").0; XCTAssertEqual(got, 403, "a city does not publish") }
            do { let got = try await act("ty-review", "140110", "unapprove").0; XCTAssertEqual(got, 200) }
            do { let got = try await act("ty-review", "140110", "approve").0; XCTAssertEqual(got, 200) }
            // Once 太原 itself is approved, its counties can no longer be unapproved by it.
            let city = ReportUnit(framework: "shanxi-2021", region: RegionCode("140100")!, year: 2023)
            let audit = AuditRecord(key: ObservationKey(framework: "shanxi-2021", indicator: AuditRecord.workflowIndicator, region: city.region, year: 2023),
                                    old: nil, new: "approved", source: nil, context: ChangeContext(actor: "test", at: Date()))
            _ = try await store.transition(to: ReportState(unit: city, status: .approved, updatedAt: Date(), updatedBy: "test"), expected: nil, audit: audit)
            do { let got = try await act("ty-review", "140110", "unapprove").0; XCTAssertEqual(got, 409) }
            do { let got = try await act("sheng", "140110", "publish").0; XCTAssertEqual(got, 200) }
            do { let got = try await act("sheng", "140110", "publish").0; XCTAssertEqual(got, 409, "publishing twice") }
            do { let got = try await act("sheng", "140110", "sign").0; XCTAssertEqual(got, 400, "an unknown action") }
            let grid = try await client.execute(uri: "/api/v1/workflow?year=2023", method: .get, headers: [.authorization: "Bearer \(tokens["ty-view"]!)"]) {
                String(buffer: $0.body)
            }
            let units = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(grid.utf8)) as? [String: Any])?["units"] as? [[String: Any]])
            XCTAssertEqual(units.count, 11, "a viewer of 太原 sees 太原 and its ten counties")
            XCTAssertEqual(units.first { $0["region"] as? String == "140110" }?["status"] as? String, "published")
            XCTAssertEqual(units.first { $0["region"] as? String == "140110" }?["changedSinceApproval"] as? Int, 0)
            _ = app
        }
    }

    /// Two reporters open the same form; the second one's save is refused with the value the first one stored.
    func testTheSecondOfTwoEditsOfACellIsRefusedNotLost() async throws {
        try await withClient { client, _, store, _, _ in
            let a = Browser(), b = Browser()
            let ca = try await a.signIn(client, "xd"), cb = try await b.signIn(client, "xd2")
            let formA = try await a.send(client, "/report/140105?year=2022"), formB = try await b.send(client, "/report/140105?year=2022")
            let va = try XCTUnwrap(Browser.field(formA.body, "ver.forest_cover")), vb = try XCTUnwrap(Browser.field(formB.body, "ver.forest_cover"))
            XCTAssertEqual(va, vb)
            let first = try await a.send(client, "/report/140105", method: .post, form: [("csrf", ca), ("year", "2022"), ("v.forest_cover", "21.5"), ("ver.forest_cover", va)])
            XCTAssertEqual(first.status, .seeOther, first.body)
            let second = try await b.send(client, "/report/140105", method: .post, form: [("csrf", cb), ("year", "2022"), ("v.forest_cover", "19"), ("ver.forest_cover", vb)])
            XCTAssertEqual(second.status, .conflict)
            XCTAssertTrue(second.body.contains("140105 forest_cover 2022 (now 21.5"), second.body)
            let stored = try await store.observations(ObservationQuery(framework: "shanxi-2021", region: RegionCode("140105")!, indicator: "forest_cover", years: 2022...2022))
            XCTAssertEqual(stored.first?.value, .number(21.5))
            XCTAssertEqual(stored.first?.version, Int(va)! + 1)
            // The history popover of the cell names the reporter.
            let page = try await b.send(client, "/report/140105?year=2022")
            XCTAssertTrue(page.body.contains("<td>xd</td><td>") && page.body.contains("<summary>历史"), "the history shows who changed the value")
        }
    }

    /// Five wrong passwords are allowed; the sixth locks the account for 30 s (the right password is refused
    /// meanwhile), the next wrong one for 60 s; the lock ends on time. An address that fails 20 times is throttled.
    func testRepeatedFailedLoginsBackOffAndLockOut() async throws {
        try await withClient { client, app, store, _, clock in
            _ = try await app.services.addUser("lock-me", role: .viewer, region: "140000", password: "right-password")
            let b = Browser()
            func attempt(_ password: String, name: String = "lock-me") async throws -> Fetched {
                let tokenPage = try await b.send(client, "/login")

                let token = try XCTUnwrap(Browser.field(tokenPage.body, "csrf"))
                return try await b.send(client, "/login", method: .post, form: [("csrf", token), ("name", name), ("password", password)])
            }
            for i in 1...5 { do { let got = try await attempt("wrong-\(i)").status; XCTAssertEqual(got, .unauthorized, "failure \(i)") } }
            let sixth = try await attempt("wrong-6")
            XCTAssertEqual(sixth.status, .tooManyRequests)
            XCTAssertEqual(sixth.headers[.retryAfter], "30")
            do { let got = try await attempt("right-password").status; XCTAssertEqual(got, .tooManyRequests, "locked even with the right password") }
            clock.advance(31)
            do { let got = try await attempt("wrong-7").headers[.retryAfter]; XCTAssertEqual(got, "60", "the lock doubles") }
            clock.advance(61)
            do { let got = try await attempt("right-password").status; XCTAssertEqual(got, .seeOther, "the lock ends") }
            let account = try await store.account(named: "lock-me")
            XCTAssertEqual(account?.failedLogins, 0, "a success clears the count")
        }
        // The address (behind a proxy, from its header): 20 failures with unknown names are answered 401, then the
        // throttle answers 429 before any password is checked.
        let f = try await WorkflowFixture.shared.get()
        let web = try WebApp(store: f.store, actor: "web", trustProxy: true, clock: { f.clock.read() })
        try await Application(router: web.router()).test(.router) { client in
            let c = Browser()
            let from: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.9"]
            for i in 1...21 {
                let tokenPage = try await c.send(client, "/login", headers: from)

                let token = try XCTUnwrap(Browser.field(tokenPage.body, "csrf"))
                let r = try await c.send(client, "/login", method: .post, form: [("csrf", token), ("name", "ghost\(i)"), ("password", "x")], headers: from)
                XCTAssertEqual(r.status, i <= 20 ? .unauthorized : .tooManyRequests, "attempt \(i)")
            }
            // Another address is not affected.
            let tokenPage = try await c.send(client, "/login")

            let token = try XCTUnwrap(Browser.field(tokenPage.body, "csrf"))
            let other = try await c.send(client, "/login", method: .post, form: [("csrf", token), ("name", "ghost"), ("password", "x")],
                                         headers: [.init("X-Forwarded-For")!: "203.0.113.10"])
            XCTAssertEqual(other.status, .unauthorized)
        }
    }

    /// A session's form without its token, with a wrong one, or from another origin is refused and changes nothing;
    /// the login form needs its own token too.
    func testCSRFIsRefused() async throws {
        try await withClient { client, _, store, _, _ in
            let b = Browser()
            let csrf = try await b.signIn(client, "xd")
            let before = try await store.observations(ObservationQuery(framework: "shanxi-2021", region: RegionCode("140105")!, indicator: "pm25", years: 2021...2021))
            let form = try await b.send(client, "/report/140105?year=2021")
            let v = try XCTUnwrap(Browser.field(form.body, "ver.pm25"))
            for fields in [[("year", "2021"), ("v.pm25", "12"), ("ver.pm25", v)], [("csrf", "forged"), ("year", "2021"), ("v.pm25", "12"), ("ver.pm25", v)]] {
                let r = try await b.send(client, "/report/140105", method: .post, form: fields)
                XCTAssertEqual(r.status, .forbidden)
                XCTAssertTrue(r.body.contains("CSRF"), r.body)
            }
            let foreign = try await b.send(client, "/report/140105", method: .post, form: [("csrf", csrf), ("year", "2021"), ("v.pm25", "12"), ("ver.pm25", v)],
                                           headers: [.origin: "http://evil.example"])
            XCTAssertEqual(foreign.status, .forbidden)
            // A CSV upload from the page carries the token in a header.
            let upload = try await b.send(client, "/api/v1/observations/import?file=x.csv", method: .post,
                                          headers: [.contentType: "text/csv"])
            XCTAssertEqual(upload.status, .forbidden, "a cookie upload without X-CSRF-Token")
            let after = try await store.observations(ObservationQuery(framework: "shanxi-2021", region: RegionCode("140105")!, indicator: "pm25", years: 2021...2021))
            XCTAssertEqual(before, after)
            // Logging in without the login form's token.
            let fresh = Browser()
            let r = try await fresh.send(client, "/login", method: .post, form: [("name", "xd"), ("password", WorkflowFixture.password)])
            XCTAssertEqual(r.status, .forbidden)
            // The session cookie is HttpOnly and SameSite=Lax; logging out ends it.
            let login = Browser()
            let tokenPage = try await login.send(client, "/login")

            let token = try XCTUnwrap(Browser.field(tokenPage.body, "csrf"))
            let ok = try await login.send(client, "/login", method: .post, form: [("csrf", token), ("name", "xd"), ("password", WorkflowFixture.password)])
            let cookie = ok.headers[values: .setCookie].first { $0.hasPrefix("ecoprov_session=") } ?? ""
            XCTAssertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"), cookie)
            let page = try await login.send(client, "/workflow")
            let lcsrf = try XCTUnwrap(Browser.meta(page.body))
            do { let got = try await login.send(client, "/logout", method: .post, form: [("csrf", lcsrf)]).status; XCTAssertEqual(got, .seeOther) }
            do { let got = try await login.send(client, "/workflow").status; XCTAssertEqual(got, .unauthorized, "signed out") }
        }
    }

    /// Behind a proxy (`--trust-proxy`) the cookie is Secure on HTTPS and the audit keeps the forwarded address.
    func testBehindAProxyTheCookieIsSecureAndTheAddressForwarded() async throws {
        let f = try await WorkflowFixture.shared.get()
        let web = try WebApp(store: f.store, actor: "web", trustProxy: true, clock: { f.clock.read() })
        try await Application(router: web.router()).test(.router) { client in
            let b = Browser()
            let proxy: HTTPFields = [.init("X-Forwarded-Proto")!: "https", .init("X-Forwarded-For")!: "198.51.100.4, 10.0.0.1"]
            let tokenPage = try await b.send(client, "/login", headers: proxy)

            let token = try XCTUnwrap(Browser.field(tokenPage.body, "csrf"))
            let ok = try await b.send(client, "/login", method: .post, form: [("csrf", token), ("name", "ty-report"), ("password", WorkflowFixture.password)],
                                      headers: proxy)
            XCTAssertTrue((ok.headers[values: .setCookie].first { $0.hasPrefix("ecoprov_session=") } ?? "").contains("Secure"))
            let csrfPage = try await b.send(client, "/workflow", headers: proxy)

            let csrf = try XCTUnwrap(Browser.meta(csrfPage.body))
            let form = try await b.send(client, "/report/140100?year=2021", headers: proxy)
            let v = try XCTUnwrap(Browser.field(form.body, "ver.forest_cover"))
            let saved = try await b.send(client, "/report/140100", method: .post, form: [("csrf", csrf), ("year", "2021"), ("v.forest_cover", "24.25"), ("ver.forest_cover", v)],
                                         headers: proxy)
            XCTAssertEqual(saved.status, .seeOther, saved.body)
            let last = try await f.store.auditTrail(framework: "shanxi-2021", region: RegionCode("140100")!, indicator: "forest_cover").last
            XCTAssertEqual(last?.address, "10.0.0.1", "the entry the trusted proxy appended")
            XCTAssertEqual(last?.actor, "ty-report")
        }
    }
}

extension Result where Failure == WorkflowRefusal {
    var failureKind: WorkflowRefusal.Kind? {
        if case .failure(let f) = self { return f.kind }
        return nil
    }
}

/// The reviewer's home page lists what waits for it.
final class RemindersTests: XCTestCase {
    func testTheHomePageListsApprovalsReturnsAndOverdueUnits() async throws {
        let f = try await WorkflowFixture.shared.get()
        // 2025 is the year being reported at the fixture's clock (2026-05-28), after the county deadline (03-31).
        let unit = ReportUnit(framework: "shanxi-2021", region: RegionCode("140181")!, year: 2025)
        let audit = AuditRecord(key: ObservationKey(framework: "shanxi-2021", indicator: AuditRecord.workflowIndicator, region: unit.region, year: 2025),
                                old: "draft", new: "submitted", source: nil, context: ChangeContext(actor: "test", at: f.clock.read()))
        _ = try await f.store.transition(to: ReportState(unit: unit, status: .submitted, updatedAt: f.clock.read(), updatedBy: "gj"), expected: nil, audit: audit)
        try await Application(router: f.app.router()).test(.router) { client in
            let reviewer = Browser()
            _ = try await reviewer.signIn(client, "ty-review")
            let home = try await reviewer.send(client, "/")
            XCTAssertTrue(home.body.contains("id=\"todo\""), "the reminders are on the home page")
            let section = String(home.body[home.body.range(of: "id=\"todo\"")!.lowerBound...].prefix(6000))
            XCTAssertTrue(section.contains("待审核") && section.contains("/report/140181?year=2025"), "古交市 waits for 太原's approval")
            XCTAssertTrue(section.contains("已逾期未上报"), "units past the county deadline")
            let anonymous = try await Browser().send(client, "/")
            XCTAssertFalse(anonymous.body.contains("id=\"todo\""), "the public has no reminders")
        }
    }
}
