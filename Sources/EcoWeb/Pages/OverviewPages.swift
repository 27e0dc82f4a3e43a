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
        router.page("/regions") { request, _ in try await self.handlePage(request) { try await self.regionSearchPage($0) } }
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
        router.page("/charts/map.svg") { request, _ in try await self.handlePage(request) { try await self.mapDownload($0) } }
        router.page("/charts/trend.svg") { request, _ in try await self.handlePage(request) { try await self.trendDownload($0) } }
        router.page("/tables/ranking.csv") { request, _ in try await self.handlePage(request) { try await self.rankingCSV($0) } }
        router.page("/tables/indicators.csv") { request, _ in try await self.handlePage(request) { try await self.indicatorTableCSV($0) } }
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
            } catch {
                return try self.uploadRefusal(error)
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
        let cities = s.assessAll(year: year).filter { $0.level == .city }
        var ctx: [String: Any] = [
            "heading": "\(province.name[lang]) · \(s.framework.name[lang])", "year": year,
            "frameworks": s.frameworks.map { ["id": $0.id, "name": $0.name[lang], "selected": $0.id == s.framework.id] },
            "years": yearOptions(s, selected: year),
            "indicatorsAttained": a.attainedCount, "indicatorCount": a.indicators.count,
            "indicatorsClass": readiness?.indicatorsPart == true ? "ok" : "no",
            "conditionsMet": readiness?.conditionsMet ?? 0, "conditionCount": readiness?.conditions.count ?? 0,
            "conditionsClass": readiness?.conditionsPart == true ? "ok" : "no",
            "citiesMeeting": readiness?.citiesMeeting ?? 0, "cityCount": readiness?.cities.count ?? 0,
            "citiesClass": readiness?.citiesPart == true ? "ok" : "no",
            "citiesList": (readiness?.cities ?? []).filter { !$0.meets }.compactMap { c -> [String: Any]? in
                guard let r = s.tree[c.region] else { return nil }
                return ["name": r.name[lang], "href": p.link("/regions/\(c.region.rawValue)", [("year", String(year))]),
                        "attained": "\(c.attained)/\(c.applicable)"]
            },
            "requiredShare": NumberText.percent(readiness?.requiredShare),
            "readyText": resources.t(readiness?.ready == true ? "ready" : "not_ready", lang), "readyClass": readiness?.ready == true ? "ok" : "no",
            "composite": NumberText.fixed(a.composite, decimals: 1), "coverage": NumberText.percent(a.coverage),
            "provisional": a.provisional,
            "statusHeaders": AssessmentStatus.allCases.map { ["label": $0.label[lang], "colour": StatusColour.of($0)] },
            "categories": categories,
        ]
        ctx["hasCitiesList"] = !((ctx["citiesList"] as? [Any])?.isEmpty ?? true)
        ctx.merge(assessmentTables(a, children: cities, s: s, p: p), uniquingKeysWith: { $1 })
        ctx.merge(emptyYearNotice(s, year: year, p: p), uniquingKeysWith: { $1 })
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
                "overdueCount": rows.filter(\.overdue).count,
                "none": approve.isEmpty && returned.isEmpty && overdue.isEmpty]
    }

    /// Fill colours and legend of a choropleth of `level` for the composite score or one indicator (issue #14):
    /// - the composite in five equal classes over the range the data span (rounded out to whole points), so the
    ///   classes tell the regions apart; the legend covers exactly the data;
    /// - a numeric indicator with a threshold target in three classes that follow the target: met (达标), near
    ///   (within 10 % of the target on the wrong side — our rule, stated in the README) and far, the unit in the legend;
    /// - a qualitative or range indicator by its status.
    /// Regions without data are grey and say so. Every cell's label carries its value, shown on the map itself.
    func choropleth(_ s: Snapshot, level: RegionLevel, indicator: Indicator?, year: Int, p: PageRequest) -> (cells: [Maps.Cell], legend: [Maps.LegendItem]) {
        let lang = p.lang
        let all = s.assessAll(year: year).filter { $0.level == level }
        var cells: [Maps.Cell] = []
        var legend: [Maps.LegendItem] = []
        let noData = Maps.LegendItem(colour: Palette.missing, text: resources.t("no_data", lang))
        func name(_ code: RegionCode) -> String { s.tree[code]?.name[lang] ?? code.rawValue }
        guard let ind = indicator else {
            let values = all.compactMap(\.composite)
            let lo = floor(values.min() ?? 0), hi = max(lo + 5, ceil(values.max() ?? 100))
            let width = (hi - lo) / 5
            for a in all {
                let fill = a.composite.map { Palette.classes[min(4, max(0, Int(($0 - lo) / width)))] } ?? Palette.missing
                cells.append(Maps.Cell(code: a.region, name: name(a.region), fill: fill,
                                       label: a.composite.map { NumberText.fixed($0, decimals: 1) } ?? resources.t("no_data", lang)))
            }
            legend = (0..<5).map { k in
                Maps.LegendItem(colour: Palette.classes[k], text: "\(NumberText.fixed(lo + Double(k) * width, decimals: 1))–\(NumberText.fixed(lo + Double(k + 1) * width, decimals: 1))")
            }
            return (cells, legend + [noData])
        }
        let items = all.compactMap { a in a.indicators.first { $0.indicator == ind.id }.map { (a.region, $0) } }
        let unit = ind.unit == "-" ? "" : " \(ind.unit)"
        let threshold: Double? = items.lazy.compactMap { x -> Double? in if case .threshold(let t)? = x.1.target { return t } else { return nil } }.first
        guard let T = threshold, ind.direction == .higher || ind.direction == .lower else {
            for (code, x) in items {
                cells.append(Maps.Cell(code: code, name: name(code), fill: StatusColour.of(x.status),
                                       label: x.value == nil ? x.status.label[lang] : "\(DisplayFormat.value(x.value, ind))\(unit)"))
            }
            let shown = [AssessmentStatus.attained, .onSchedule, .behind, .regressing, .missed].filter { st in items.contains { $0.1.status == st } }
            legend = shown.map { Maps.LegendItem(colour: StatusColour.of($0), text: $0.label[lang]) } + [noData]
            return (cells, legend)
        }
        let lower = ind.direction == .lower
        let near = lower ? T * 1.1 : T * 0.9
        let met = MapClass.met.colour, close = MapClass.near.colour, far = MapClass.far.colour
        for (code, x) in items {
            guard x.status != .incomplete, let v = x.value?.number else {
                cells.append(Maps.Cell(code: code, name: name(code), fill: Palette.missing,
                                       label: x.status == .incomplete ? x.status.label[lang] : resources.t("no_data", lang)))
                continue
            }
            let attained = x.attained == true
            let isNear = lower ? v <= near : v >= near
            cells.append(Maps.Cell(code: code, name: name(code), fill: attained ? met : isNear ? close : far,
                                   label: "\(NumberText.fixed(v, decimals: ind.decimals))\(unit)"))
        }
        let d = ind.decimals
        let (metText, nearText, farText) = lower
            ? ("≤ \(NumberText.fixed(T, decimals: d))", "\(NumberText.fixed(T, decimals: d))–\(NumberText.fixed(near, decimals: d))", "> \(NumberText.fixed(near, decimals: d))")
            : ("≥ \(NumberText.fixed(T, decimals: d))", "\(NumberText.fixed(near, decimals: d))–\(NumberText.fixed(T, decimals: d))", "< \(NumberText.fixed(near, decimals: d))")
        legend = [Maps.LegendItem(colour: met, text: "\(resources.t("map_met", lang)) \(metText)\(unit)"),
                  Maps.LegendItem(colour: close, text: "\(resources.t("map_near", lang)) \(nearText)\(unit)"),
                  Maps.LegendItem(colour: far, text: "\(resources.t("map_far", lang)) \(farText)\(unit)"), noData]
        return (cells, legend)
    }

    /// The map SVG: outlines when boundaries of the level are stored, else the tile grid.
    func mapSVG(_ s: Snapshot, level: RegionLevel, indicator: Indicator?, year: Int, p: PageRequest) -> (svg: String, tiles: Bool) {
        let (cells, legend) = choropleth(s, level: level, indicator: indicator, year: year, p: p)
        let title = "\(indicator?.name[p.lang] ?? resources.t("composite", p.lang)) · \(year)"
        // The regions' links keep the year and the language.
        let query = String(p.link("", [("year", String(year))]))
        if let outlines = s.boundaries[level], !outlines.isEmpty {
            return (Maps.outlines(cells, boundaries: outlines, legend: legend, title: title, linkQuery: query), false)
        }
        let names = Dictionary(uniqueKeysWithValues: s.tree.current(level: .city).map { ($0.code, $0.name[p.lang]) })
        return (Maps.tiles(cells, level: level, tree: s.tree, legend: legend, title: title, cityNames: names, linkQuery: query), true)
    }

    /// The map of `/map` with the same parameters, as an SVG file.
    func mapDownload(_ p: PageRequest) async throws -> Rendered {
        let (s, level, indicator, year) = try await mapParameters(p)
        let svg = mapSVG(s, level: level, indicator: indicator, year: year, p: p).svg
        return download("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + svg,
                        name: "map-\(level.rawValue)-\(indicator?.id ?? "composite")-\(year).svg", type: "image/svg+xml")
    }

    /// The parameters of a map: level (city or county), indicator (or the composite), year.
    func mapParameters(_ p: PageRequest) async throws -> (Snapshot, RegionLevel, Indicator?, Int) {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let level = try p.level(default: .city)
        guard level != .province else { throw WebError.badRequest("the map shows cities or counties") }
        let id = p.query["indicator"] ?? "composite"
        let indicator = id == "composite" ? nil : s.framework.indicator(id)
        if id != "composite", indicator == nil { throw WebError.notFound("indicator '\(id.prefix(40))' is not in framework \(s.framework.id)") }
        if let indicator, !indicator.applies(to: level) {
            throw WebError.badRequest("indicator \(indicator.id) does not apply at \(level.rawValue) level")
        }
        return (s, level, indicator, year)
    }

    func mapPage(_ p: PageRequest) async throws -> Rendered {
        let (s, level, indicator, year) = try await mapParameters(p)
        let (svg, tiles) = mapSVG(s, level: level, indicator: indicator, year: year, p: p)
        let ctx: [String: Any] = [
            "isCity": level == .city, "years": yearOptions(s, selected: year), "svg": svg, "tileNote": tiles,
            "svgHref": p.link("/charts/map.svg", [("framework", s.framework.id), ("level", level.rawValue),
                                                  ("indicator", indicator?.id ?? "composite"), ("year", String(year))]),
            "indicators": s.framework.orderedIndicators.filter { $0.applies(to: level) }.map {
                ["id": $0.id, "number": $0.number, "name": $0.name[p.lang], "selected": $0.id == indicator?.id]
            },
            "subtitle": "\(s.framework.name[p.lang]) · \(indicator?.name[p.lang] ?? resources.t("composite", p.lang)) · \(year)",
        ]
        return page("map", title: resources.t("map_title", p.lang), context: ctx, p: p, active: "/map", synthetic: s.hasSynthetic)
    }
}
