import EcoAccess
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import EcoStore
import Foundation
import Hummingbird
import OpenAPIKit

extension WebApp {
    /// The account pages and the reporting workflow's pages: login, logout, the status grid, a unit's form.
    func workflowPages() -> RouteList {
        let router = RouteList()
        router.page("/login", access: .login) { request, _ in try await self.loginPage(request, message: nil, status: .ok) }
        router.upload("/login", access: .login) { request, _ in try await self.loginSubmit(request) }
        router.upload("/logout", access: .login) { request, _ in try await self.logout(request) }
        router.page("/workflow", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.workflowPage($0) } }
        router.upload("/workflow/:region/:action", access: .workflow) { request, context in
            try await self.formAction(request) { p in
                let region = context.parameters.get("region") ?? ""
                let year = try Self.year(p.viewer.form["year"])
                guard let action = WorkflowAction(rawValue: context.parameters.get("action") ?? "") else {
                    throw WebError.badRequest("the action must be one of \(WorkflowAction.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                _ = try await self.actingServices(p).perform(action, framework: p.viewer.form["framework"] ?? p.frameworkId, region: region, year: year,
                                                             by: try self.account(p), reason: p.viewer.form["reason"])
                try await self.afterWrite()
                return p.link("/workflow", [("year", String(year))])
            }
        }
        router.page("/report/:region", access: .signedIn) { request, context in
            try await self.handlePage(request) { try await self.reportPage($0, region: context.parameters.get("region") ?? "", saved: $0.query["saved"]) }
        }
        router.upload("/report/:region", access: .report) { request, context in
            try await self.formAction(request) { p in try await self.reportSubmit(p, region: context.parameters.get("region") ?? "") }
        }
        return router
    }

    /// The account of a signed-in request (the route's access rule has already required one).
    func account(_ p: PageRequest) throws -> Account {
        guard let a = p.viewer.account else { throw WebError(status: .unauthorized, message: "sign in first") }
        return a
    }

    /// The services acting for the request's account, from its address and user agent (for the audit trail).
    func actingServices(_ p: PageRequest) -> Services {
        services.acting(as: p.viewer.account?.name ?? actor, address: p.viewer.address, userAgent: p.viewer.userAgent)
    }

    /// Runs a form POST: on success a 303 to the address the body returns; a refusal renders a page with its status.
    func formAction(_ request: Request, _ body: (PageRequest) async throws -> String) async throws -> Response {
        let p = PageRequest(request)
        do {
            let next = try await body(p)
            return Response(status: .seeOther, headers: [.location: next])
        } catch let e as WebError {
            return messagePage(e, p).response
        } catch let e as ServiceError {
            return messagePage(WebError.from(e), p).response
        } catch let e as QueryError {
            return messagePage(WebError.badRequest(e.message), p).response
        }
    }

    /// A page saying why a form was refused, with the way back.
    func messagePage(_ e: WebError, _ p: PageRequest) -> Rendered {
        var r = page("notfound", title: resources.t("error_title", p.lang),
                     context: ["heading": resources.t("error_title", p.lang), "message": e.message, "back": "javascript:history.back()"],
                     p: p, active: "", synthetic: false)
        r.status = e.status
        return r
    }

    // MARK: login

    /// The login form, with a fresh double-submit token in a cookie and the form.
    func loginPage(_ request: Request, message: String?, status: HTTPResponse.Status, name: String = "") async throws -> Response {
        let p = PageRequest(request)
        let token = p.viewer.session?.csrf ?? Services.randomToken()
        let next = Self.localPath(p.query["next"] ?? p.viewer.form["next"])
        var r = page("login", title: resources.t("sign_in", p.lang), context: ["formToken": token, "next": next, "message": message ?? false, "name": name],
                     p: p, active: "", synthetic: false).response
        r.status = status
        if p.viewer.session == nil {
            r.setCookie(Cookie(name: CookieName.login, value: token, maxAge: 3600, path: "/login", secure: p.viewer.secure, httpOnly: true, sameSite: .lax))
        }
        return r
    }

