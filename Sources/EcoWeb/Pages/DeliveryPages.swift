import EcoAccess
import EcoCore
import EcoDelivery
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

/// The delivery pages (issue #16): projects with their timeline, the task board by department, the supervision
/// cases, the monthly air ranking with accountability and reward/penalty. All are internal (an account); every
/// write is a same-origin form with the session's CSRF token, and the services check the role and department.
extension WebApp {
    func deliveryPages() -> RouteList {
        let router = RouteList()
        router.page("/projects", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.projectsPage($0) } }
        router.page("/tasks", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.tasksPage($0) } }
        router.page("/cases", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.casesPage($0) } }
        router.page("/cases/:id", access: .signedIn) { request, context in
            try await self.handlePage(request) { try await self.casePage($0, id: context.parameters.get("id") ?? "") }
        }
        router.page("/monthly", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.monthlyPage($0) } }
        router.upload("/projects/:id/report", access: .department) { request, context in
            try await self.formAction(request) { p in
                let id = context.parameters.get("id") ?? ""
                let f = p.viewer.form
                let investment = try Self.formNumber(f["investment"], "investment", 0...1e9, optional: true)
                _ = try await self.services.reportProject(id, period: f["period"] ?? "", completion: try Self.formNumber(f["completion"], "completion", 0...100) ?? 0,
                                                          investmentDone: investment, note: f["note"] ?? "", account: try self.account(p))
                try await self.afterWrite()
                return p.link("/projects") + "#p-" + id
            }
        }
        router.upload("/tasks/escalate", access: .province) { request, _ in
            try await self.formAction(request) { p in
                let issued = try await self.services.escalateTasks(account: try self.account(p))
                try await self.afterWrite()
                return p.link("/tasks", [("escalated", String(issued.count))])
            }
        }
        router.upload("/tasks/:id/:action", access: .department) { request, context in
            try await self.formAction(request) { p in
                let id = context.parameters.get("id") ?? "", f = p.viewer.form
                switch context.parameters.get("action") ?? "" {
                case "update":
                    _ = try await self.services.updateTask(id, completion: try Self.formNumber(f["completion"], "completion", 0...100) ?? 0, note: f["note"] ?? "",
                                                           evidence: Self.list(f["evidence"]), account: try self.account(p))
                case "close":
                    _ = try await self.services.closeTask(id, account: try self.account(p))
                default:
                    throw WebError.notFound("the task action must be update or close")
                }
                try await self.afterWrite()
                return p.link("/tasks") + "#t-" + id
            }
        }
        router.upload("/cases", access: .department) { request, _ in
            try await self.formAction(request) { p in
                let f = p.viewer.form
                guard let region = RegionCode(f["region"] ?? "") else { throw WebError.badRequest("region must be a 6-digit division code") }
                guard let source = CaseSource(rawValue: f["source"] ?? "") else { throw WebError.badRequest("source must be one of " + CaseSource.allCases.map(\.rawValue).joined(separator: ", ")) }
                let severity = CaseSeverity(rawValue: f["severity"] ?? "ordinary") ?? .ordinary
                let c = try await self.services.openCase(id: nil, title: f["title"] ?? "", region: region, source: source, severity: severity,
                                                         foundOn: try QueryParameters(f).day("found"), note: f["note"] ?? "", account: try self.account(p))
                try await self.afterWrite()
                return p.link("/cases/\(c.id)")
            }
        }
        router.upload("/cases/:id/:action", access: .department) { request, context in
            try await self.formAction(request) { p in
                let id = context.parameters.get("id") ?? ""
                let (action, outcome) = try await self.caseAction(context.parameters.get("action") ?? "", form: p.viewer.form)
                _ = try await self.services.actOnCase(id, action, on: try QueryParameters(p.viewer.form).day("on"), evidence: Self.list(p.viewer.form["evidence"]),
                                                      outcome: outcome, account: try self.account(p))
                try await self.afterWrite()
                return p.link("/cases/\(id)")
            }
        }
        router.upload("/delivery/upload", access: .province) { request, _ in
            let p = PageRequest(request)
            do {
                let data = try await self.checkedUpload(request)
                let file = p.query["file"] ?? "upload.csv", account = try self.account(p)
                let n: Int
                switch p.query["kind"] ?? "" {
                case "departments": n = try await self.services.importDepartments(data, file: file, account: account)
                case "projects": n = try await self.services.importProjects(data, file: file, account: account)
                case "tasks": n = try await self.services.importTasks(data, file: file, account: account)
                default: throw WebError.badRequest("kind must be one of departments, projects, tasks")
                }
                try await self.afterWrite()
                return self.html("<p class=\"yes\">\(xml(self.resources.t("imported", p.lang))): \(n) \(xml(p.query["kind"] ?? ""))</p>", status: .ok).response
            } catch {
                return try self.uploadRefusal(error)
            }
        }
        return router
    }

    /// A number typed in a form, checked against `range`; nil when optional and empty.
    static func formNumber(_ text: String?, _ name: String, _ range: ClosedRange<Double>, optional: Bool = false) throws -> Double? {
        guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else {
            if optional { return nil }
            throw WebError.badRequest("\(name) is required (a number from \(NumberText.shortest(range.lowerBound)) to \(NumberText.shortest(range.upperBound)))")
        }
        guard case .success(let v) = StrictDecimal.parse(t), range.contains(v) else {
            throw WebError.badRequest("\(name) must be a plain number from \(NumberText.shortest(range.lowerBound)) to \(NumberText.shortest(range.upperBound)), got '\(t.prefix(30))'")
        }
        return v
    }

    /// A `;`-separated list typed in a form (evidence references), trimmed, empty items dropped.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The case step a form names, with the outcome counters a close or an escalation adds.
    func caseAction(_ name: String, form f: [String: String]) async throws -> (CaseAction, CaseOutcome?) {
        func count(_ key: String) throws -> Int { Int(try Self.formNumber(f[key], key, 0...100_000, optional: true) ?? 0) }
        let note = f["note"] ?? ""
        switch name {
        case "assign":
            return (.assign(unit: f["unit"] ?? "", deadline: try QueryParameters(f).day("deadline"), target: f["target"] ?? ""), nil)
        case "report": return (.report(note: note), nil)
        case "verify":
            guard let r = f["result"], r == "pass" || r == "fail" else { throw WebError.badRequest("result must be pass or fail") }
            return (.verify(passed: r == "pass", note: note), nil)
        case "close":
            return (.close(note: note), CaseOutcome(firmsOrdered: try count("firms"), filed: try count("filed"), fines: try Self.formNumber(f["fine"], "fine", 0...1e7, optional: true) ?? 0,
                                                    criminal: try count("criminal"), detained: try count("detained")))
        case "escalate": return (.escalate(note: note, people: try count("people")), nil)
        case "reopen": return (.reopen(reason: f["reason"] ?? note), nil)
        default: throw WebError.notFound("the case action must be one of assign, report, verify, close, escalate, reopen")
        }
    }

    /// Whether the account holds a province role (administrators and the province reviewer).
    static func isProvince(_ a: Account?) -> Bool { a.map { (try? Services.checkProvinceRole($0, doing: "")) != nil } ?? false }

    /// The department ids whose work the account reports.
    static func ownDepartments(_ a: Account?, _ departments: [Department]) -> Set<String> {
        guard let a else { return [] }
        return Set(departments.filter { $0.accounts.contains(a.name) }.map(\.id))
    }
}
