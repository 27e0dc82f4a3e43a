import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation

extension WebApp {
    /// The options of a region selector: the province, then each city followed by its counties (indented), the
    /// selected one marked.
    func regionOptions(_ tree: RegionTree, selected: RegionCode?, lang: Language) -> [[String: Any]] {
        var out: [[String: Any]] = []
        for province in tree.current(level: .province) {
            out.append(["code": province.code.rawValue, "name": province.name[lang], "selected": province.code == selected])
            for city in tree.current(level: .city) where city.parent == province.code {
                out.append(["code": city.code.rawValue, "name": "  " + city.name[lang], "selected": city.code == selected])
                for county in tree.current(level: .county, parent: city.code) {
                    out.append(["code": county.code.rawValue, "name": "    " + county.name[lang], "selected": county.code == selected])
                }
            }
        }
        return out
    }

    /// Two frameworks side by side on the same data (issue #14): each is assessed on its own values plus those the
    /// crosswalk carries from the other (`Crosswalk.carry`, `same` rows only), and the rows are matched by the
    /// crosswalk's concepts, then each framework's remaining indicators. Both snapshots are of the reader's view.
    func compareFrameworks(_ a: String, _ b: String, region: RegionCode, year: Int, p: PageRequest) async throws -> [String: Any] {
        let lang = p.lang
        let scope = try await viewScope(p)
        guard let sa = try await site.snapshot(framework: a, view: scope), let sb = try await site.snapshot(framework: b, view: scope) else {
            throw WebError.notFound("unknown framework '\(a)'")
        }
        let crosswalk = (try? BuiltinData.crosswalk(frameworks: sa.frameworks)) ?? Crosswalk(rows: [])
        func engine(_ x: Snapshot, other: Snapshot) -> AssessmentEngine {
            let own = Array(x.observations.values)
            let carried = crosswalk.carry(Array(other.observations.values), from: other.framework.id, to: x.framework.id,
                                          existing: Set(x.observations.keys))
            return AssessmentEngine(framework: x.framework, tree: x.tree, observations: own + carried)
        }
        let ea = engine(sa, other: sb), eb = engine(sb, other: sa)
        guard let ra = ea.assess(region: region, year: year), let rb = eb.assess(region: region, year: year) else {
            throw WebError.notFound("\(region.rawValue) is not a current region")
        }
        func cell(_ r: RegionAssessment, _ fw: Framework, _ id: String?) -> [String: Any] {
            guard let id, let x = r.indicators.first(where: { $0.indicator == id }), let ind = fw.indicator(id) else {
                return ["name": "—", "value": "", "target": "", "status": resources.t("not_applicable", lang), "colour": Palette.missing]
            }
            return ["name": "\(ind.number). \(ind.name[lang])", "value": DataText.levels(DisplayFormat.value(x.value, ind), lang)
                        + (x.value == nil || ind.unit == "-" ? "" : " \(DataText.unit(ind.unit, lang))"),
                    "target": DataText.levels(DisplayFormat.target(x.target, ind), lang), "status": x.status.label[lang],
                    "colour": StatusColour.of(x.status)]
        }
        var rows: [[String: Any]] = []
        var usedA = Set<String>(), usedB = Set<String>()
        for row in crosswalk.rows(between: a, b) {
            let ia = row.members[a], ib = row.members[b]
            if let ia { usedA.insert(ia) }
            if let ib { usedB.insert(ib) }
            rows.append(["concept": row.concept[lang], "relation": resources.t("relation_" + row.relation.rawValue, lang),
                         "same": row.relation == .same, "a": cell(ra, sa.framework, ia), "b": cell(rb, sb.framework, ib)])
        }
        for ind in sa.framework.orderedIndicators where !usedA.contains(ind.id) && ra.indicators.contains(where: { $0.indicator == ind.id }) {
            rows.append(["concept": ind.name[lang], "relation": resources.t("relation_none", lang), "same": false,
                         "a": cell(ra, sa.framework, ind.id), "b": cell(rb, sb.framework, nil)])
        }
        for ind in sb.framework.orderedIndicators where !usedB.contains(ind.id) && rb.indicators.contains(where: { $0.indicator == ind.id }) {
            rows.append(["concept": ind.name[lang], "relation": resources.t("relation_none", lang), "same": false,
                         "a": cell(ra, sa.framework, nil), "b": cell(rb, sb.framework, ind.id)])
        }
        func summary(_ r: RegionAssessment, _ fw: Framework) -> [String: Any] {
            ["name": fw.name[lang], "composite": NumberText.fixed(r.composite, decimals: 1), "attained": r.attainedCount,
             "applicable": r.indicators.count, "coverage": NumberText.percent(r.coverage)]
        }
        return ["compareRows": rows, "compareA": summary(ra, sa.framework), "compareB": summary(rb, sb.framework),
                "crosswalkNote": crosswalk.note.map { "\($0[lang]) [\(crosswalk.certainty ?? "")]" } ?? ""]
    }
}

extension WebApp {
    /// `/regions?q=`: the region picker. Matches the division code (or its start), the Chinese name and the English
    /// (pinyin) name, case- and space-insensitively; one match goes straight to its page, several are listed with
    /// their city, none says so. Without `q` every current region is listed by city.
    func regionSearchPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let lang = p.lang
        let q = String((p.query["q"] ?? "").trimmingCharacters(in: .whitespaces).prefix(40))
        let all = s.tree.current()
        let matches = q.isEmpty ? all : all.filter { Self.regionMatches($0, query: q) }
        if matches.count == 1, let only = matches.first, !q.isEmpty {
            var r = html("", status: .seeOther)
            r.headers[.location] = p.link("/regions/\(only.code.rawValue)")
            return r
        }
        let items: [[String: Any]] = matches.map { r in
            ["code": r.code.rawValue, "name": s.tree.displayName(r.code, lang), "level": r.level.name[lang],
             "href": p.link("/regions/\(r.code.rawValue)")]
        }
        return page("regions", title: resources.t("region_search", lang),
                    context: ["q": q, "items": items, "none": items.isEmpty, "count": items.count], p: p, active: "", synthetic: s.hasSynthetic)
    }

    /// True when `query` matches the region's code, Chinese name or English (pinyin) name.
    static func regionMatches(_ r: Region, query: String) -> Bool {
        let q = query.lowercased().replacingOccurrences(of: " ", with: "")
        if q.allSatisfy(\.isNumber) { return r.code.rawValue.hasPrefix(q) }
        let en = r.name.en.lowercased().replacingOccurrences(of: " ", with: "")
        return r.name.zh.contains(query) || en.contains(q)
    }
}
