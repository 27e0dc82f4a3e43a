import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

/// What the overview and the region pages share (issue #14): the headline per milestone, the indicator table with
/// milestone results, outlooks and who lags, the 落后地区 panel, and the notice for a year without data.
extension WebApp {
    /// The template keys of the dashboard part of a region's page. `children` are the assessments of the region's
    /// children in the same year (empty for a county).
    func assessmentTables(_ a: RegionAssessment, children: [RegionAssessment], s: Snapshot, p: PageRequest) -> [String: Any] {
        let lang = p.lang
        let childLevel = children.first?.level
        let laggards = children.isEmpty ? nil : Laggards.of(children, framework: s.framework)
        let rows = a.indicators.compactMap { x in
            indicatorRow(x, region: a.region, year: a.year, s: s, p: p, lag: laggards.map { (children.count, $0) })
        }
        var ctx: [String: Any] = [
            "rows": rows,
            "milestoneHeaders": s.framework.milestones.map { m in
                ["label": "\(m) " + resources.t(m <= a.year ? "milestone_result" : "milestone_outlook", lang)]
            },
            "hasLag": laggards != nil,
            "lagHeader": resources.t(childLevel == .county ? "lagging_counties" : "lagging_cities", lang),
            "hasSyntheticRows": rows.contains { ($0["synthetic"] as? Bool) == true },
            "csvHref": p.link("/tables/indicators.csv", [("framework", s.framework.id), ("region", a.region.rawValue), ("year", String(a.year))]),
            "headline": headline(a, s: s, lang: lang),
            "compositeRule": resources.t("composite_rule", lang),
        ]
        if let laggards {
            let numbers = Dictionary(uniqueKeysWithValues: s.framework.orderedIndicators.map { ($0.id, $0) })
            func list(_ ids: [String]) -> String {
                ids.compactMap { numbers[$0] }.map { "\($0.number). \($0.name[lang])" }.joined(separator: "；")
            }
            let byCode = Dictionary(uniqueKeysWithValues: children.map { ($0.region, $0) })
            ctx["lagPanel"] = [
                "title": resources.t("lag_panel_title", lang) + " · " + resources.t(childLevel == .county ? "lagging_counties" : "lagging_cities", lang),
                "none": laggards.regions.isEmpty,
                "allMissing": children.allSatisfy({ $0.composite == nil })
                    ? resources.t("lag_all_missing", lang).replacingOccurrences(of: "{y}", with: String(a.year)) : false,
                "items": laggards.regions.prefix(20).map { r -> [String: Any] in
                    let c = byCode[r.region]
                    // Under their own city the counties need no city prefix.
                    return ["name": s.tree[r.region]?.name[lang] ?? r.region.rawValue, "href": p.link("/regions/\(r.region.rawValue)", [("year", String(a.year))]),
                            "lagCount": r.lagging.count, "lagging": list(r.lagging), "missingCount": r.missing.count, "hasMissing": !r.missing.isEmpty, "missing": list(r.missing),
                            "composite": NumberText.fixed(c?.composite, decimals: 1), "coverage": NumberText.percent(c?.coverage),
                            "provisional": c?.provisional ?? false]
                },
            ] as [String: Any]
        }
        return ctx
    }

    /// The headline: per milestone, the counts of results (reached) or outlooks (ahead), for all indicators and per
    /// category, each count with its icon and label.
    func headline(_ a: RegionAssessment, s: Snapshot, lang: Language) -> [[String: Any]] {
        let summaries = MilestoneSummary.of(a, framework: s.framework)
        let names = Dictionary(uniqueKeysWithValues: s.framework.categories.map { ($0.id, $0.name[lang]) })
        return s.framework.milestones.map { m in
            let reached = m <= a.year
            let kinds: [(colour: String, icon: String, label: String)] = reached
                ? MilestoneResult.allCases.map { r in let b = MilestoneBadge.of(r); return (b.colour, b.icon, r.label[lang]) }
                : Outlook.allCases.map { o in let b = MilestoneBadge.of(o); return (b.colour, b.icon, o.label[lang]) }
                    + [{ let b = MilestoneBadge.of(nil as Outlook?); return (b.colour, b.icon, resources.t("outlook_unknown", lang)) }()]
            let rows = summaries.filter { $0.milestone == m }.map { sm -> [String: Any] in
                ["name": sm.category.flatMap { names[$0] } ?? resources.t("all_categories", lang), "all": sm.category == nil,
                 "total": sm.total, "counts": sm.counts.map { ["n": $0, "zero": $0 == 0] }]
            }
            return ["title": resources.t(reached ? "headline_reached" : "headline_ahead", lang).replacingOccurrences(of: "{m}", with: String(m)),
                    "kinds": kinds.map { ["colour": $0.colour, "icon": $0.icon, "label": $0.label] }, "rows": rows, "id": "headline-\(m)"]
        }
    }

