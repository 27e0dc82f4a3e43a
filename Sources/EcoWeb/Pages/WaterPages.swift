import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import EcoStandards
import EcoWater
import Foundation
import Hummingbird

extension WebApp {
    /// The water domain's pages.
    func waterPages() -> RouteList {
        let router = RouteList()
        router.page("/water") { request, _ in try await self.handlePage(request) { try await self.waterPage($0) } }
        return router
    }

    /// The water domain's API.
    func waterAPI() -> [APIRoute] {
        let kind = APIParameter.query("kind", "region, basin or river (default: all)", Schema.oneOf(WaterAggregate.Kind.self))
        let section = APIParameter.query("section", "A section's code: its months and year (default: every section's year)")
        return [
            get("/api/v1/water/aggregates", "Shares and 环办〔2011〕22号 ratings of the regions, basins and rivers as `water evaluate` stored them (same JSON as ecoprov water evaluate --level city|basin|province --format json)",
                [.year, kind, .lang], body: Schema.array(Schema.ref("WaterAggregate")), errors: [400, 404]) { app, p, _ in
                let (record, tree) = try await app.storedWaterYear(p)
                let k = try p.params.optionalChoice("kind", WaterAggregate.Kind.self)
                return try APIResponse.json(record.aggregates.filter { k == nil || $0.kind == k }.map { WaterAggregateJSON($0, tree: tree, lang: p.lang) })
            },
            get("/api/v1/water/compensation", "Eco-compensation lines of a year with their arithmetic, 万元 (+ received, − paid; same JSON as ecoprov water compensation --format json)",
                [.year, APIParameter.query("scheme", "shanxi-vertical-2013 (default) or yellow-river-yjs-2025"), .lang],
                body: Schema.array(Schema.ref("CompensationLine")), errors: [400, 404]) { app, p, _ in
                let year = try p.year(default: try await app.site.store.waterYears().last ?? 2025)
                let (_, lines) = try await app.compensation(p, year: year)
                let tree = RegionTree(try await app.site.store.regions())
                return try APIResponse.json(lines.map { CompensationLineJSON($0, tree: tree, lang: p.lang) })
            },
            get("/api/v1/water/sections", "Sections' years (or one section's months and year) as `water evaluate` stored them (same JSON as ecoprov water evaluate --level section --format json)",
                [.year, section], body: Schema.array(Schema.ref("WaterSection")), errors: [400, 404]) { app, p, _ in
                let (record, _) = try await app.storedWaterYear(p)
                let sections = Dictionary(uniqueKeysWithValues: try await app.site.store.waterSections().map { ($0.code, $0) })
                let rows: [SectionResult]
                if let code = p.query["section"] {
                    guard sections[code] != nil else { throw WebError.notFound("no water section '\(code.prefix(40))'") }
                    rows = record.sections.filter { $0.section == code }
                } else {
                    rows = record.sections.filter { $0.month == nil }
                }
                return try APIResponse.json(rows.map { WaterSectionJSON($0, section: sections[$0.section]) })
            },
        ]
    }

    /// The compensation lines of the requested year and scheme (`scheme`, default shanxi-vertical-2013).
    func compensation(_ p: PageRequest, year: Int) async throws -> (CompensationScheme, [CompensationLine]) {
        let scheme = try Services.compensationScheme(p.query["scheme"] ?? "shanxi-vertical-2013")
        return (scheme, try await services.waterCompensation(year: year, scheme: scheme))
    }

    /// The stored evaluation of the requested year (default: the latest), or a 404 naming the command to run.
    func storedWaterYear(_ p: PageRequest) async throws -> (WaterYearRecord, RegionTree) {
        let year = try p.year(default: try await site.store.waterYears().last ?? 2025)
        guard let record = try await site.store.waterYear(year) else {
            throw WebError.notFound("no water evaluation stored for \(year): run `ecoprov water evaluate --year \(year)`")
        }
        return (record, RegionTree(try await site.store.regions()))
    }

