import EcoAccess
import EcoAir
import EcoCore
import EcoDelivery
import EcoKit
import EcoPresent
import EcoServices
import Foundation

/// `/cases`, `/cases/:id` and `/monthly`: the supervision board by state, one case with its steps and the forms of
/// the steps the account may take now, and the monthly air ranking with the accountability triggers and the
/// reward/penalty table.
extension WebApp {
    /// The board: one column per state in the order of the five steps, the bulletin counters, the form to open a case.
    func casesPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let doc = try await casesDocument(p)
        var ctx = deliveryContext(p, day: doc.asOf)
        let byState = Dictionary(grouping: doc.cases, by: \.supervisionCase.state)
        let tree = try await site.tree()
        ctx["columns"] = CaseState.allCases.map { s -> [String: Any] in
            let rows = byState[s] ?? []
            return ["state": s.rawValue, "label": s.label[lang], "count": rows.count, "cases": rows.prefix(40).map { r -> [String: Any] in
                let c = r.supervisionCase
                return ["id": c.id, "href": p.link("/cases/\(c.id)"), "title": c.title, "region": tree[c.region]?.name[lang] ?? c.region.rawValue, "unit": Self.shown(r.unitName ?? ""),
                        "deadline": Self.shown(c.deadline?.description ?? ""), "overdue": r.overdue, "flags": Self.shown(r.flags.joined(separator: "；")), "major": c.severity == .major,
                        "source": c.source.label[lang], "reopened": c.reopened > 0]
            }, "more": rows.count > 40 ? String(rows.count - 40) : false]
        }
        let k = doc.counters
        ctx["counters"] = [("cases", k.cases), ("closed", k.closed), ("overdue", k.overdue), ("firms_ordered", k.firmsOrdered), ("filed", k.filed),
                           ("criminal", k.criminal), ("detained", k.detained), ("summoned", k.summoned), ("accountable", k.accountable)]
            .map { ["label": resources.t("case_count_" + $0.0, lang), "value": $0.1] } + [["label": resources.t("case_count_fines", lang), "value": NumberText.fixed(k.fines, decimals: 2) + " 万元"]]
        let account = p.viewer.account
        ctx["mayOpen"] = Self.isProvince(account) || account?.role == .cityReviewer
        ctx["regions"] = ([tree.current(level: .province), tree.current(level: .city)].flatMap { $0 }).filter { r in account.map { AccessRules.inScope($0, r.code, tree: tree) } ?? false }
            .map { ["code": $0.code.rawValue, "name": $0.name[lang]] }
        ctx["sources"] = CaseSource.allCases.map { ["value": $0.rawValue, "name": $0.label[lang]] }
        ctx["json"] = "/api/v1/cases?as-of=\(doc.asOf)"
        return page("cases", title: resources.t("cases_title", lang), context: ctx, p: p, active: "/tasks", synthetic: doc.cases.contains { $0.supervisionCase.synthetic })
    }

    /// One case: its facts, every step (who, when, what, evidence) and a form for each step the account may take
    /// today — the same transition rule the services apply (`SupervisionCase.applying`).
    func casePage(_ p: PageRequest, id: String) async throws -> Rendered {
        let lang = p.lang
        guard let c = try await services.cases().first(where: { $0.id == id }) else { throw WebError.notFound("there is no case '\(id.prefix(60))'") }
        let day = services.today
        let departments = try await services.departments()
        let rules = try await services.deliveryRules()
        let doc = DeliveryDocuments.cases([c], departments: departments, on: day, rules: rules, lang: lang)
        var ctx = deliveryContext(p, day: day)
        let province = Self.isProvince(p.viewer.account)
        let reporter = province || Self.ownDepartments(p.viewer.account, departments).contains(c.unit ?? "")
        let probes: [(String, CaseAction, Bool)] = [
            ("assign", .assign(unit: departments.first?.id ?? "-", deadline: nil, target: "-"), province), ("report", .report(note: "-"), reporter),
            ("verify", .verify(passed: true, note: ""), province), ("close", .close(note: ""), province), ("escalate", .escalate(note: "", people: 0), province),
            ("reopen", .reopen(reason: "-"), province),
        ]
        var allowed: [String: Bool] = [:]
        for (name, action, role) in probes where role {
            if case .success = c.applying(action, on: day, by: "-", rules: rules) { allowed[name] = true }
        }
        ctx["may"] = allowed
        ctx["any"] = !allowed.isEmpty
        ctx["case"] = ["id": c.id, "title": c.title, "region": (try await site.tree())[c.region]?.name[lang] ?? c.region.rawValue, "source": c.source.label[lang],
                       "severity": resources.t("severity_" + c.severity.rawValue, lang), "found": c.foundOn.description, "state": c.state.label[lang], "stateKey": c.state.rawValue,
                       "unit": doc.cases.first?.unitName ?? "—", "deadline": c.deadline?.description ?? "—", "target": c.target ?? "—",
                       "overdue": doc.cases.first?.overdue ?? false, "flags": doc.cases.first?.flags ?? [], "rung": c.rung, "failed": c.failedVerifications, "reopened": c.reopened,
                       "defaultDeadline": c.defaultDeadline(assignedOn: day, rules: rules).description] as [String: Any]
        ctx["steps"] = c.steps.map { s in
            ["on": s.on.description, "action": resources.t("case_action_" + s.action, lang), "from": s.from?.label[lang] ?? "—", "to": s.to.label[lang], "by": s.by,
             "note": s.note, "evidence": s.evidence.joined(separator: "；")]
        }
        ctx["units"] = departments.map { ["id": $0.id, "name": $0.name[lang], "selected": $0.id == c.unit] }
        ctx["actionBase"] = "/cases/\(c.id)/"
        return page("case", title: "\(resources.t("case", lang)) \(c.id)", context: ctx, p: p, active: "/tasks", synthetic: c.synthetic)
    }

    /// `/monthly`: the ranking of a month (or the year to date), the best and worst lists, what fired, and each
    /// city's reward and penalty with its arithmetic.
    func monthlyPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let title = resources.t("monthly_title", lang)
        var ctx: [String: Any] = ["subnav": deliveryNav(p)]
        guard let latest = try await services.latestAirMonth() else {
            ctx["empty"] = true
            return page("monthly", title: title, context: ctx, p: p, active: "/tasks", synthetic: false)
        }
        let month = try p.params.month() ?? latest
        let level = try rankingLevel(p)
        let ytd = try p.flag("ytd")
        let tree = try await site.tree()
        func name(_ c: RegionCode) -> String { tree[c]?.name[lang] ?? c.rawValue }
        ctx["month"] = month.description
        ctx["latest"] = latest.description
        ctx["levels"] = [RegionLevel.city, .county].map { ["value": $0.rawValue, "name": resources.t("level_" + $0.rawValue, lang), "selected": $0 == level] }
        ctx["ytd"] = ytd
        let ranking: AirRanking
        do { ranking = try await services.rankMonthly(month, level: level, yearToDate: ytd) } catch let e as ServiceError {
            ctx["missing"] = WebError.from(e).message
            return page("monthly", title: title, context: ctx, p: p, active: "/tasks", synthetic: false)
        }
        ctx["heading"] = "\(month) · \(resources.t("level_" + level.rawValue, lang))" + (ytd ? " · \(resources.t("year_to_date", lang))" : "")
        ctx["average"] = NumberText.fixed(ranking.average, decimals: 2)
        ctx["entries"] = ranking.entries.map { e -> [String: Any] in
            ["rank": e.rank, "valid": e.valid, "name": name(e.region), "code": e.region.rawValue, "index": NumberText.fixed(e.current.compositeIndex, decimals: 2),
             "previous": NumberText.fixed(e.previous?.compositeIndex, decimals: 2), "change": NumberText.fixed(e.indexChange, decimals: 1),
             "changeClass": (e.indexChange ?? 0) > 0 ? "no" : (e.indexChange ?? 0) < 0 ? "ok" : "",
             "pm25": NumberText.shortest(e.current.pm25), "pm25Previous": NumberText.shortest(e.previous?.pm25), "pm25Change": NumberText.fixed(e.pm25Change, decimals: 1),
             "good": NumberText.fixed(e.current.goodDayRatio, decimals: 1), "improvement": e.improvementRank.map(String.init) ?? "",
             "best": ranking.best.contains(e.region), "worst": ranking.worst.contains(e.region)]
        }
        ctx["lists"] = [("best", ranking.best), ("worst", ranking.worst), ("most_improved", ranking.mostImproved), ("least_improved", ranking.leastImproved)].map {
            ["label": "\(resources.t("list_" + $0.0, lang)) \(ranking.listSize)", "names": $0.1.map(name).joined(separator: lang == .en ? ", " : "、"), "key": $0.0]
        }
        let rules = try await services.deliveryRules()
        if let firings = try? await services.accountability(month, framework: p.frameworkId) {
            let doc = DeliveryDocuments.accountability(firings, month: month, rules: rules)
            ctx["firings"] = doc.firings.map { f -> [String: Any] in
                ["region": name(f.region), "code": f.region.rawValue, "rule": f.rule, "text": f.ruleText[lang], "accountable": f.accountable[lang],
                 "provisional": f.provisional, "reconstructed": f.certainty == .reconstructed, "figures": f.figures.map { ["period": $0.period, "text": $0.text] }]
            }
            ctx["noFirings"] = doc.firings.isEmpty
            ctx["accountabilityReconstructed"] = Self.reconstructedNames(doc.reconstructed)
        }
        if !ytd, let cities = try? await services.rewardPenalty(month) {
            let doc = DeliveryDocuments.rewardPenalty(cities, month: month, rules: rules)
            ctx["rewardPenalty"] = doc.cities.map { c -> [String: Any] in
                ["name": name(c.region), "rewards": NumberText.fixed(c.rewards, decimals: 2), "penalties": NumberText.fixed(c.penalties, decimals: 2),
                 "net": NumberText.fixed(c.net, decimals: 2), "netClass": c.net < 0 ? "no" : c.net > 0 ? "ok" : "", "note": Self.shown(c.note ?? ""),
                 "lines": c.lines.map { l in ["indicator": l.indicator, "test": l.test, "value": NumberText.shortest(l.value), "base": NumberText.shortest(l.base),
                                             "arithmetic": l.arithmetic, "reconstructed": l.certainty == .reconstructed] }]
            }
            ctx["totals"] = "\(resources.t("rewards", lang)) \(NumberText.fixed(doc.totalRewards, decimals: 2)) 万元 · \(resources.t("penalties", lang)) \(NumberText.fixed(doc.totalPenalties, decimals: 2)) 万元"
            ctx["rewardReconstructed"] = Self.reconstructedNames(doc.reconstructed)
        }
        ctx["json"] = "/api/v1/ranking/monthly?month=\(month)&level=\(level.rawValue)" + (ytd ? "&ytd=true" : "")
        let synthetic = try await services.store.airStations().contains { $0.synthetic }
        return page("monthly", title: title, context: ctx, p: p, active: "/tasks", synthetic: synthetic)
    }
}
