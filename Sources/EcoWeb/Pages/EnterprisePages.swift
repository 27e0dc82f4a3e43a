import EcoAccess
import EcoCore
import EcoEnterprise
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

/// The enterprise pages (issue #17): the credit list by grade with the deductions behind each rating and the
/// notice/objection/final/repair queue, and the risk page (map with layers, the decision-support query around a
/// point or an incident, plan expiries). Internal: every page needs an account. The forms are the services'
/// procedure steps — only province roles publish, decide and finalise; any role but viewer files an objection or a
/// repair application; a repair is decided by the province or the enterprise's city reviewer.
extension WebApp {
    func enterprisePages() -> RouteList {
        let router = RouteList()
        router.page("/credit", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.creditPage($0) } }
        router.page("/risk", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.riskPage($0) } }
        router.upload("/credit/notice", access: .province) { request, _ in
            try await self.formAction(request) { p in
                let year = try QueryParameters(p.viewer.form).year(default: self.services.today.year - 1)
                _ = try await self.services.noticeCredit(year: year, scheme: p.viewer.form["scheme"].flatMap { $0.isEmpty ? nil : $0 }, account: try self.account(p))
                try await self.afterWrite()
                return p.link("/credit", [("year", String(year))])
            }
        }
        router.upload("/credit/finalize", access: .province) { request, _ in
            try await self.formAction(request) { p in
                let year = try QueryParameters(p.viewer.form).year(default: self.services.today.year - 1)
                _ = try await self.services.finalizeCredit(year: year, account: try self.account(p))
                try await self.afterWrite()
                return p.link("/credit", [("year", String(year))])
            }
        }
        router.upload("/credit/:year/:code/:action", access: .department) { request, context in
            try await self.formAction(request) { p in
                guard let year = Int(context.parameters.get("year") ?? ""), ValueRules.years.contains(year) else { throw WebError.badRequest("the year must be \(ValueRules.years)") }
                let code = context.parameters.get("code") ?? "", f = p.viewer.form, account = try self.account(p)
                switch context.parameters.get("action") ?? "" {
                case "object":
                    _ = try await self.services.objectCredit(year: year, enterprise: code, reason: f["reason"] ?? "", evidence: Self.list(f["evidence"]), account: account)
                case "decide":
                    let number = Int(try Self.formNumber(f["number"], "number", 1...1000) ?? 0)
                    _ = try await self.services.decideObjection(year: year, enterprise: code, number: number, upheld: f["upheld"] == "true",
                                                                cancels: Self.list(f["cancels"]), note: f["note"] ?? "", account: account)
                case "repair":
                    _ = try await self.services.applyCreditRepair(year: year, enterprise: code, evidence: Self.list(f["evidence"]), cancels: Self.list(f["cancels"]), account: account)
                case "repair-decide":
                    _ = try await self.services.decideCreditRepair(year: year, enterprise: code, approve: f["approve"] == "true", note: f["note"] ?? "", account: account)
                default:
                    throw WebError.notFound("the credit action must be object, decide, repair or repair-decide")
                }
                try await self.afterWrite()
                return p.link("/credit", [("year", String(year))]) + "#e-" + code
            }
        }
        return router
    }

    /// The credit list: grades in the scheme's order, each enterprise with its score, stage, deductions (rule,
    /// record, points applied) and measures; the forms the account may use at the file's stage.
    func creditPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let year = try creditYear(p)
        let doc = try await creditDocument(p)
        let scheme = try await services.creditScheme(doc.scheme, year: year)
        let files = Dictionary(try await services.creditFiles(year: year).map { ($0.rating.enterprise, $0) }, uniquingKeysWith: { a, _ in a })
        let account = p.viewer.account
        let province = Self.isProvince(account), writer = account.map { $0.role != .viewer } ?? false
        let today = services.today
        // A stored file's rating is the one in force (re-rated after an upheld objection or an approved repair).
        let ratings = doc.ratings.map { files[$0.enterprise]?.rating ?? $0 }
        func row(_ r: CreditRating) -> [String: Any] {
            let f = files[r.enterprise]
            let stage = f?.stage ?? .preliminary
            let pending = f?.objections.filter { $0.decision == nil } ?? []
            let openRepair = f?.repairs.last.flatMap { $0.decision == nil ? $0 : nil }
            let repairable = scheme.repairableGrades.value.contains(r.grade ?? "")
            return [
                "code": r.enterprise, "name": r.name, "score": r.score.map { NumberText.fixed($0, decimals: 2) } ?? "—", "grade": r.grade ?? "—",
                "gradeName": r.gradeName?[lang] ?? "", "colour": r.colour ?? "#d9d9d9", "stage": stage.label[lang], "stageKey": stage.rawValue,
                "notice": Self.shown(f?.noticeUntil.map { "\(f?.noticeFrom?.description ?? "")–\($0)" } ?? ""),
                "deductions": r.deductions.map { d in
                    ["rule": d.ruleText[lang], "reference": d.reference, "day": d.day.description, "text": d.text,
                     "points": NumberText.shortest(d.points), "applied": NumberText.shortest(d.applied), "capped": d.applied != d.points,
                     "reconstructed": d.certainty == .reconstructed]
                },
                "indicators": r.indicators.map { i in ["name": i.name[lang], "weight": NumberText.shortest(i.weight), "score": i.score.map { NumberText.fixed($0, decimals: 1) } ?? "—", "basis": i.basis] },
                "oneVote": Self.shown(r.oneVote.joined(separator: "；")), "downgraded": r.downgraded, "measures": Self.shown(r.measures.joined(separator: "；")),
                "arithmetic": r.arithmetic,
                "objections": (f?.objections ?? []).map { o in
                    ["number": o.number, "filed": o.filedOn.description, "by": o.by, "reason": o.reason, "decision": Self.shown(o.decision ?? ""),
                     "pending": o.decision == nil, "mayDecide": province && o.decision == nil && stage == .notice]
                },
                "mayObject": writer && stage == .notice && (f?.noticeUntil.map { today <= $0 } ?? false),
                "hasPending": !pending.isEmpty,
                "mayRepair": writer && stage == .final && repairable && openRepair == nil,
                "repair": openRepair.map { rp -> [String: Any] in ["applied": rp.appliedOn.description, "by": rp.by, "verifyBy": rp.verifyBy.description, "mayDecide": province || account?.role == .cityReviewer] } ?? false,
                "action": "/credit/\(year)/\(r.enterprise)",
            ]
        }
        let grades = scheme.grades.value
        var groups: [[String: Any]] = grades.map { g in
            let rows = ratings.filter { $0.grade == g.id }
            return ["id": g.id, "name": g.name[lang], "plate": g.plate[lang], "colour": g.colour, "count": rows.count, "rows": rows.map(row),
                    "measures": g.measures.joined(separator: "；")]
        }
        let ungraded = ratings.filter { r in !grades.contains { $0.id == r.grade } }
        if !ungraded.isEmpty { groups.append(["id": "—", "name": resources.t("credit_ungraded", lang), "plate": "", "colour": "#d9d9d9", "count": ungraded.count, "rows": ungraded.map(row), "measures": ""]) }
        let stages = Dictionary(grouping: files.values, by: \.stage).mapValues(\.count)
        let queue = ratings.compactMap { r -> [String: Any]? in
            guard let f = files[r.enterprise], f.objections.contains(where: { $0.decision == nil }) || f.repairs.last.map({ $0.decision == nil }) == true else { return nil }
            return ["code": r.enterprise, "name": r.name, "stage": f.stage.label[lang]]
        }
        let ctx: [String: Any] = [
            "csrf": p.viewer.session?.csrf ?? "", "year": year, "years": Array((year - 3)...(today.year)).reversed().map { ["year": $0, "selected": $0 == year] },
            "scheme": scheme.name[lang], "schemeId": scheme.id, "schemeVersion": scheme.version, "groups": groups.filter { ($0["count"] as? Int ?? 0) > 0 },
            "summary": groups.map { ["name": $0["name"] ?? "", "count": $0["count"] ?? 0, "colour": $0["colour"] ?? ""] },
            "stages": CreditStage.allCases.map { ["label": $0.label[lang], "count": stages[$0] ?? 0] },
            "noticeDays": scheme.noticeDays.value, "province": province,
            "mayNotice": province && files.values.allSatisfy { $0.stage == .preliminary }, "mayFinalize": province && stages[.notice] != nil,
            "queue": queue, "hasQueue": !queue.isEmpty, "reconstructed": Self.reconstructedNames(doc.reconstructed),
            "json": "/api/v1/credit?year=\(year)", "filesJson": "/api/v1/credit/files?year=\(year)", "enterpriseNav": enterpriseNav(p, active: "/credit"),
        ]
        // Demo penalty decisions are numbered 示例… (EnterpriseDemo): the page carries the synthetic-data banner then.
        let synthetic = ratings.contains { $0.deductions.contains { $0.reference.hasPrefix("示例") } }
        return page("credit", title: resources.t("credit_title", lang), context: ctx, p: p, active: "/credit", synthetic: synthetic)
    }

    /// The links between the two enterprise pages.
    func enterpriseNav(_ p: PageRequest, active: String) -> [[String: Any]] {
        [("/credit", "credit_title"), ("/risk", "risk_title")].map { path, key in ["href": p.link(path), "label": resources.t(key, p.lang), "active": path == active] }
    }
}
