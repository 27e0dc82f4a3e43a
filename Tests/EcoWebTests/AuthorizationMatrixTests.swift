import EcoAccess
import EcoCore
@testable import EcoWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

/// The authorization matrix (issue 12): every route of the application's table × nobody and each role × a region in
/// and out of the account's scope, against the rules written out here. The routes come from the table the router
/// is built from, so a new route without an entry below fails the test.
final class AuthorizationMatrixTests: XCTestCase {
    /// What each route requires, as this test expects it (independently of the table's own rule, which must agree).
    static let expected: [String: RouteAccess] = [
        "GET /healthz": .open, "GET /static/:name": .open, "GET /": .open, "GET /map": .open, "GET /regions/:code": .open, "GET /regions": .open, "GET /charts/trend.svg": .open, "GET /charts/map.svg": .open, "GET /tables/indicators.csv": .open, "GET /tables/ranking.csv": .open,
        "GET /indicators": .open, "GET /indicators/:id": .open, "GET /ranking": .open, "GET /frameworks": .open, "GET /data": .open,
        "GET /data/template.csv": .open, "GET /data/export.csv": .open, "GET /data/export.json": .open, "GET /air": .open, "GET /water": .open,
        "GET /carbon": .open, "GET /gep": .open, "POST /accounting/upload": .province,
        "POST /data/upload": .report,
        "GET /login": .login, "POST /login": .login, "POST /logout": .login,
        "GET /workflow": .signedIn, "POST /workflow/:region/:action": .workflow, "GET /report/:region": .signedIn, "POST /report/:region": .report,
        "GET /api/v1/overview": .open, "GET /api/v1/regions": .open, "GET /api/v1/regions/:code": .open, "GET /api/v1/frameworks": .open,
        "GET /api/v1/frameworks/:id": .open, "GET /api/v1/indicators": .open, "GET /api/v1/indicators/:id": .open,
        "GET /api/v1/observations": .open, "GET /api/v1/export": .open, "POST /api/v1/observations/import": .report,
        "GET /api/v1/assessment": .open, "GET /api/v1/ranking": .open, "GET /api/v1/series": .open, "GET /api/v1/readiness": .open,
        "GET /api/v1/map": .open, "GET /api/v1/openapi.json": .open, "GET /api/v1/air/annual": .open, "GET /api/v1/air/runs": .open,
        "GET /api/v1/water/aggregates": .open, "GET /api/v1/water/compensation": .open, "GET /api/v1/water/sections": .open,
        "GET /api/v1/carbon/accounts": .open, "GET /api/v1/carbon/peak": .open, "GET /api/v1/carbon/factors": .open, "GET /api/v1/gep/accounts": .open,
        "GET /api/v1/gep/protected": .open,
        "GET /api/v1/workflow": .signedIn, "POST /api/v1/workflow/:framework/:region/:year/:action": .workflow, "GET /api/v1/history": .signedIn,
        "GET /sources": .signedIn, "POST /sources/alarms/:action": .operate, "POST /sources/upload": .operate,
        "GET /api/v1/sources/enterprises": .signedIn, "GET /api/v1/sources/alarms": .signedIn, "GET /api/v1/sources/data": .signedIn,
        "GET /api/v1/sources/rates": .signedIn, "POST /api/v1/sources/alarms/:action": .operate, "POST /api/v1/sources/import": .operate,
        "GET /projects": .signedIn, "GET /tasks": .signedIn, "GET /cases": .signedIn, "GET /cases/:id": .signedIn, "GET /monthly": .signedIn,
        "POST /projects/:id/report": .department, "POST /tasks/escalate": .province, "POST /tasks/:id/:action": .department, "POST /cases": .department,
        "POST /cases/:id/:action": .department, "POST /delivery/upload": .province,
        "GET /api/v1/programmes": .signedIn, "GET /api/v1/projects": .signedIn, "GET /api/v1/tasks": .signedIn, "GET /api/v1/cases": .signedIn,
        "GET /api/v1/ranking/monthly": .signedIn, "GET /api/v1/accountability": .signedIn, "GET /api/v1/reward-penalty": .signedIn,
        "GET /credit": .signedIn, "GET /risk": .signedIn, "POST /credit/notice": .province, "POST /credit/finalize": .province,
        "POST /credit/:year/:code/:action": .department,
        "GET /api/v1/credit": .signedIn, "GET /api/v1/credit/files": .signedIn, "GET /api/v1/risk/sources": .signedIn, "GET /api/v1/risk/near": .signedIn,
        "GET /api/v1/risk/plans": .signedIn,
    ]

    /// A caller: its account (nil: nobody), a region it acts on, and one outside its scope (nil when it has none).
    struct Caller {
        let name: String?
        let inScope: String
        let outOfScope: String?
        /// May it report the in-scope region's figures? (county reporter: its county; city reporter: its city;
        /// province reviewer: the province; administrator: anything.)
        let reports: Bool
        /// May it approve the in-scope region's unit? (city reviewer: a county of its city; province reviewer: the
        /// province; administrator.)
        let approves: Bool
    }

    static let callers: [Caller] = [
        Caller(name: nil, inScope: "140105", outOfScope: nil, reports: false, approves: false),
        Caller(name: "admin", inScope: "140105", outOfScope: nil, reports: true, approves: true),
        Caller(name: "sheng", inScope: "140000", outOfScope: nil, reports: true, approves: true),
        Caller(name: "ty-review", inScope: "140105", outOfScope: "140213", reports: false, approves: true),
        Caller(name: "ty-report", inScope: "140100", outOfScope: "140200", reports: true, approves: false),
        Caller(name: "xd", inScope: "140105", outOfScope: "140106", reports: true, approves: false),
        Caller(name: "ty-view", inScope: "140105", outOfScope: "140213", reports: false, approves: false),
        Caller(name: "dt-review", inScope: "140213", outOfScope: "140105", reports: false, approves: true),
    ]

