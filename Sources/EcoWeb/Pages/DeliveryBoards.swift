import EcoCore
import EcoDelivery
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation

/// `/projects` and `/tasks`: the same documents as `/api/v1/projects` and `/api/v1/tasks`, drawn as a timeline and
/// as a board by department, with the forms the account may use.
extension WebApp {
    /// A text for a template section: false when empty (an empty string would still open the section).
    static func shown(_ s: String) -> Any { s.isEmpty ? false : s }

    /// The reconstructed rule values as short names, each with its source sentence as the tooltip; false when none.
    static func reconstructedNames(_ lines: [String]) -> Any {
        guard !lines.isEmpty else { return false }
        return lines.map { line -> [String: String] in
            let name = line.components(separatedBy: " — ").first ?? line
            return ["name": name, "source": line]
        }
    }

    /// Each upload kind of the delivery import (CSV in the formats of `ecoprov department|project|task import`) with its columns, from the readers' own header lists.
    static let deliveryUploadHeaders: [[String: String]] = [
        ("departments", DeliveryCSV.departmentHeader), ("projects", DeliveryCSV.projectHeader), ("tasks", DeliveryCSV.taskHeader),
    ].map { kind, h in ["kind": kind, "columns": h.required.joined(separator: ",") + (h.optional.isEmpty ? "" : "[," + h.optional.joined(separator: ",") + "]")] }

    /// Context every delivery page shares: the CSRF token, the province flag, the day.
    func deliveryContext(_ p: PageRequest, day: CivilDay) -> [String: Any] {
        let province = Self.isProvince(p.viewer.account)
        return ["csrf": p.viewer.session?.csrf ?? "", "province": province, "asOf": day.description, "today": services.today.description,
                "uploadKinds": Self.deliveryUploadHeaders, "mayImport": province, "subnav": deliveryNav(p)]
    }

    /// The links between the four delivery pages (the main navigation has one entry for them).
    func deliveryNav(_ p: PageRequest) -> [[String: Any]] {
        [("/tasks", "nav_tasks"), ("/projects", "nav_projects"), ("/cases", "nav_cases"), ("/monthly", "nav_monthly")].map { path, key in
            ["href": p.link(path), "label": resources.t(key, p.lang), "active": p.path == path || (path == "/cases" && p.path.hasPrefix("/cases/"))]
        }
    }

