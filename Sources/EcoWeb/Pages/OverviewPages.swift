import EcoAccess
import EcoAir
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

extension WebApp {
    /// The core pages: overview, map, regions, indicators, ranking, frameworks, data.
    func corePages() -> RouteList {
        let router = RouteList()
        router.page("/") { request, _ in try await self.handlePage(request) { try await self.overviewPage($0) } }
        router.page("/map") { request, _ in try await self.handlePage(request) { try await self.mapPage($0) } }
        router.page("/regions/:code") { request, context in
            try await self.handlePage(request) { try await self.regionPage($0, code: context.parameters.get("code") ?? "") }
        }
        router.page("/indicators") { request, _ in try await self.handlePage(request) { try await self.indicatorsPage($0) } }
        router.page("/indicators/:id") { request, context in
            try await self.handlePage(request) { try await self.indicatorPage($0, id: context.parameters.get("id") ?? "") }
        }
        router.page("/ranking") { request, _ in try await self.handlePage(request) { try await self.rankingPage($0) } }
        router.page("/frameworks") { request, _ in try await self.handlePage(request) { try await self.frameworksPage($0) } }
        router.page("/data") { request, _ in try await self.handlePage(request) { try await self.dataPage($0) } }
        router.page("/data/template.csv") { request, _ in try await self.handlePage(request) { try await self.templateDownload($0) } }
        router.page("/data/export.csv") { request, _ in try await self.handlePage(request) { try await self.exportDownload($0, json: false) } }
        router.page("/data/export.json") { request, _ in try await self.handlePage(request) { try await self.exportDownload($0, json: true) } }
        router.upload("/data/upload", access: .report) { request, _ in
            let p = PageRequest(request)
            let name = p.query["file"] ?? "upload.csv"
            do {
                let outcome = try await self.importUpload(try await self.checkedUpload(request), file: name, p: p)
                return self.html(self.resources.library.render(self.uploadContext(outcome, p), withTemplate: "upload-result") ?? "",
                                 status: outcome.problems.isEmpty ? .ok : .unprocessableContent).response
            } catch let e as WebError {
                return self.html("<p class=\"no\">\(xml(e.message))</p>", status: e.status).response
            } catch let e as ServiceError {
                let w = WebError.from(e)
                return self.html("<p class=\"no\">\(xml(w.message))</p>", status: w.status).response
            }
        }
        return router
    }

