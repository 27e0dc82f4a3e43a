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
            guard let ind = s.framework.indicator(x.indicator), ind.direction != .level,
                  let series = s.engine.progressSeries(region: code, indicator: ind.id), series.contains(where: { $0.value != nil }) else { continue }
            let labels = Charts.TrendLabels(title: "\(ind.number). \(ind.name[lang])", value: resources.t("value", lang),
                                            baseline: resources.t("baseline", lang),
                                            target: resources.t("target", lang), expected: resources.t("expected", lang),
                                            forecast: resources.t("forecast", lang), unit: ind.unit)
            charts.append(["id": ind.id, "svg": Charts.trend(series, decimals: ind.decimals, labels: labels)])
        }
        let all = s.assessAll(year: year)
        let children = s.tree.children(of: code).compactMap { child -> [String: Any]? in
            guard let ca = all.first(where: { $0.region == child.code }) else { return nil }
            return ["code": child.code.rawValue, "name": child.name[lang], "href": p.link("/regions/\(child.code.rawValue)", [("year", String(year))]),
                    "composite": NumberText.fixed(ca.composite, decimals: 1), "coverage": NumberText.percent(ca.coverage),
                    "attained": "\(ca.attainedCount)/\(ca.indicators.count)", "rank": ca.rank.map(String.init) ?? "—"]
        }
        let ctx: [String: Any] = [
            "name": region.name[lang], "code": code.rawValue, "levelName": region.level.name[lang],
            "lineage": s.tree.lineage(of: code).dropFirst().reversed().map { ["name": $0.name[lang], "href": p.link("/regions/\($0.code.rawValue)")] },
            "years": yearOptions(s, selected: year), "composite": NumberText.fixed(a.composite, decimals: 1), "coverage": NumberText.percent(a.coverage),
            "vetoed": a.vetoed, "attained": a.attainedCount, "applicable": a.indicators.count, "rank": a.rank.map(String.init) ?? "—",
            "levelRank": region.level == .county ? (levelRank.map { "\($0) / \(sameLevel.count)" } ?? false) : false,
            "rows": a.indicators.compactMap { indicatorRow($0, region: code, year: year, s: s, p: p) },
            "charts": charts, "children": children, "hasChildren": !children.isEmpty,
        ]
        return page("region", title: region.name[lang], context: ctx, p: p, active: "", synthetic: s.hasSynthetic)
    }

    func indicatorsPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let lang = p.lang
        guard let province = s.tree.current(level: .province).first else { throw WebError.notFound("no province") }
        let categories = Dictionary(uniqueKeysWithValues: s.framework.categories.map { ($0.id, $0.name[lang]) })
        let rows: [[String: Any]] = s.framework.orderedIndicators.map { ind in
            let targets = s.framework.milestones.map { m in
                "\(m): " + DisplayFormat.target(ind.target(for: province.code, milestone: m, in: s.tree)?.value, ind)
            }.joined(separator: "; ")
            return ["number": ind.number, "name": ind.name[lang], "href": p.link("/indicators/\(ind.id)", [("framework", s.framework.id)]),
                    "unit": ind.unit, "category": categories[ind.category] ?? ind.category, "attribute": ind.attribute.name[lang],
                    "levels": ind.levels.map { $0.name[lang] }.joined(separator: "、"), "targets": targets,
                    "certainty": "\(ind.provenance.certainty.rawValue) \(ind.provenance.certainty.label[lang])"]
        }
        return page("indicators", title: resources.t("indicators_title", lang), context: ["frameworkName": s.framework.name[lang], "rows": rows],
                    p: p, active: "/indicators", synthetic: false)
    }

    func indicatorPage(_ p: PageRequest, id: String) async throws -> Rendered {
        let s = try await snapshot(p)
        guard let ind = s.framework.indicator(id) else { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
        let year = try p.year(default: s.defaultYear)
        let lang = p.lang
        var level = try p.level(default: ind.applies(to: .city) ? .city : .county)
        if level == .province || !ind.applies(to: level) { level = ind.levels.first { $0 != .province } ?? .city }
        let all = s.assessAll(year: year)
        var values: [[String: Any]] = []
        var numbers: [Double] = []
        for a in all where a.level == level || a.level == .province {
            guard let x = a.indicators.first(where: { $0.indicator == ind.id }), let region = s.tree[a.region] else { continue }
            if a.level == level, x.status != .incomplete, let v = x.value?.number { numbers.append(v) }
            let obs = s.observations[ObservationKey(framework: s.framework.id, indicator: ind.id, region: a.region, year: year)]
            values.append(["code": a.region.rawValue, "name": region.name[lang], "href": p.link("/regions/\(a.region.rawValue)", [("year", String(year))]),
                           "value": DisplayFormat.value(x.value, ind), "sortValue": x.value?.number.map { String($0) } ?? "",
                           "target": DisplayFormat.target(x.target, ind), "status": x.status.label[lang],
                           "statusKey": AssessmentStatus.allCases.firstIndex(of: x.status) ?? 0, "colour": StatusColour.of(x.status),
                           "source": (obs?.source ?? (x.derivedFromChildren.map { "\(resources.t("derived", lang)) \($0)" } ?? "")) +
                               (obs?.certainty.map { " [\($0.rawValue)]" } ?? "")])
        }
        var targets: [[String: Any]] = []
        for rule in ind.targets {
            var scope = rule.region.flatMap { s.tree[$0]?.name[lang] } ?? ""
            if !rule.when.isEmpty { scope = rule.when.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ") }
            targets.append(["milestone": rule.milestone, "target": DisplayFormat.target(rule.target, ind) + (scope.isEmpty ? "" : " (\(scope))"),
                            "provenance": rule.provenance.map { "\($0.source) [\($0.certainty.rawValue)]" } ?? ""])
        }
        let histogram = ind.direction == .level ? "" :
            Charts.histogram(numbers, decimals: ind.decimals, title: "\(resources.t("distribution", lang)) · \(level.name[lang]) · \(year)",
                             countLabel: resources.t("count", lang))
        let ctx: [String: Any] = [
            "id": ind.id, "number": ind.number, "name": ind.name[lang], "framework": s.framework.id, "isCity": level == .city,
            "years": yearOptions(s, selected: year), "year": year,
            "definition": ind.definition[lang], "unit": ind.unit, "direction": Format.direction(ind.direction, resources, lang),
            "attribute": ind.attribute.name[lang], "levels": ind.levels.map { $0.name[lang] }.joined(separator: "、"),
            "provenance": "\(ind.provenance.source)\(ind.provenance.note.map { " — \($0)" } ?? "")",
            "certainty": "\(ind.provenance.certainty.rawValue) · \(ind.provenance.certainty.label[lang])",
            "targets": targets, "values": values, "histogram": histogram,
            "map": mapSVG(s, level: level, indicator: ind, year: year, p: p).svg,
        ]
        return page("indicator", title: ind.name[lang], context: ctx, p: p, active: "/indicators", synthetic: s.hasSynthetic)
    }
}
