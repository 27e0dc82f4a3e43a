import EcoAir
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

extension WebApp {
    func regionPage(_ p: PageRequest, code text: String) async throws -> Rendered {
        let s = try await snapshot(p)
        guard let code = RegionCode(text) else { throw WebError.badRequest("'\(text)' is not a 6-digit division code") }
        guard let region = s.tree[code] else { throw WebError.notFound("unknown division code \(text)") }
        let year = try p.year(default: s.defaultYear)
        let lang = p.lang
        guard let a = s.assessment(region: code, year: year) else { throw WebError.notFound("\(text) is not a current region") }
        let sameLevel = s.engine.rankingTable(RankingScope(level: region.level), year: year)
        let levelRank = sameLevel.first { $0.assessment.region == code }?.rank
        var charts: [[String: Any]] = []
        for x in a.indicators {
            guard let svg = trendSVG(s, region: code, indicator: x.indicator, lang: lang) else { continue }
            charts.append(["id": x.indicator, "svg": svg,
                           "svgHref": p.link("/charts/trend.svg", [("framework", s.framework.id), ("region", code.rawValue), ("indicator", x.indicator)])])
        }
        let all = s.assessAll(year: year)
        let childAssessments = s.tree.children(of: code).compactMap { child in all.first { $0.region == child.code } }
        let children = childAssessments.map { ca -> [String: Any] in
            ["code": ca.region.rawValue, "name": s.tree[ca.region]?.name[lang] ?? ca.region.rawValue,
             "href": p.link("/regions/\(ca.region.rawValue)", [("year", String(year))]),
             "composite": NumberText.fixed(ca.composite, decimals: 1), "coverage": NumberText.percent(ca.coverage),
             "provisional": ca.provisional, "compositeValue": ca.composite ?? -1,
             "attained": "\(ca.attainedCount)/\(ca.indicators.count)", "rank": ca.rank.map(String.init) ?? "—"]
        }
        var ctx: [String: Any] = [
            "name": s.tree.displayName(code, lang), "code": code.rawValue, "levelName": region.level.name[lang],
            "lineage": s.tree.lineage(of: code).dropFirst().reversed().map { ["name": $0.name[lang], "href": p.link("/regions/\($0.code.rawValue)")] },
            "years": yearOptions(s, selected: year), "composite": NumberText.fixed(a.composite, decimals: 1), "coverage": NumberText.percent(a.coverage),
            "vetoed": a.vetoed, "attained": a.attainedCount, "applicable": a.indicators.count, "rank": a.rank.map(String.init) ?? "—",
            "provisional": a.provisional, "year": year,
            "levelRank": region.level == .county ? (levelRank.map { "\($0) / \(sameLevel.count)" } ?? false) : false,
            "charts": charts, "children": children, "hasChildren": !children.isEmpty,
        ]
        ctx.merge(assessmentTables(a, children: childAssessments, s: s, p: p), uniquingKeysWith: { $1 })
        ctx.merge(emptyYearNotice(s, year: year, p: p), uniquingKeysWith: { $1 })
        return page("region", title: s.tree.displayName(code, lang), context: ctx, p: p, active: "", synthetic: s.hasSynthetic)
    }

    /// The trend chart of one indicator for a region (values, plan line, targets, forecast); nil for a qualitative
    /// indicator or a series without any value.
    func trendSVG(_ s: Snapshot, region code: RegionCode, indicator id: String, lang: Language) -> String? {
        guard let ind = s.framework.indicator(id), ind.direction != .level,
              let series = s.engine.progressSeries(region: code, indicator: ind.id), series.contains(where: { $0.value != nil }) else { return nil }
        let labels = Charts.TrendLabels(title: "\(ind.number). \(ind.name[lang])", value: resources.t("value", lang),
                                        baseline: resources.t("baseline", lang),
                                        target: resources.t("target", lang), expected: resources.t("expected", lang),
                                        forecast: resources.t("forecast", lang), unit: ind.unit)
        return Charts.trend(series, decimals: ind.decimals, labels: labels)
    }

    /// `/charts/trend.svg?region=&indicator=`: one trend chart as a file.
    func trendDownload(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let text = p.query["region"] ?? ""
        guard let code = RegionCode(text) else { throw WebError.badRequest(resources.t("err_region_code", p.lang) + " '\(text.prefix(20))'") }
        let id = p.query["indicator"] ?? ""
        guard let svg = trendSVG(s, region: code, indicator: id, lang: p.lang) else {
            throw WebError.notFound(resources.t("err_no_chart", p.lang))
        }
        return download("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg, name: "trend-\(code.rawValue)-\(id.prefix(40)).svg", type: "image/svg+xml")
    }

    func indicatorsPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let lang = p.lang
        guard let province = s.tree.current(level: .province).first else { throw WebError.notFound("no province") }
        let categories = Dictionary(uniqueKeysWithValues: s.framework.categories.map { ($0.id, $0.name[lang]) })
        let rows: [[String: Any]] = s.framework.orderedIndicators.map { ind in
            let targets = s.framework.milestones.map { m in
                "\(m): " + DataText.levels(DisplayFormat.target(ind.target(for: province.code, milestone: m, in: s.tree)?.value, ind), lang)
            }.joined(separator: "; ")
            return ["number": ind.number, "name": ind.name[lang], "href": p.link("/indicators/\(ind.id)", [("framework", s.framework.id)]),
                    "unit": DataText.unit(ind.unit, lang), "category": categories[ind.category] ?? ind.category, "attribute": ind.attribute.name[lang],
                    "levels": ind.levels.map { $0.name[lang] }.joined(separator: "、"), "targets": targets,
                    "certainty": "\(ind.provenance.certainty.rawValue) \(ind.provenance.certainty.label[lang])"]
        }
        return page("indicators", title: resources.t("indicators_title", lang), context: ["frameworkName": s.framework.name[lang], "rows": rows],
                    p: p, active: "/indicators", synthetic: s.hasSynthetic)
    }

