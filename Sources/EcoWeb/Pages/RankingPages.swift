import EcoAir
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

extension WebApp {
    /// The rows of one ranking table as the page and its CSV show them.
    func rankingRows(_ s: Snapshot, scope: RankingScope, year: Int, p: PageRequest) -> [[String: Any]] {
        let lang = p.lang
        return s.engine.rankingTable(scope, year: year).map { e in
            let a = e.assessment
            let change = e.rankChange.map { $0 > 0 ? "↑\($0)" : $0 < 0 ? "↓\(-$0)" : "–" } ?? "—"
            let changeClass = (e.rankChange ?? 0) > 0 ? "ok" : (e.rankChange ?? 0) < 0 ? "no" : "muted"
            return ["rank": e.rank.map(String.init) ?? "—", "rankValue": e.rank ?? 9999, "code": a.region.rawValue,
                    "name": s.tree.displayName(a.region, lang),
                    "href": p.link("/regions/\(a.region.rawValue)", [("year", String(year))]), "vetoed": a.vetoed,
                    "vetoText": a.vetoed ? resources.t("vetoed", lang) : "—", "provisional": a.provisional && e.rank != nil,
                    "change": change, "changeClass": changeClass, "changeValue": e.rankChange ?? 0,
                    "composite": NumberText.fixed(a.composite, decimals: 1), "compositeValue": a.composite ?? -1,
                    "categories": s.framework.categories.map { NumberText.fixed(a.composite(category: $0.id, in: s.framework), decimals: 1) },
                    "coverage": NumberText.percent(a.coverage), "attained": "\(a.attainedCount)/\(a.indicators.count)"]
        }
    }

    /// The `city` parameter of the ranking: a city whose counties alone are ranked.
    func rankingCity(_ s: Snapshot, _ p: PageRequest) throws -> RegionCode? {
        try p.region("city", in: s.tree, level: .city)
    }

    func rankingPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let lang = p.lang
        let city = try rankingCity(s, p)
        var tables: [[String: Any]] = []
        for (level, key, tableId) in [(RegionLevel.city, "cities", "ranking-city"), (.county, "counties", "ranking-county")] {
            let scope = RankingScope(level: level, parent: level == .county ? city : nil)
            var csv: [(String, String)] = [("framework", s.framework.id), ("level", level.rawValue), ("year", String(year))]
            if level == .county, let city { csv.append(("city", city.rawValue)) }
            tables.append(["title": "\(resources.t(key, lang))\(level == .county ? city.map { " · " + s.tree.displayName($0, lang) } ?? "" : "") · \(resources.t("by_composite", lang))",
                           "tableId": tableId, "rows": rankingRows(s, scope: scope, year: year, p: p),
                           "csvHref": p.link("/tables/ranking.csv", csv),
                           "categoryHeaders": s.framework.categories.map { $0.name[lang] }])
        }
        return page("ranking", title: resources.t("ranking_title", lang),
                    context: ["year": year, "years": yearOptions(s, selected: year), "tables": tables,
                              "cityOptions": [["code": "", "name": resources.t("all_cities", lang), "selected": city == nil]]
                                  + s.tree.current(level: .city).map { ["code": $0.code.rawValue, "name": $0.name[lang], "selected": $0.code == city] },
                              "compositeRule": resources.t("composite_rule", lang), "provisionalNote": resources.t("provisional_note", lang)],
                    p: p, active: "/ranking", synthetic: s.hasSynthetic)
    }

    /// `/tables/ranking.csv?level=city|county[&city=]`: a ranking table as shown, with a BOM for Excel.
    func rankingCSV(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let level = try p.level(default: .city)
        let city = try rankingCity(s, p)
        let lang = p.lang
        let rows = rankingRows(s, scope: RankingScope(level: level, parent: level == .county ? city : nil), year: year, p: p)
        let header = [resources.t("rank", lang), resources.t("rank_change", lang), resources.t("code", lang), resources.t("region", lang),
                      resources.t("composite", lang)] + s.framework.categories.map { $0.name[lang] }
            + [resources.t("coverage", lang), resources.t("attained", lang), resources.t("veto", lang), resources.t("provisional", lang)]
        let body: [[String]] = rows.map { r in
            ["\(r["rank"] ?? "")", "\(r["change"] ?? "")", "\(r["code"] ?? "")", "\(r["name"] ?? "")", "\(r["composite"] ?? "")"]
                + ((r["categories"] as? [String]) ?? []) + ["\(r["coverage"] ?? "")", "\(r["attained"] ?? "")", "\(r["vetoText"] ?? "")",
                                                            (r["provisional"] as? Bool) == true ? resources.t("provisional", lang) : ""]
        }
        return download(try CSVOutput.bom + CSVOutput.write(header: header, rows: body),
                        name: "ranking-\(level.rawValue)\(city.map { "-\($0.rawValue)" } ?? "")-\(year).csv", type: "text/csv; charset=utf-8")
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
        let regionText = p.query["region"] ?? (s.tree.current(level: .province).first?.code.rawValue ?? "140000")
        guard let region = RegionCode(regionText).flatMap({ s.tree[$0] }) else { throw WebError.notFound("unknown division code \(regionText.prefix(20))") }
        let ids = s.frameworks.map(\.id)
        let a = p.query["a"] ?? Services.defaultFramework, b = p.query["b"] ?? "eco-province-2007"
        for id in [a, b] where !ids.contains(id) { throw WebError.notFound("unknown framework '\(id.prefix(40))'") }
        let comparison = try await compareFrameworks(a, b, region: region.code, year: year, p: p)
        let ctx: [String: Any] = [
            "frameworks": frameworks, "years": yearOptions(s, selected: year),
            "regionOptions": regionOptions(s.tree, selected: region.code, lang: lang),
            "optionsA": s.frameworks.map { ["id": $0.id, "name": $0.name[lang], "selected": $0.id == a] },
            "optionsB": s.frameworks.map { ["id": $0.id, "name": $0.name[lang], "selected": $0.id == b] },
        ].merging(comparison, uniquingKeysWith: { $1 })
        return page("frameworks", title: resources.t("frameworks_title", lang), context: ctx, p: p, active: "/frameworks", synthetic: s.hasSynthetic)
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
                    context: ["framework": s.framework.id, "templates": templates, "exports": exports,
                              "cityOptions": [["code": "", "name": resources.t("all_cities", lang)]]
                                  + s.tree.current(level: .city).map { ["code": $0.code.rawValue, "name": $0.name[lang]] },
                              "templateYears": yearOptions(s, selected: year)],
                    p: p, active: "/data", synthetic: s.hasSynthetic)
    }

    func templateDownload(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let level = try p.level(default: .county)
        let year = try p.year(default: s.defaultYear + 1)
        var previous: [ObservationKey: ObservationValue] = [:]
        for (k, o) in s.observations where k.year == year - 1 { previous[k] = o.value }
        // `parent`: only the regions under one city (a city bureau's own template).
        let parent = try p.region("parent", in: s.tree)
        let csv = try CSVOutput.template(framework: s.framework, regions: s.tree, level: level, parent: parent, year: year, previous: previous, lang: p.lang)
        let scope = parent.map { "-\($0.rawValue)" } ?? ""
        return download(csv, name: "\(s.framework.id)-\(level.rawValue)\(scope)-\(year).csv", type: "text/csv; charset=utf-8")
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
