import EcoCore
import EcoDelivery
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird
import OpenAPIKit

/// The delivery documents of a request, built by the same `DeliveryDocuments` builders as the CLI's `--format json`;
/// the pages and the API both read them from here. Delivery data is internal: every route needs an account.
extension WebApp {
    /// `as-of` (default today in China).
    func deliveryDay(_ p: PageRequest) throws -> CivilDay { try p.params.day("as-of") ?? services.today }

    /// `/api/v1/projects`: optionally of a region and its children.
    func projectsDocument(_ p: PageRequest) async throws -> ProjectsDocument {
        let tree = try await site.tree()
        var projects = try await services.projects()
        if let code = try p.region("region", in: tree) { projects = projects.filter { x in tree.lineage(of: x.region).contains { $0.code == code } } }
        return DeliveryDocuments.projects(projects, programmes: try await services.programmes(), departments: try await services.departments(),
                                          on: try deliveryDay(p), rules: try await services.deliveryRules(), tree: tree, lang: p.lang)
    }

    /// `/api/v1/tasks`: optionally of a year and of the tasks a department leads.
    func tasksDocument(_ p: PageRequest) async throws -> TasksDocument {
        let year = try p.params.optionalYear("year")
        var tasks = try await services.tasks(year: year)
        if let d = p.params["department"] { tasks = tasks.filter { $0.lead == d } }
        return DeliveryDocuments.tasks(tasks, year: year, departments: try await services.departments(), on: try deliveryDay(p),
                                       rules: try await services.deliveryRules(), lang: p.lang)
    }

    /// `/api/v1/cases`: optionally of one state.
    func casesDocument(_ p: PageRequest) async throws -> CasesDocument {
        let state = try p.params.optionalChoice("state", CaseState.self)
        let cases = try await services.cases().filter { state == nil || $0.state == state }
        return DeliveryDocuments.cases(cases, departments: try await services.departments(), on: try deliveryDay(p), rules: try await services.deliveryRules(), lang: p.lang)
    }

    /// The `month` of a request, else the latest month with air data (404 when there is none).
    func airMonth(_ p: PageRequest) async throws -> YearMonth {
        if let m = try p.params.month() { return m }
        guard let m = try await services.latestAirMonth() else { throw WebError.notFound("there is no air data to rank: import station-hours first (ecoprov air import)") }
        return m
    }

    /// The `level` of a monthly ranking: city (default) or county.
    func rankingLevel(_ p: PageRequest) throws -> RegionLevel {
        let level = try p.level(default: .city)
        guard level == .city || level == .county else { throw WebError.badRequest("level must be city or county for the monthly ranking") }
        return level
    }

    func deliveryAPI() -> [APIRoute] {
        let asOf = APIParameter.query("as-of", "The day of the figures, YYYY-MM-DD (default today, China Standard Time)")
        let month = APIParameter.query("month", "YYYY-MM (default: the latest month with air data)", Schema.string)
        func route(_ path: String, _ summary: String, _ parameters: [APIParameter], _ body: String, errors: [Int] = [400, 401],
                   _ render: @escaping @Sendable (WebApp, PageRequest) async throws -> Rendered) -> APIRoute {
            APIRoute(.get, path, summary, parameters: parameters, body: Schema.ref(body), errors: errors, access: .signedIn) { request, _ in
                try await self.handleAPI(request) { try await render(self, $0) }
            }
        }
        return [
            APIRoute(.get, "/api/v1/programmes", "The outline's 专栏1–5 items (same JSON as ecoprov project programmes --format json)",
                     body: Schema.array(Schema.ref("ProgrammeItem")), errors: [401], access: .signedIn) { request, _ in
                try await self.handleAPI(request) { _ in try APIResponse.json(try await self.services.programmes()) }
            },
            route("/api/v1/projects", "Projects with 序时进度, reported completion, overdue and at-risk flags (same JSON as ecoprov project list --format json)",
                  [asOf, .query("region", "Only this region and its children", Schema.regionCode), .lang], "ProjectsDocument", errors: [400, 401, 404]) { app, p in
                try APIResponse.json(try await app.projectsDocument(p))
            },
            route("/api/v1/tasks", "Task lists with status, 序时进度, the ladder rung due and the department assessment (same JSON as ecoprov task list --format json)",
                  [.year, .query("department", "Only tasks this department leads"), asOf, .lang], "TasksDocument") { app, p in
                try APIResponse.json(try await app.tasksDocument(p))
            },
            route("/api/v1/cases", "Supervision cases with their steps, 13710 flags and the bulletin counters (same JSON as ecoprov case list --format json)",
                  [.query("state", "Only cases in this state", Schema.oneOf(CaseState.self)), asOf, .lang], "CasesDocument") { app, p in
                try APIResponse.json(try await app.casesDocument(p))
            },
            route("/api/v1/ranking/monthly", "Monthly (or year-to-date) ranking of cities or counties by 综合指数 with y/y change (same JSON as ecoprov rank-monthly --format json)",
                  [month, .query("level", "city (default) or county", Schema.string), .query("ytd", "true: January to the month", Schema.oneOf(BoolText.self))],
                  "AirRanking", errors: [400, 401, 404]) { app, p in
                try APIResponse.json(try await app.services.rankMonthly(try await app.airMonth(p), level: try app.rankingLevel(p), yearToDate: try p.flag("ytd")))
            },
            route("/api/v1/accountability", "The 量化问责 triggers that fire in a month, each with its rule, figures and months (same JSON as ecoprov accountability --format json)",
                  [month, .framework], "AccountabilityDocument", errors: [400, 401, 404]) { app, p in
                let m = try await app.airMonth(p)
                return try APIResponse.json(DeliveryDocuments.accountability(try await app.services.accountability(m, framework: p.frameworkId), month: m,
                                                                            rules: try await app.services.deliveryRules()))
            },
            route("/api/v1/reward-penalty", "Each city's air reward and penalty in a month with the arithmetic (same JSON as ecoprov reward-penalty --format json)",
                  [month], "RewardPenaltyDocument", errors: [400, 401, 404]) { app, p in
                let m = try await app.airMonth(p)
                return try APIResponse.json(DeliveryDocuments.rewardPenalty(try await app.services.rewardPenalty(m), month: m, rules: try await app.services.deliveryRules()))
            },
        ]
    }
}