    func overviewPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let lang = p.lang
        guard let province = s.tree.current(level: .province).first, let a = s.assessment(region: province.code, year: year) else {
            throw WebError.notFound("the framework has no province to show")
        }
        let readiness = s.engine.readiness(year: year, conditions: s.conditions)
        let categories: [[String: Any]] = CategorySummary.of(a, framework: s.framework).map {
            ["name": $0.category.name[lang], "attained": $0.attained, "total": $0.total, "counts": $0.statusCounts]
        }
        let ctx: [String: Any] = [
            "heading": "\(province.name[lang]) · \(s.framework.name[lang])", "year": year,
            "frameworks": s.frameworks.map { ["id": $0.id, "name": $0.name[lang], "selected": $0.id == s.framework.id] },
            "years": yearOptions(s, selected: year),
            "indicatorsAttained": a.attainedCount, "indicatorCount": a.indicators.count,
            "indicatorsClass": readiness?.indicatorsPart == true ? "ok" : "no",
            "conditionsMet": readiness?.conditionsMet ?? 0, "conditionCount": readiness?.conditions.count ?? 0,
            "conditionsClass": readiness?.conditionsPart == true ? "ok" : "no",
            "citiesMeeting": readiness?.citiesMeeting ?? 0, "cityCount": readiness?.cities.count ?? 0,
            "citiesClass": readiness?.citiesPart == true ? "ok" : "no",
            "requiredShare": NumberText.percent(readiness?.requiredShare),
            "readyText": resources.t(readiness?.ready == true ? "ready" : "not_ready", lang), "readyClass": readiness?.ready == true ? "ok" : "no",
            "composite": NumberText.fixed(a.composite, decimals: 1), "coverage": NumberText.percent(a.coverage),
            "statusHeaders": AssessmentStatus.allCases.map { ["label": $0.label[lang], "colour": StatusColour.of($0)] },
            "categories": categories,
            "rows": a.indicators.compactMap { indicatorRow($0, region: province.code, year: year, s: s, p: p) },
        ]
        var full = ctx
        if let todo = try await reminders(p, framework: s.framework) { full["todo"] = todo }
        return page("overview", title: resources.t("nav_overview", lang), context: full, p: p, active: "/", synthetic: s.hasSynthetic)
    }

    /// The signed-in account's reminders on its home page, for the year being reported (the year before the clock's):
    /// units waiting for its approval, its units returned with a reason, and units of its subtree past their deadline
    /// and not submitted. Nil without an account.
    func reminders(_ p: PageRequest, framework fw: Framework) async throws -> [String: Any]? {
        guard let account = p.viewer.account else { return nil }
        let last = fw.milestones.last ?? fw.baseYear
        let year = min(last, Calendar.current.component(.year, from: services.clock()) - 1)
        let tree = try await site.tree()
        let rows = try await gridRows(p, framework: fw.id, year: year)
        let grid = Dictionary(rows.map { ($0.region.code, $0.status) }, uniquingKeysWith: { a, _ in a })
        func item(_ r: UnitRow) -> [String: Any] {
            ["name": "\(r.region.name[p.lang]) \(r.region.code.rawValue)", "href": p.link("/report/\(r.region.code.rawValue)", [("year", String(year))]),
             "when": r.updatedAt.map { "\(r.updatedBy ?? "") \(Self.clockText($0))" } ?? "", "reason": r.reason ?? "",
             "deadline": r.deadline?.description ?? ""]
        }
        let approve = rows.filter { actions(for: $0, account: account, tree: tree, grid: grid).contains(.approve) }.prefix(20).map(item)
        let returned = rows.filter { $0.status == .draft && $0.reason != nil && AccessRules.mayReport(account, $0.region, tree: tree) }.prefix(20).map(item)
        let overdue = rows.filter(\.overdue).prefix(20).map(item)
        return ["todoYear": year, "approve": approve, "returned": returned, "overdue": overdue,
                "has_approve": !approve.isEmpty, "has_returned": !returned.isEmpty, "has_overdue": !overdue.isEmpty,
                "none": approve.isEmpty && returned.isEmpty && overdue.isEmpty]
    }

    /// Fill colours and legend of a choropleth of `level` for the composite score or one indicator.
    func choropleth(_ s: Snapshot, level: RegionLevel, indicator: Indicator?, year: Int, p: PageRequest) -> (cells: [Maps.Cell], legend: [Maps.LegendItem]) {
        let lang = p.lang
        let all = s.assessAll(year: year).filter { $0.level == level }
        var cells: [Maps.Cell] = []
        var legend: [Maps.LegendItem] = []
        guard let ind = indicator else {
            // Composite 0–100 in five equal classes.
            for a in all {
                let name = s.tree[a.region]?.name[lang] ?? a.region.rawValue
                let fill = a.composite.map { Palette.classes[min(4, Int($0 / 20))] } ?? Palette.missing
                cells.append(Maps.Cell(code: a.region, name: name, fill: fill, label: NumberText.fixed(a.composite, decimals: 1)))
            }
            legend = (0..<5).map { Maps.LegendItem(colour: Palette.classes[$0], text: "\($0 * 20)–\($0 * 20 + 20)") }
            legend.append(Maps.LegendItem(colour: Palette.missing, text: resources.t("no_data", lang)))
            return (cells, legend)
        }
        let items = all.compactMap { a in a.indicators.first { $0.indicator == ind.id }.map { (a.region, $0) } }
        if ind.direction == .level {
            for (code, x) in items {
                cells.append(Maps.Cell(code: code, name: s.tree[code]?.name[lang] ?? code.rawValue, fill: StatusColour.of(x.status),
                                       label: "\(DisplayFormat.value(x.value, ind)) · \(x.status.label[lang])"))
            }
            legend = [AssessmentStatus.attained, .behind, .noData].map { Maps.LegendItem(colour: StatusColour.of($0), text: $0.label[lang]) }
            return (cells, legend)
        }
        // Numeric: five classes of equal count (quintiles), darker is better whichever the direction.
        // An incomplete value is shown as such, never classed with the normal values.
        let values = items.compactMap { $0.1.status == .incomplete ? nil : $0.1.value?.number }.sorted()
        let cuts = (1..<5).map { values.isEmpty ? 0 : values[min(values.count - 1, values.count * $0 / 5)] }
        let better = ind.direction == .lower ? -1 : 1
        for (code, x) in items {
            let name = s.tree[code]?.name[lang] ?? code.rawValue
            guard x.status != .incomplete, let v = x.value?.number else {
                cells.append(Maps.Cell(code: code, name: name, fill: Palette.missing,
                                       label: x.status == .incomplete ? x.status.label[lang] : resources.t("no_data", lang)))
                continue
            }
            let k = cuts.filter { v >= $0 }.count
            cells.append(Maps.Cell(code: code, name: name, fill: Palette.classes[better > 0 ? k : 4 - k],
                                   label: "\(NumberText.fixed(v, decimals: ind.decimals)) \(ind.unit)"))
        }
        let edges = [values.first] + cuts.map { Optional($0) } + [values.last]
        for k in 0..<5 {
            let text = "\(NumberText.fixed(edges[k], decimals: ind.decimals))–\(NumberText.fixed(edges[k + 1], decimals: ind.decimals))"
            legend.append(Maps.LegendItem(colour: Palette.classes[better > 0 ? k : 4 - k], text: text))
        }
        legend.append(Maps.LegendItem(colour: Palette.missing, text: resources.t("no_data", lang)))
        return (cells, legend)
    }

    /// The map SVG: outlines when boundaries of the level are stored, else the tile grid.
    func mapSVG(_ s: Snapshot, level: RegionLevel, indicator: Indicator?, year: Int, p: PageRequest) -> (svg: String, tiles: Bool) {
        let (cells, legend) = choropleth(s, level: level, indicator: indicator, year: year, p: p)
        let title = "\(indicator?.name[p.lang] ?? resources.t("composite", p.lang)) · \(year)"
        if let outlines = s.boundaries[level], !outlines.isEmpty {
            return (Maps.outlines(cells, boundaries: outlines, legend: legend, title: title), false)
        }
        let names = Dictionary(uniqueKeysWithValues: s.tree.current(level: .city).map { ($0.code, $0.name[p.lang]) })
        return (Maps.tiles(cells, level: level, tree: s.tree, legend: legend, title: title, cityNames: names), true)
    }

    func mapPage(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let level = try p.level(default: .city)
        guard level != .province else { throw WebError.badRequest("the map shows cities or counties") }
        let id = p.query["indicator"] ?? "composite"
        let indicator = id == "composite" ? nil : s.framework.indicator(id)
        if id != "composite", indicator == nil { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
        if let indicator, !indicator.applies(to: level) {
            throw WebError.badRequest("indicator \(indicator.id) does not apply at \(level.rawValue) level")
        }
        let (svg, tiles) = mapSVG(s, level: level, indicator: indicator, year: year, p: p)
        let ctx: [String: Any] = [
            "isCity": level == .city, "years": yearOptions(s, selected: year), "svg": svg, "tileNote": tiles,
            "indicators": s.framework.orderedIndicators.filter { $0.applies(to: level) }.map {
                ["id": $0.id, "number": $0.number, "name": $0.name[p.lang], "selected": $0.id == indicator?.id]
            },
            "subtitle": "\(s.framework.name[p.lang]) · \(indicator?.name[p.lang] ?? resources.t("composite", p.lang)) · \(year)",
        ]
        return page("map", title: resources.t("map_title", p.lang), context: ctx, p: p, active: "/map", synthetic: s.hasSynthetic)
    }
}