    func testEveryRouteRoleAndScope() async throws {
        let f = try await WorkflowFixture.shared.get()
        let table = f.app.routeTable()
        let keys = Set(table.map { "\($0.method.rawValue) \($0.path)" })
        XCTAssertEqual(keys.subtracting(Self.expected.keys), [], "routes without a rule in this test")
        XCTAssertEqual(Set(Self.expected.keys).subtracting(keys), [], "rules for routes that no longer exist")
        for r in table { XCTAssertEqual(r.access, Self.expected["\(r.method.rawValue) \(r.path)"], "\(r.method.rawValue) \(r.path)") }

        let cases = try await Application(router: f.app.router()).test(.router) { client -> Int in
            var cases = 0
            for route in table {
                for caller in Self.callers {
                    for (region, inScope) in [(caller.inScope, true)] + (caller.outOfScope.map { [($0, false)] } ?? []) {
                        let (uri, body, type) = Self.request(route, region: region)
                        var headers: HTTPFields = [:]
                        if let name = caller.name { headers[.authorization] = "Bearer \(f.tokens[name]!)" }
                        if let type { headers[.contentType] = type }
                        let sent = headers
                        let (status, contentType) = try await client.execute(uri: uri, method: route.method, headers: sent,
                                                                             body: body.map { ByteBuffer(string: $0) }) {
                            ($0.status.code, $0.headers[.contentType] ?? "")
                        }
                        let label = "\(route.method.rawValue) \(uri) as \(caller.name ?? "nobody") (\(inScope ? "in" : "out of") scope)"
                        let denied = status == 401 || status == 403
                        switch route.access {
                        case .open:
                            XCTAssertFalse(denied, "\(label): \(status)")
                        case .login:
                            XCTAssertEqual(status, route.path == "/login" ? (route.method == .get ? 200 : 403) : 303, label)
                        case .signedIn:
                            if caller.name == nil { XCTAssertEqual(status, 401, label) }
                            else if route.path.contains(":region") || route.path.hasSuffix("/history") { XCTAssertEqual(denied, !inScope, "\(label): \(status)") }
                            else { XCTAssertFalse(denied, "\(label): \(status)") }
                        case .report:
                            if caller.name == nil { XCTAssertEqual(status, 401, label) }
                            else { XCTAssertEqual(status == 403, !(inScope && caller.reports), "\(label): \(status)"); XCTAssertNotEqual(status, 401, label) }
                        case .workflow:
                            if caller.name == nil { XCTAssertEqual(status, 401, label) }
                            else { XCTAssertEqual(status == 403, !(inScope && caller.approves), "\(label): \(status)"); XCTAssertNotEqual(status, 401, label) }
                        case .operate:
                            // Alarms: every role but viewer (the alarm's region is checked with a real alarm in
                            // SourcesWebTests); the registry: administrators and reviewers only.
                            let registry = route.path.hasSuffix("upload") || route.path.hasSuffix("import")
                            let allowed = caller.name != nil && caller.name != "ty-view" && (!registry || caller.approves)
                            if caller.name == nil { XCTAssertEqual(status, 401, label) } else { XCTAssertEqual(denied, !allowed, "\(label): \(status)") }
                        case .department:
                            // A department's delivery work: every role but viewer passes the route (the services
                            // then check the department and role with real records, DeliveryWebTests).
                            let allowed = caller.name != nil && caller.name != "ty-view"
                            if caller.name == nil { XCTAssertEqual(status, 401, label) } else { XCTAssertEqual(denied, !allowed, "\(label): \(status)") }
                        case .province:
                            // The accounting inputs: administrators and the province reviewer, wherever they act.
                            let allowed = caller.name == "admin" || caller.name == "sheng"
                            if caller.name == nil { XCTAssertEqual(status, 401, label) } else { XCTAssertEqual(denied, !allowed, "\(label): \(status)") }
                        }
                        // A refusal is JSON on the API and a page on the web.
                        if denied { XCTAssertTrue(contentType.hasPrefix(route.api ? "application/json" : "text/html"), "\(label): \(contentType)") }
                        cases += 1
                    }
                }
            }
            return cases
        }
        XCTAssertGreaterThan(cases, table.count * Self.callers.count)
    }

    /// The request for a route acting on `region`: path parameters filled in, every query parameter a route may need,
    /// and a body for the writes (a value of 2026, a year no other test locks).
    static func request(_ route: WebRoute, region: String) -> (uri: String, body: String?, type: String?) {
        var path = route.path
        for (param, value) in [(":region", region), (":code", region), (":id", route.path.contains("frameworks") ? "shanxi-2021" : "pm25"),
                               (":name", "site.css"), (":action", "approve"), (":framework", "shanxi-2021"), (":year", "2025")] {
            path = path.replacingOccurrences(of: param, with: value)
        }
        let uri = path + "?region=\(region)&indicator=pm25&year=2025&framework=shanxi-2021&file=m.csv"
        guard route.method == .post else { return (uri, nil, nil) }
        switch route.access {
        case .report where route.path.hasPrefix("/report"):
            return (uri, "year=2026&v.forest_cover=30&ver.forest_cover=0", "application/x-www-form-urlencoded")
        case .report:
            return (uri, "region,indicator,year,value\n\(region),forest_cover,2026,30\n", "text/csv")
        case .workflow:
            return (uri, route.api ? nil : "year=2025&framework=shanxi-2021", route.api ? nil : "application/x-www-form-urlencoded")
        default:
            return (uri, "name=x&password=y", "application/x-www-form-urlencoded")
        }
    }
}