    /// When the page's year has no value at all: what is missing, a link to the latest year with data, and for an
    /// administrator how to add it.
    func emptyYearNotice(_ s: Snapshot, year: Int, p: PageRequest) -> [String: Any] {
        guard !s.observations.keys.contains(where: { $0.year == year }) else { return [:] }
        var out: [String: Any] = ["emptyYear": resources.t("no_data_for_year", p.lang).replacingOccurrences(of: "{y}", with: String(year))]
        if let latest = s.observations.keys.map(\.year).filter({ $0 < year }).max() {
            out["latestYearHref"] = p.link(p.path, [("framework", s.framework.id), ("year", String(latest))])
            out["latestYear"] = latest
        }
        if p.viewer.account?.role == .administrator { out["adminHint"] = resources.t("no_data_admin_hint", p.lang) }
        return out
    }

    /// `/tables/indicators.csv`: the indicator table of a region and year as shown, with a BOM for Excel.
    func indicatorTableCSV(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let text = p.query["region"] ?? ""
        guard let code = RegionCode(text) else { throw WebError.badRequest(resources.t("err_region_code", p.lang) + " '\(text.prefix(20))'") }
        guard let a = s.assessment(region: code, year: year) else { throw WebError.notFound(resources.t("err_unknown_region", p.lang) + " \(code.rawValue)") }
        let children = s.assessAll(year: year).filter { s.tree[$0.region]?.parent == code }
        let t = assessmentTables(a, children: children, s: s, p: p)
        let rows = t["rows"] as? [[String: Any]] ?? []
        let lang = p.lang
        var header = ["#", resources.t("indicator", lang), resources.t("unit", lang), resources.t("value", lang), resources.t("stale_year", lang),
                      resources.t("status", lang), resources.t("expected", lang)]
        for m in s.framework.milestones {
            header += ["\(m) \(resources.t("target", lang))", "\(m) " + resources.t(m <= year ? "milestone_result" : "milestone_outlook", lang)]
        }
        if !children.isEmpty { header.append(t["lagHeader"] as? String ?? "") }
        let body: [[String]] = rows.map { r in
            var line = ["\(r["number"] ?? "")", "\(r["name"] ?? "")", "\(r["unit"] ?? "")", "\(r["value"] ?? "")",
                        (r["valueYear"] as? String) ?? "", "\(r["status"] ?? "")", "\(r["expected"] ?? "")"]
            for m in r["milestones"] as? [[String: Any]] ?? [] { line += ["\(m["target"] ?? "")", "\(m["label"] ?? "")"] }
            if let lag = r["lag"] as? [String: Any] { line.append("\(lag["count"] ?? 0)/\(lag["of"] ?? 0)") }
            return line
        }
        let csv = try CSVOutput.bom + CSVOutput.write(header: header, rows: body)
        return download(csv, name: "indicators-\(code.rawValue)-\(year).csv", type: "text/csv; charset=utf-8")
    }
}

extension RegionTree {
    /// A region's name as users tell it apart: a county with its city (太原市城区 and 长治市城区 are both 城区).
    func displayName(_ code: RegionCode, _ lang: Language) -> String {
        guard let r = self[code] else { return code.rawValue }
        guard r.level == .county, let parent = r.parent, let city = self[parent] else { return r.name[lang] }
        return lang == .zh ? city.name.zh + r.name.zh : "\(r.name.en), \(city.name.en)"
    }
}