    /// `POST /login`: the address throttle, then the account's backoff and the password; a session cookie on success.
    func loginSubmit(_ request: Request) async throws -> Response {
        let p = PageRequest(request)
        let form = p.viewer.form
        let name = form["name"] ?? "", password = form["password"] ?? ""
        let address = p.viewer.address ?? "unknown"
        let now = services.clock()
        /// 429 with the moment the lock ends.
        func locked(_ what: String, until: Date) async throws -> Response {
            var r = try await loginPage(request, message: "\(what): try again after \(Self.clockText(until))", status: .tooManyRequests, name: name)
            r.headers[.retryAfter] = String(Int(until.timeIntervalSince(now).rounded(.up)))
            return r
        }
        let fromAddress = "too many failed sign-ins from this address"
        if let until = await throttle.lockedUntil(address, now: now) { return try await locked(fromAddress, until: until) }
        switch try await actingServices(p).login(name: name, password: password) {
        case .success(let token, let session, _):
            await throttle.succeeded(address)
            var r = Response(status: .seeOther, headers: [.location: Self.localPath(form["next"])])
            r.setCookie(Cookie(name: CookieName.session, value: token, maxAge: Int(session.expiresAt.timeIntervalSince(session.createdAt)), path: "/",
                               secure: p.viewer.secure, httpOnly: true, sameSite: .lax))
            r.setCookie(Cookie(name: CookieName.login, value: "", maxAge: 0, path: "/login", secure: p.viewer.secure, httpOnly: true, sameSite: .lax))
            return r
        case .refused(let message):
            await throttle.failed(address, now: now)
            if let until = await throttle.lockedUntil(address, now: now) { return try await locked(fromAddress, until: until) }
            return try await loginPage(request, message: message, status: .unauthorized, name: name)
        case .locked(let until):
            await throttle.failed(address, now: now)
            return try await locked("this account is locked after repeated failed sign-ins", until: until)
        }
    }

    /// `POST /logout`: ends the session and clears its cookie.
    func logout(_ request: Request) async throws -> Response {
        let p = PageRequest(request)
        if let token = p.viewer.sessionToken { try await services.logout(token: token) }
        var r = Response(status: .seeOther, headers: [.location: "/"])
        r.setCookie(Cookie(name: CookieName.session, value: "", maxAge: 0, path: "/", secure: p.viewer.secure, httpOnly: true, sameSite: .lax))
        return r
    }

    /// A path on this server to go to after a form (never another site: `//host` and `http:` are refused).
    static func localPath(_ text: String?) -> String {
        guard let t = text, t.hasPrefix("/"), !t.hasPrefix("//"), !t.contains("\\"), !t.contains(where: { $0.isNewline }), t.count < 500 else { return "/" }
        return t
    }

    /// A year typed in a form or query: a number in `ValueRules.years`.
    static func year(_ text: String?) throws -> Int {
        guard let text, let y = Int(text), ValueRules.years.contains(y) else {
            throw WebError.badRequest("year must be a number from \(ValueRules.years.lowerBound) to \(ValueRules.years.upperBound), got '\(text ?? "")'")
        }
        return y
    }

    /// `2026-12-01 18:30:05` in China Standard Time.
    static func clockText(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.string(from: d)
    }

    // MARK: the status grid

    /// The units the account sees in the grid: its subtree.
    func gridRows(_ p: PageRequest, framework: String, year: Int) async throws -> [UnitRow] {
        let account = try account(p)
        let tree = try await services.tree()
        return try await services.workflowGrid(framework: framework, year: year).filter { AccessRules.inScope(account, $0.region.code, tree: tree) }
    }

    /// The actions an account may take on a unit now (the same rule the services apply).
    func actions(for row: UnitRow, account: Account, tree: RegionTree, grid: [RegionCode: ReportStatus]) -> [WorkflowAction] {
        WorkflowAction.allCases.filter { action in
            let approver = AccessRules.approvingRegion(of: row.region, tree: tree).flatMap { grid[$0.code] }
            if case .success = AccessRules.check(action, by: account, region: row.region, tree: tree, status: row.status,
                                                 approverStatus: approver, reason: "x") { return true }
            return false
        }
    }