    /// `/projects`: the 专栏 items with their projects; each project's bar from start to end with the reported
    /// completion filled and today's line (序时进度), flags, the report form for its lead department.
    func projectsPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let doc = try await projectsDocument(p)
        let day = doc.asOf
        let departments = try await services.departments()
        let own = Self.ownDepartments(p.viewer.account, departments)
        let province = Self.isProvince(p.viewer.account)
        let rules = try await services.deliveryRules()
        let scale = DeliveryCharts.Scale(spans: doc.projects.map { ($0.project.start, $0.project.end) }, today: day)
        var ctx = deliveryContext(p, day: day)
        ctx["axis"] = DeliveryCharts.axis(scale)
        ctx["tolerance"] = NumberText.shortest(rules.lagTolerance.value)
        ctx["toleranceCertainty"] = rules.lagTolerance.certainty == .reconstructed ? resources.t("reconstructed", lang) : false
        let rows: [[String: Any]] = doc.projects.map { r in
            let x = r.project, g = r.progress
            let behind = g.overdue || g.atRisk
            let flags = [g.overdue ? resources.t("overdue", lang) : nil, g.atRisk ? resources.t("at_risk", lang) : nil].compactMap { $0 }
            return ["id": x.id, "name": x.name, "programme": x.programme, "programmeTitle": r.programmeTitle, "region": r.regionName, "lead": r.leadName,
                    "status": x.status.label[lang], "span": "\(x.start) – \(x.end)",
                    "bar": DeliveryCharts.bar(scale, start: x.start, end: x.end, completion: g.completion, today: day, milestones: x.milestones.map(\.due), behind: behind,
                                              title: "\(x.name): \(resources.t("elapsed_share", lang)) \(NumberText.fixed(g.elapsedShare, decimals: 1)) %, \(resources.t("completion", lang)) \(NumberText.shortest(g.completion)) %"),
                    "elapsed": NumberText.fixed(g.elapsedShare, decimals: 1), "completion": NumberText.shortest(g.completion), "gap": NumberText.fixed(g.gap, decimals: 1),
                    "gapClass": g.gap < -rules.lagTolerance.value ? "no" : "", "investment": "\(NumberText.shortest(x.investmentDone)) / \(NumberText.shortest(x.investmentPlanned))",
                    "investmentShare": NumberText.fixed(g.investmentShare, decimals: 1), "period": g.reportedPeriod ?? "—",
                    "flags": flags.map { ["flag": $0] }, "late": behind, "missed": Self.shown(g.missedMilestones.joined(separator: "、")),
                    "milestones": x.milestones.map { "\($0.due) \($0.title)" }.joined(separator: "；"), "synthetic": x.synthetic,
                    "mayReport": province || own.contains(x.leadDepartment), "action": "/projects/\(x.id)/report", "hasReports": !x.reports.isEmpty,
                    "reports": x.reports.suffix(6).reversed().map { ["period": $0.period, "completion": NumberText.shortest($0.completion), "note": $0.note, "by": $0.by] }]
        }
        ctx["projects"] = rows
        ctx["counts"] = "\(doc.projects.count) · \(resources.t("overdue", lang)) \(doc.projects.filter(\.progress.overdue).count) · \(resources.t("at_risk", lang)) \(doc.projects.filter(\.progress.atRisk).count)"
        let used = Dictionary(grouping: doc.projects, by: \.project.programme).mapValues(\.count)
        ctx["programmes"] = try await services.programmes().map { i in
            ["id": i.id, "column": i.columnTitle[lang], "title": i.title[lang], "places": i.places.joined(separator: "、"), "section": i.section, "projects": used[i.id] ?? 0]
        }
        ctx["json"] = "/api/v1/projects?as-of=\(day)"
        ctx["empty"] = doc.projects.isEmpty
        return page("projects", title: resources.t("projects_title", lang), context: ctx, p: p, active: "/tasks", synthetic: doc.projects.contains { $0.project.synthetic })
    }

    /// `/tasks`: the department assessment, then one table per lead department (most overdue first) with each
    /// task's status, 序时进度, completion and the ladder rung due; overdue tasks in red.
    func tasksPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let doc = try await tasksDocument(p)
        let day = doc.asOf
        let departments = try await services.departments()
        let own = Self.ownDepartments(p.viewer.account, departments)
        let province = Self.isProvince(p.viewer.account)
        var ctx = deliveryContext(p, day: day)
        let years = Array(Set(try await services.tasks().map(\.year))).sorted()
        ctx["years"] = years.map { ["year": $0, "selected": $0 == doc.year] }
        ctx["escalated"] = p.query["escalated"] ?? false
        let rungs = Dictionary(doc.ladder.map { ($0.id, $0.name[lang]) }, uniquingKeysWith: { a, _ in a })
        ctx["ladder"] = doc.ladder.map { r in
            ["name": r.name[lang], "days": r.overdueDays < 0 ? "\(resources.t("before_deadline", lang)) \(-r.overdueDays) \(resources.t("days", lang))" : "\(resources.t("overdue", lang)) \(r.overdueDays) \(resources.t("days", lang))"]
        }
        ctx["reconstructed"] = Self.reconstructedNames(doc.reconstructed)
        let scale = DeliveryCharts.Scale(spans: doc.tasks.map { ($0.task.start, $0.task.deadline) }, today: day)
        func row(_ r: TaskRow) -> [String: Any] {
            let t = r.task
            let late = r.overdue
            return ["id": t.id, "title": t.title, "source": t.source, "responsible": t.responsible, "deadline": t.deadline.description,
                    "supporting": Self.shown(t.supporting.map { id in departments.first { $0.id == id }?.name[lang] ?? id }.joined(separator: "、")),
                    "elapsed": NumberText.fixed(r.elapsedShare, decimals: 1), "completion": NumberText.shortest(r.completion),
                    "status": r.statusLabel, "statusKey": r.status.rawValue, "late": late, "overdueDays": late ? String(r.overdueDays) : "",
                    "rung": r.dueRung.map { rungs[$0] ?? $0 } ?? "", "issued": Self.shown(t.escalations.map { "\(rungs[$0.rung] ?? $0.rung) \($0.on)" }.joined(separator: "、")),
                    "bar": DeliveryCharts.bar(scale, start: t.start, end: t.deadline, completion: r.completion, today: day, milestones: t.milestones.map(\.due),
                                              behind: late || r.status == .lagging, title: "\(t.id): \(r.statusLabel)"),
                    "mayUpdate": (province || own.contains(t.lead)) && t.closedOn == nil, "mayClose": province && r.status == .awaitingVerification,
                    "updateAction": "/tasks/\(t.id)/update", "closeAction": "/tasks/\(t.id)/close",
                    "lastNote": t.updates.last.map { "\($0.on) \($0.note) (\($0.by))" } ?? false]
        }
        let byLead = Dictionary(grouping: doc.tasks, by: \.task.lead)
        ctx["departments"] = doc.departments.map { d -> [String: Any] in
            ["id": d.department, "name": d.name[lang], "led": d.led, "supported": d.supported, "closed": d.closed, "awaiting": d.awaiting, "lagging": d.lagging,
             "overdue": d.overdue, "overdueClass": d.overdue > 0 ? "no" : "", "rate": NumberText.fixed(d.completionRate, decimals: 1),
             "mean": NumberText.fixed(d.meanCompletion, decimals: 1), "own": own.contains(d.department)]
        }
        ctx["board"] = doc.departments.filter { byLead[$0.department] != nil }.sorted { ($0.overdue, $0.lagging, $1.department) > ($1.overdue, $1.lagging, $0.department) }.map { d -> [String: Any] in
            ["id": d.department, "name": d.name[lang], "summary": "\(d.led) · \(resources.t("overdue", lang)) \(d.overdue) · \(resources.t("lagging", lang)) \(d.lagging)",
             "overdueClass": d.overdue > 0 ? "no" : "", "tasks": (byLead[d.department] ?? []).sorted { ($0.overdueDays, $1.task.id) > ($1.overdueDays, $0.task.id) }.map(row),
             "open": d.overdue > 0 || own.contains(d.department)]
        }
        ctx["axis"] = DeliveryCharts.axis(scale)
        ctx["counts"] = "\(doc.tasks.count) · \(resources.t("overdue", lang)) \(doc.tasks.filter(\.overdue).count)"
            + " · " + TaskStatus.allCases.map { s in "\(s.label[lang]) \(doc.tasks.filter { $0.status == s }.count)" }.joined(separator: " · ")
        ctx["json"] = "/api/v1/tasks?as-of=\(day)" + (doc.year.map { "&year=\($0)" } ?? "")
        ctx["empty"] = doc.tasks.isEmpty
        return page("tasks", title: resources.t("tasks_title", lang), context: ctx, p: p, active: "/tasks", synthetic: doc.tasks.contains { $0.task.synthetic })
    }
}