    /// The water page: the sections on a map coloured by class, the basin and river table with their 22号 ratings,
    /// the city table with their shares, and a section's monthly classes.
    func waterPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let store = site.store
        let sections = try await store.waterSections()
        let years = try await store.waterYears()
        let year = try p.year(default: years.last ?? 2025)
        var ctx: [String: Any] = ["year": year, "years": years.map { ["year": $0, "selected": $0 == year] }]
        guard !sections.isEmpty else {
            ctx["empty"] = true
            return page("water", title: resources.t("water_title", lang), context: ctx, p: p, active: "/water", synthetic: false)
        }
        let tree = RegionTree(try await store.regions())
        guard let record = try await store.waterYear(year) else {
            ctx["missing"] = true
            return page("water", title: resources.t("water_title", lang), context: ctx, p: p, active: "/water", synthetic: sections.contains { $0.synthetic })
        }
        let byCode = Dictionary(uniqueKeysWithValues: sections.map { ($0.code, $0) })
        let yearly = record.sections.filter { $0.month == nil }
        let one = { (v: Double?) in v.map { NumberText.fixed(GBT8170Rounding.round($0, decimals: 1), decimals: 1) } ?? "—" }
        func aggRow(_ a: WaterAggregate) -> [String: Any] {
            let j = WaterAggregateJSON(a, tree: tree, lang: lang)
            return ["name": j.name, "sections": j.sections, "counts": j.counts.map { ["n": $0] }, "good": one(a.shareGood), "bad": one(a.shareWorseThanV),
                    "target": one(a.shareTargetMet), "rating": j.rating ?? "—", "colour": j.colour ?? "#d9d9d9",
                    "method": a.method == .meanOfSections ? resources.t("water_method_mean", lang) : resources.t("water_method_shares", lang),
                    "incomplete": a.incompleteSections > 0 ? a.incompleteSections : false]
        }
        ctx["basins"] = record.aggregates.filter { $0.kind == .basin || $0.kind == .river }.map { a -> [String: Any] in
            var r = aggRow(a); r["kind"] = resources.t(a.kind == .basin ? "water_basin" : "water_river", lang); return r
        }
        ctx["cities"] = record.aggregates.filter { a in
            a.kind == .region && !a.nationalOnly && RegionCode(a.key).flatMap { tree[$0]?.level } != .county
        }.map(aggRow)
        ctx["classHeaders"] = WaterClass.allCases.map { ["name": lang == .zh ? $0.name : $0.nameEn] }
        ctx["map"] = sectionMap(yearly, sections: byCode, title: "\(resources.t("water_title", lang)) · \(year)",
                                cityNames: Dictionary(uniqueKeysWithValues: tree.current(level: .city).map { ($0.code, $0.name[lang]) }))
        ctx["legend"] = WaterClass.allCases.map { ["name": $0.name, "colour": $0.status.colour] }
        // One section's months: the requested one, else the first.
        let chosen = try p.query["section"].map { code -> String in
            guard byCode[code] != nil else { throw WebError.notFound("no water section '\(code.prefix(40))'") }
            return code
        } ?? yearly.first?.section
        ctx["hasSections"] = !yearly.isEmpty
        ctx["sectionOptions"] = yearly.map { ["code": $0.section, "name": byCode[$0.section]?.name ?? $0.section, "selected": $0.section == chosen] }
        if let chosen, let s = byCode[chosen] {
            let months = Dictionary(uniqueKeysWithValues: record.sections.filter { $0.section == chosen && $0.month != nil }.map { ($0.month ?? 0, $0) })
            ctx["history"] = (1...12).map { m -> [String: Any] in
                let r = months[m]
                return ["month": lang == .zh ? "\(m)月" : String(m), "class": r?.waterClass.map { $0.name.replacingOccurrences(of: "类", with: "") } ?? "—", "colour": r?.status?.colour ?? "#eeeeee",
                        "items": r?.mainItems.joined(separator: "、") ?? ""]
            }
            let y = yearly.first { $0.section == chosen }
            ctx["sectionName"] = s.name
            ctx["sectionYear"] = [
                "class": y?.waterClass?.name ?? "—", "status": y?.status?.name ?? "—", "target": s.target?.name ?? "—",
                "met": y?.targetMet.map { $0 ? "✔" : "✘" } ?? "—",
                "items": (y?.mainItems.isEmpty ?? true) ? false : (y?.mainItems.joined(separator: "、") ?? ""),
                "months": y?.months ?? 0, "complete": y?.complete ?? false,
            ] as [String: Any]
        }
        // Compensation per city and month (the vertical scheme unless `scheme` says otherwise).
        if let (scheme, lines) = try? await compensation(p, year: year), !lines.isEmpty {
            var table: [RegionCode: [Int: Double]] = [:]
            for l in lines { table[l.region, default: [:]][l.month ?? 0, default: 0] += l.amount }
            let money = { (v: Double?) in v.map { NumberText.shortest(GBT8170Rounding.round($0, decimals: 2)) } ?? "" }
            ctx["hasCompensation"] = true
            ctx["compensationName"] = scheme.name[lang]
            ctx["compensation"] = table.keys.sorted().map { code -> [String: Any] in
                let row = table[code] ?? [:]
                return ["name": tree[code]?.name[lang] ?? code.rawValue, "months": (0...12).map { ["v": money(row[$0])] },
                        "total": money(row.values.reduce(0, +))]
            }
            ctx["compensationReconstructed"] = lines.contains(where: \.reconstructed)
        }
        ctx["computedAt"] = Self.localTime(record.computedAt)
        ctx["stale"] = try await store.waterSamplesRevision() > record.samplesRevision
        ctx["anyIncomplete"] = yearly.contains { !$0.complete }
        return page("water", title: resources.t("water_title", lang), context: ctx, p: p, active: "/water", synthetic: sections.contains { $0.synthetic })
    }

    /// The sections as dots at their coordinates (an equirectangular projection, longitudes scaled by the cosine of
    /// the mean latitude), coloured by their year's class, each with its name and class as a tooltip.
    func sectionMap(_ results: [SectionResult], sections: [String: WaterSection], title: String, cityNames: [RegionCode: String]) -> String {
        let placed = results.compactMap { r in sections[r.section].map { (r, $0) } }
        guard !placed.isEmpty else { return "" }
        let lons = placed.map(\.1.lon), lats = placed.map(\.1.lat)
        let minLon = (lons.min() ?? 0) - 0.2, maxLon = (lons.max() ?? 0) + 0.2, minLat = (lats.min() ?? 0) - 0.2, maxLat = (lats.max() ?? 0) + 0.2
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let h = 460.0, pad = 24.0
        let scale = (h - 2 * pad) / max(0.01, maxLat - minLat)
        let w = max(200, (maxLon - minLon) * k * scale + 2 * pad)
        var svg = "<svg class=\"map\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#f7f9fa\" stroke=\"#ccd\"/>"
        func xy(_ lon: Double, _ lat: Double) -> (Double, Double) { (pad + (lon - minLon) * k * scale, pad + (maxLat - lat) * scale) }
        for (r, s) in placed {
            let (x, y) = xy(s.lon, s.lat)
            let label = "\(s.name) (\(s.river)): \(r.waterClass?.name ?? "—") \(r.status?.name ?? "")"
            svg += "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"7\" fill=\"\(r.status?.colour ?? "#bbbbbb")\" stroke=\"#333\" stroke-width=\"0.8\"><title>\(xml(label))</title></circle>"
        }
        // Each city's name at the middle of its sections, over the dots.
        for (city, members) in Dictionary(grouping: placed, by: { $0.1.city }) {
            let lon = members.map(\.1.lon).reduce(0, +) / Double(members.count), lat = members.map(\.1.lat).reduce(0, +) / Double(members.count)
            let (x, y) = xy(lon, lat)
            let name = cityNames[city] ?? city.rawValue
            svg += "<text x=\"\(c(x))\" y=\"\(c(y - 12))\" text-anchor=\"middle\" class=\"wl\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">\(xml(name))</text>"
        }
        return svg + "</svg>"
    }
}