    /// `/workflow`: the status grid of a year with the actions this account may take.
    func workflowPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let fw = try await services.framework(p.frameworkId)
        let last = fw.milestones.last ?? fw.baseYear
        let year = try p.year(default: min(last, Calendar.current.component(.year, from: services.clock()) - 1))
        let account = try account(p)
        let tree = try await services.tree()
        let rows = try await gridRows(p, framework: fw.id, year: year)
        let grid = Dictionary(rows.map { ($0.region.code, $0.status) }, uniquingKeysWith: { a, _ in a })
        var counts: [ReportStatus: Int] = [:]
        for r in rows { counts[r.status, default: 0] += 1 }
        let csrf = p.viewer.session?.csrf ?? ""
        let ctx: [String: Any] = [
            "year": year, "years": (fw.baseYear...last).map { ["year": $0, "selected": $0 == year] },
            "counts": ReportStatus.allCases.map { "\(resources.t("status_" + $0.rawValue, lang)) \(counts[$0] ?? 0)" }.joined(separator: " · ")
                + " · \(resources.t("overdue", lang)) \(rows.filter(\.overdue).count)",
            "rows": rows.map { r -> [String: Any] in
                [
                    "code": r.region.code.rawValue, "name": r.region.name[lang], "level": r.region.level.rawValue,
                    "formHref": p.link("/report/\(r.region.code.rawValue)", [("year", String(year))]),
                    "status": r.status.rawValue, "statusLabel": resources.t("status_" + r.status.rawValue, lang), "overdue": r.overdue,
                    "reason": r.reason ?? false,
                    "updated": r.updatedAt.map { "\(r.updatedBy ?? "") \(Self.clockText($0))" } ?? "—",
                    "deadline": r.deadline?.description ?? "—", "values": "\(r.values)/\(r.applicable)", "changed": r.changedSinceApproval,
                    "checks": r.errors + r.warnings == 0 ? "—" : "\(r.errors) ✗ · \(r.warnings) !",
                    "actions": actions(for: r, account: account, tree: tree, grid: grid).map { a -> [String: Any] in
                        ["href": p.link("/workflow/\(r.region.code.rawValue)/\(a.rawValue)", [("year", String(year)), ("framework", fw.id)]),
                         "action": a.rawValue, "label": resources.t("action_" + a.rawValue, lang), "needsReason": a == .return, "csrf": csrf]
                    },
                ]
            },
        ]
        return page("workflow", title: resources.t("workflow_title", lang), context: ctx, p: p, active: "/workflow", synthetic: false)
    }

    // MARK: the form

    /// `/report/{region}`: a unit's form laid out like the template — one row per indicator of the region's level
    /// with its unit, target, last year's value, this year's value and note (editable when the account may report
    /// and the unit is open or draft), the last check's messages (warnings with their comment field) and each cell's
    /// history.
    func reportPage(_ p: PageRequest, region text: String, saved: String?) async throws -> Rendered {
        let lang = p.lang
        let account = try account(p)
        let fw = try await services.framework(p.frameworkId)
        let tree = try await services.tree()
        let region = try tree.region(typed: text)
        guard AccessRules.inScope(account, region.code, tree: tree) else {
            throw WebError(status: .forbidden, message: "\(account.name) may not see the internal figures of \(region.code.rawValue) \(region.name.zh): it is outside \(account.region.rawValue)")
        }
        let last = fw.milestones.last ?? fw.baseYear
        let year = try p.year(default: min(last, Calendar.current.component(.year, from: services.clock()) - 1))
        let unit = ReportUnit(framework: fw.id, region: region.code, year: year)
        let status = try await services.unitStatus(unit)
        let state = try await services.store.reportStates(framework: fw.id, year: year).first { $0.unit == unit }
        let editable = AccessRules.mayReport(account, region, tree: tree) && !status.locksValues
        var stored: [ObservationKey: Observation] = [:]
        for o in try await services.store.observations(ObservationQuery(framework: fw.id, region: region.code, years: (year - 1)...year)) { stored[o.key] = o }
        let checks = try await services.store.validationRecords(framework: fw.id, year: year).first { $0.unit == unit }?.violations ?? []
        // Targets from the request's snapshot (cached), assessed once for the region.
        let assessed = try await snapshot(p).assessment(region: region.code, year: year)
        var rows: [[String: Any]] = []
        for ind in fw.orderedIndicators where ind.levels.contains(region.level) {
            let key = ObservationKey(framework: fw.id, indicator: ind.id, region: region.code, year: year)
            let prev = stored[ObservationKey(framework: fw.id, indicator: ind.id, region: region.code, year: year - 1)]
            let current = stored[key]
            let trail = try await services.store.auditTrail(framework: fw.id, region: region.code, indicator: ind.id).filter { $0.key.year == year }
            let target = assessed?.indicators.first { $0.indicator == ind.id }?.target
            rows.append([
                "id": ind.id, "number": ind.number, "name": ind.name[lang], "unit": ind.unit,
                "target": target.map { DisplayFormat.target($0, ind) } ?? "—",
                "previous": prev.map { DisplayFormat.value($0.value, ind) } ?? "—",
                "value": current.map { $0.value.number.map { NumberText.shortest($0) } ?? $0.value.description } ?? "",
                "version": current?.version ?? 0, "note": current?.note ?? "", "editable": editable,
                "violations": checks.filter { $0.violation.indicator == ind.id }.map { v -> [String: Any] in
                    ["importance": v.violation.importance.rawValue, "message": v.violation.message[lang], "warning": v.violation.importance == .warning,
                     "key": v.violation.commentKey, "comment": v.comment ?? ""]
                },
                "hasHistory": !trail.isEmpty, "historyCount": trail.count,
                "history": trail.reversed().map { r -> [String: Any] in
                    ["at": Self.clockText(r.at), "actor": r.actor, "old": r.oldValue ?? "—", "new": r.newValue ?? "—", "reason": r.reason ?? ""]
                },
            ])
        }
        let ctx: [String: Any] = [
            "regionName": region.name[lang], "year": year, "framework": fw.id, "status": status.rawValue,
            "statusLabel": resources.t("status_" + status.rawValue, lang), "reason": state?.reason ?? false,
            "deadline": fw.reporting?.deadline(level: region.level, year: year)?.description ?? false,
            "readOnly": !editable, "csrf": p.viewer.session?.csrf ?? "", "saved": saved.map { "\(resources.t("saved", lang)): \($0)" } ?? false,
            "action": p.link("/report/\(region.code.rawValue)", [("framework", fw.id)]), "rows": rows,
        ]
        return page("report", title: resources.t("report_title", lang), context: ctx, p: p, active: "/workflow", synthetic: false)
    }

    /// `POST /report/{region}`: saves the typed values (stale versions refused), then checks or submits.
    func reportSubmit(_ p: PageRequest, region: String) async throws -> String {
        let form = p.viewer.form
        let account = try account(p)
        let fwId = form["framework"] ?? p.frameworkId
        let year = try Self.year(form["year"])
        let fw = try await services.framework(fwId)
        let entries = fw.orderedIndicators.compactMap { ind -> Services.FormEntry? in
            guard let text = form["v.\(ind.id)"] else { return nil }
            return Services.FormEntry(indicator: ind.id, text: text, note: form["n.\(ind.id)"], version: Int(form["ver.\(ind.id)"] ?? "") ?? 0)
        }
        let acting = actingServices(p)
        let summary = try await acting.saveForm(framework: fwId, region: region, year: year, entries: entries, by: account)
        var comments: [String: String] = [:]
        for (k, v) in form where k.hasPrefix("c.") { comments[String(k.dropFirst(2))] = v }
        switch form["do"] {
        case "submit":
            _ = try await acting.checkUnit(framework: fwId, region: region, year: year, by: account)
            try await acting.perform(.submit, framework: fwId, region: region, year: year, by: account, reason: nil, comments: comments)
        case "check":
            _ = try await acting.checkUnit(framework: fwId, region: region, year: year, by: account)
        default: break
        }
        try await afterWrite()
        return p.link("/report/\(region)", [("year", String(year)), ("framework", fwId),
                                            ("saved", "\(summary.inserted + summary.updated)")])
    }

    // MARK: API

    /// The workflow's API: the grid, the actions, a cell's history.
    func workflowAPI() -> [APIRoute] {
        [
            APIRoute(.get, "/api/v1/workflow", "The reporting status grid of a year (the account's subtree)",
                     parameters: [.framework, .query("year", "Year", Schema.year, required: true)],
                     body: Schema.ref("WorkflowGrid"), errors: [400, 401, 404], access: .signedIn) { request, _ in
                try await self.handleAPI(request) { p in
                    let fw = try await self.services.framework(p.frameworkId)
                    let year = try Self.year(p.query["year"])
                    let rows = try await self.gridRows(p, framework: fw.id, year: year)
                    return try APIResponse.json(WorkflowGridJSON(framework: fw.id, year: year, units: rows.map(WorkflowUnitJSON.init)))
                }
            },
            APIRoute(.post, "/api/v1/workflow/{framework}/{region}/{year}/{action}",
                     "A workflow action: submit, approve, return (JSON {\"reason\": …}), unapprove, publish; or check (run the validation rules)",
                     parameters: [.path("framework", "Framework id"), .path("region", "Division code"), .path("year", "Year"),
                                  .path("action", "submit, approve, return, unapprove, publish or check")],
                     body: Schema.ref("WorkflowState"), errors: [400, 401, 403, 404, 409], requestType: "application/json", access: .workflow) { request, context in
                try await self.handleAPI(request) { p in
                    let account = try self.account(p)
                    let fw = context.parameters.get("framework") ?? "", region = context.parameters.get("region") ?? ""
                    guard let year = Int(context.parameters.get("year") ?? "") else { throw WebError.badRequest("the year must be a number") }
                    let body = try await self.jsonBody(request)
                    let acting = self.actingServices(p)
                    let name = context.parameters.get("action") ?? ""
                    if name == "check" {
                        let v = try await acting.checkUnit(framework: fw, region: region, year: year, by: account)
                        return try APIResponse.json(v.map(ViolationJSON.init))
                    }
                    guard let action = WorkflowAction(rawValue: name) else {
                        throw WebError.badRequest("the action must be one of \(WorkflowAction.allCases.map(\.rawValue).joined(separator: ", ")) or check, got '\(name)'")
                    }
                    let state = try await acting.perform(action, framework: fw, region: region, year: year, by: account,
                                                         reason: body.reason, comments: body.comments ?? [:])
                    try await self.afterWrite()
                    return try APIResponse.json(WorkflowStateJSON(state))
                }
            },
            APIRoute(.get, "/api/v1/history", "The audit trail of one cell's indicator for a region (all years), newest first",
                     parameters: [.framework, .query("region", "Division code", Schema.regionCode, required: true),
                                  .query("indicator", "Indicator id, or workflow for the workflow's actions", required: true)],
                     body: Schema.array(Schema.ref("AuditRecord")), errors: [400, 401, 403, 404], access: .signedIn) { request, _ in
                try await self.handleAPI(request) { p in
                    let account = try self.account(p)
                    let tree = try await self.services.tree()
                    let region = try tree.region(typed: try self.required(p, "region"))
                    guard AccessRules.inScope(account, region.code, tree: tree) else {
                        throw WebError(status: .forbidden, message: "\(account.name) may not read the history of \(region.code.rawValue): it is outside \(account.region.rawValue)")
                    }
                    let indicator = try self.required(p, "indicator")
                    let trail = try await self.services.store.auditTrail(framework: p.frameworkId, region: region.code, indicator: indicator)
                    return try APIResponse.json(trail.reversed().map(AuditRecordJSON.init))
                }
            },
        ]
    }

    /// The optional JSON body of an action: `{"reason": "...", "comments": {"rule@indicator": "..."}}`.
    func jsonBody(_ request: Request) async throws -> ActionBody {
        let data: ByteBuffer
        do { data = try await request.body.collect(upTo: 1 << 20) } catch { throw WebError(status: .contentTooLarge, message: "the body is larger than 1 MB") }
        guard data.readableBytes > 0 else { return ActionBody(reason: nil, comments: nil) }
        do {
            return try JSONDecoder().decode(ActionBody.self, from: Data(buffer: data))
        } catch {
            throw WebError.badRequest("the body must be JSON like {\"reason\": \"text\", \"comments\": {\"rule@indicator\": \"text\"}}")
        }
    }
}