    func indicatorPage(_ p: PageRequest, id: String) async throws -> Rendered {
        let s = try await snapshot(p)
        guard let ind = s.framework.indicator(id) else { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
        let year = try p.year(default: s.defaultYear)
        let lang = p.lang
        // `parent`: only the children of one region (the drill-down from a status cell; a city's counties).
        let parent = try p.region("parent", in: s.tree)
        let parentLevel = parent.flatMap { s.tree[$0]?.level }
        var level = try p.level(default: parentLevel == .city ? .county : ind.applies(to: .city) ? .city : .county)
        if level == .province || !ind.applies(to: level) { level = ind.levels.first { $0 != .province } ?? .city }
        let all = s.assessAll(year: year)
        var values: [[String: Any]] = []
        var numbers: [Double] = []
        func inScope(_ a: RegionAssessment) -> Bool {
            guard let parent else { return a.level == level || a.level == .province }
            return a.region == parent || (a.level == level && s.tree.lineage(of: a.region).dropFirst().contains { $0.code == parent })
        }
        for a in all where inScope(a) {
            guard let x = a.indicators.first(where: { $0.indicator == ind.id }), let region = s.tree[a.region] else { continue }
            if a.level == level, x.status != .incomplete, let v = x.value?.number { numbers.append(v) }
            let obs = s.observations[ObservationKey(framework: s.framework.id, indicator: ind.id, region: a.region, year: year)]
            values.append(["code": a.region.rawValue, "name": s.tree.displayName(region.code, lang), "href": p.link("/regions/\(a.region.rawValue)", [("year", String(year))]),
                           "value": DataText.levels(DisplayFormat.value(x.value, ind), lang), "sortValue": x.value?.number.map { String($0) } ?? "",
                           "target": DataText.levels(DisplayFormat.target(x.target, ind), lang), "status": x.status.label[lang],
                           "statusKey": AssessmentStatus.allCases.firstIndex(of: x.status) ?? 0, "colour": StatusColour.of(x.status),
                           "synthetic": obs?.synthetic ?? false,
                           "source": (obs?.source.map { DataText.localize($0, lang) } ?? (x.derivedFromChildren.map { "\(resources.t("derived", lang)) \($0)" } ?? "")) +
                               (obs?.certainty.map { " [\($0.rawValue)]" } ?? "")])
        }
        var targets: [[String: Any]] = []
        for rule in ind.targets {
            var scope = rule.region.flatMap { s.tree[$0]?.name[lang] } ?? ""
            if !rule.when.isEmpty { scope = rule.when.sorted { $0.key < $1.key }.map { DataText.condition($0.key, $0.value, lang) }.joined(separator: ", ") }
            targets.append(["milestone": rule.milestone,
                            "target": DataText.levels(DisplayFormat.target(rule.target, ind), lang) + (scope.isEmpty ? "" : " (\(scope))"),
                            "provenance": rule.provenance.map { pv in
                                DataText.localize(pv.source, lang) + (pv.note.map { " — " + DataText.localize($0, lang) } ?? "") + " [\(pv.certainty.rawValue)]"
                            } ?? ""])
        }
        let histogram = ind.direction == .level ? "" :
            Charts.histogram(numbers, decimals: ind.decimals, title: "\(resources.t("distribution", lang)) · \(level.name[lang]) · \(year)",
                             countLabel: resources.t("count", lang))
        let ctx: [String: Any] = [
            "id": ind.id, "number": ind.number, "name": ind.name[lang], "framework": s.framework.id, "isCity": level == .city,
            "years": yearOptions(s, selected: year), "year": year,
            "definition": ind.definition[lang], "unit": DataText.unit(ind.unit, lang), "direction": Format.direction(ind.direction, resources, lang),
            "attribute": ind.attribute.name[lang], "levels": ind.levels.map { $0.name[lang] }.joined(separator: "、"),
            "provenance": DataText.localize(ind.provenance.source, lang) + (ind.provenance.note.map { " — " + DataText.localize($0, lang) } ?? ""),
            "certainty": "\(ind.provenance.certainty.rawValue) · \(ind.provenance.certainty.label[lang])",
            "targets": targets, "values": values, "histogram": histogram,
            "hasSyntheticRows": values.contains { ($0["synthetic"] as? Bool) == true },
            "cityOptions": [["code": "", "name": resources.t("all_cities", lang), "selected": parent == nil]]
                + s.tree.current(level: .city).map { ["code": $0.code.rawValue, "name": $0.name[lang], "selected": $0.code == parent] },
            "parentName": parent.map { s.tree.displayName($0, lang) } ?? false,
            "map": mapSVG(s, level: level, indicator: ind, year: year, p: p).svg,
        ]
        return page("indicator", title: ind.name[lang], context: ctx, p: p, active: "/indicators", synthetic: s.hasSynthetic)
    }
}
