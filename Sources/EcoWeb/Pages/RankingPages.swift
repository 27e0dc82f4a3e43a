import EcoAir
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

extension WebApp {
    func rankingPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let lang = p.lang
        var tables: [[String: Any]] = []
        for (level, key, tableId) in [(RegionLevel.city, "cities", "ranking-city"), (.county, "counties", "ranking-county")] {
            let table = s.engine.rankingTable(RankingScope(level: level), year: year)
            let rows: [[String: Any]] = table.map { e in
                let a = e.assessment
                let change = e.rankChange.map { $0 > 0 ? "↑\($0)" : $0 < 0 ? "↓\(-$0)" : "–" } ?? "—"
                return ["rank": e.rank, "code": a.region.rawValue, "name": s.tree[a.region]?.name[lang] ?? a.region.rawValue,
                        "href": p.link("/regions/\(a.region.rawValue)", [("year", String(year))]), "vetoed": a.vetoed,
                        "change": change, "changeValue": e.rankChange ?? 0, "composite": NumberText.fixed(a.composite, decimals: 1),
                        "categories": s.framework.categories.map { NumberText.fixed(a.composite(category: $0.id, in: s.framework), decimals: 1) },
                        "coverage": NumberText.percent(a.coverage), "attained": "\(a.attainedCount)/\(a.indicators.count)"]
            }
            tables.append(["title": "\(resources.t(key, lang)) · \(resources.t("by_composite", lang))", "tableId": tableId, "rows": rows,
                           "categoryHeaders": s.framework.categories.map { $0.name[lang] }])
        }
        return page("ranking", title: resources.t("ranking_title", lang),
                    context: ["year": year, "years": yearOptions(s, selected: year), "tables": tables], p: p, active: "/ranking",
                    synthetic: s.hasSynthetic)
    }

    func frameworksPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let lang = p.lang
        let year = try p.year(default: s.defaultYear)
        let frameworks: [[String: Any]] = s.frameworks.map { fw in
            ["id": fw.id, "name": fw.name[lang], "version": fw.version, "indicatorCount": "\(fw.indicators.count) \(resources.t("indicators_title", lang))",
             "description": fw.description?[lang] ?? "",
             "categories": fw.categories.map { cat in
                 ["name": cat.name[lang], "indicators": fw.orderedIndicators.filter { $0.category == cat.id }.map { ind in
                     ["number": ind.number, "name": ind.name[lang], "unit": ind.unit, "certainty": ind.provenance.certainty.rawValue,
                      "href": p.link("/indicators/\(ind.id)", [("framework", fw.id)])]
                 }]
             },
             "conditions": fw.basicConditions.sorted { $0.number < $1.number }.map { $0.description[lang] },
             "hasConditions": !fw.basicConditions.isEmpty]
        }
        let regionText = p.query["region"] ?? "140000"
        guard let region = RegionCode(regionText).flatMap({ s.tree[$0] }) else { throw WebError.notFound("unknown division code \(regionText)") }
        let ids = s.frameworks.map(\.id)
        let a = p.query["a"] ?? Services.defaultFramework, b = p.query["b"] ?? "eco-province-2007"
        var comparison: [[String: Any]] = []
        for id in [a, b] {
            guard ids.contains(id) else { throw WebError.notFound("unknown framework '\(id)'") }
            guard let other = try await site.snapshot(framework: id) else { continue }
            guard let x = other.assessment(region: region.code, year: year) else { continue }
            comparison.append([
                "name": other.framework.name[lang], "composite": NumberText.fixed(x.composite, decimals: 1), "attained": x.attainedCount,
                "applicable": x.indicators.count, "coverage": NumberText.percent(x.coverage),
                "rows": x.indicators.compactMap { ia -> [String: Any]? in
                    guard let ind = other.framework.indicator(ia.indicator) else { return nil }
                    return ["name": "\(ind.number). \(ind.name[lang])", "value": DisplayFormat.value(ia.value, ind), "target": DisplayFormat.target(ia.target, ind),
                            "status": ia.status.label[lang], "colour": StatusColour.of(ia.status)]
                },
            ])
        }
        let ctx: [String: Any] = [
            "frameworks": frameworks, "compareRegion": region.code.rawValue, "years": yearOptions(s, selected: year),
            "optionsA": ids.map { ["id": $0, "selected": $0 == a] }, "optionsB": ids.map { ["id": $0, "selected": $0 == b] },
            "comparison": comparison,
        ]
        return page("frameworks", title: resources.t("frameworks_title", lang), context: ctx, p: p, active: "/frameworks", synthetic: false)
    }

    func dataPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let lang = p.lang
        let year = s.defaultYear + 1
        let templates: [[String: Any]] = [RegionLevel.province, .city, .county].map { level in
            ["href": p.link("/data/template.csv", [("framework", s.framework.id), ("level", level.rawValue), ("year", String(year))]),
             "label": "\(s.framework.name[lang]) · \(level.name[lang]) · \(year)"]
        }
        let exports: [[String: Any]] = [
            ["href": p.link("/data/export.csv", [("framework", s.framework.id)]), "label": resources.t("export_csv", lang)],
            ["href": p.link("/data/export.json", [("framework", s.framework.id)]), "label": resources.t("export_json", lang)],
        ]
        return page("data", title: resources.t("data_title", lang),
                    context: ["framework": s.framework.id, "templates": templates, "exports": exports], p: p, active: "/data", synthetic: false)
    }

    func templateDownload(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let level = try p.level(default: .county)
        let year = try p.year(default: s.defaultYear + 1)
        var previous: [ObservationKey: ObservationValue] = [:]
        for (k, o) in s.observations where k.year == year - 1 { previous[k] = o.value }
        let csv = try CSVOutput.template(framework: s.framework, regions: s.tree, level: level, parent: nil, year: year, previous: previous, lang: p.lang)
        return download(csv, name: "\(s.framework.id)-\(level.rawValue)-\(year).csv", type: "text/csv; charset=utf-8")
    }

    func exportDownload(_ p: PageRequest, json: Bool) async throws -> Rendered {
        let s = try await snapshot(p)
        let observations = s.observations.values.sorted { $0.key < $1.key }
        if json {
            return download(String(decoding: try JSONDocument.data(ResourceDocuments.export(observations)), as: UTF8.self),
                            name: "\(s.framework.id).json", type: "application/json")
        }
        return download(try CSVOutput.export(observations), name: "\(s.framework.id).csv", type: "text/csv; charset=utf-8")
    }

    func download(_ body: String, name: String, type: String) -> Rendered {
        Rendered(status: .ok, headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(name)\""],
                 body: ByteBuffer(string: body))
    }

    /// The same use case as `ecoprov import` (`Services.importYearly`): every problem listed, nothing applied if any
    /// row fails; a dry run counts what would change.
    func importUpload(_ data: Data, file: String, p: PageRequest) async throws -> ImportOutcome {
        guard let account = p.viewer.account else { throw WebError(status: .unauthorized, message: "sign in first") }
        let outcome = try await actingServices(p).importYearly(data, file: file, framework: p.frameworkId, dryRun: try p.flag("dryRun"),
                                                               reason: "web upload \(file)", account: account)
        if !outcome.dryRun, outcome.problems.isEmpty { try await afterWrite() }
        return outcome
    }

    func uploadContext(_ o: ImportOutcome, _ p: PageRequest) -> [String: Any] {
        ["t": resources.strings[p.lang] ?? [:], "ok": o.problems.isEmpty, "problems": o.problems.prefix(ImportResultJSON.maxProblems).map { $0.formatted(p.lang) },
         "moreProblems": o.problems.count > ImportResultJSON.maxProblems ? o.problems.count - ImportResultJSON.maxProblems : 0,
         "rows": o.problems.isEmpty ? o.valid : o.rows, "new": o.new, "changed": o.changed, "dryRun": o.dryRun,
         "heading": resources.t(o.dryRun ? "validated" : "imported", p.lang),
         "inserted": o.summary.inserted, "updated": o.summary.updated, "unchanged": o.summary.unchanged]
    }
}
