import EcoAir
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import EcoStandards
import Foundation
import Hummingbird

extension WebApp {
    /// The air domain's pages.
    func airPages() -> RouteList {
        let router = RouteList()
        router.page("/air") { request, _ in try await self.handlePage(request) { try await self.airPage($0) } }
        return router
    }

    /// The air domain's API.
    func airAPI() -> [APIRoute] {
        [
            get("/api/v1/air/annual", "HJ 663 annual statistics of the cities and the province as `air annual` stored them (same JSON as ecoprov air annual --format json)",
                [.year, .lang], body: Schema.array(Schema.ref("AirAnnual")), errors: [400, 404]) { app, p, _ in
                let year = try p.year(default: try await app.defaultAirYear())
                guard let stored = try await app.services.storedAirYear(year) else {
                    throw WebError.notFound("no annual air evaluation stored for \(year): run `ecoprov air annual --year \(year)`")
                }
                return try APIResponse.json(ResourceDocuments.airAnnual(stored.results, ranks: stored.ranks, tree: try await app.services.tree(), lang: p.lang))
            },
            get("/api/v1/air/runs", "Hourly-file import runs, newest first; an `unfinished` run means its file is partly stored and `air annual` will not feed the assessment (same JSON as ecoprov air runs --format json)",
                [], body: Schema.array(Schema.ref("AirImportRun"))) { app, _, _ in
                try APIResponse.json(try await app.services.airImportRuns().map(AirImportRunJSON.init))
            },
        ]
    }

    /// The latest year with a stored evaluation, else the current year's predecessor.
    func defaultAirYear() async throws -> Int {
        try await site.store.airAnnualYears().last ?? 2024
    }

    /// The air page: the annual HJ 663 table of the cities and the province and the ranking by comprehensive index,
    /// as `air annual` stored them (with a note when they are missing or older than the station-hours), and a
    /// city's daily AQI as a calendar heatmap, computed from the stored station-hours.
    func airPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let store = site.store
        let stations = try await store.airStations()
        let tree = RegionTree(try await store.regions())
        let year = try p.year(default: try await defaultAirYear())
        var ctx: [String: Any] = ["year": year, "years": (2015...2030).map { ["year": $0, "selected": $0 == year] }]
        let open = try await store.openAirImports()
        if !open.isEmpty {
            // The CLI's sentence (`Services.describe`) in English; the page's own in its language.
            ctx["unfinished"] = lang == .en ? Services.describe(open: open) : open.map { r in
                "第 \(r.id) 次导入（文件 \(r.file)，开始于 \(Self.localTime(r.startedAt))，已写入 \(NumberText.grouped(r.rowsWritten)) 个站点小时值）未完成"
            }.joined(separator: "；")
        }
        guard !stations.isEmpty else {
            ctx["empty"] = true
            return page("air", title: resources.t("air_title", lang), context: ctx, p: p, active: "/air", synthetic: false)
        }
        let stored = try await services.storedAirYear(year)
        let results = stored?.results ?? []
        let cityCodes = results.filter { tree[$0.region]?.level == .city }.map(\.region)
        let cityCode = try p.query["city"].map { text -> RegionCode in
            guard let c = RegionCode(text), cityCodes.contains(c) else { throw WebError.notFound("no air data for city '\(text)'") }
            return c
        } ?? cityCodes.first
        ctx["cities"] = cityCodes.map { ["code": $0.rawValue, "name": tree[$0]?.name[lang] ?? "", "selected": $0 == cityCode] }
        if let cityCode {
            let data = try await AirAnalysis.loadYear(year, store: store, stations: stations)
            let days = AirEvaluation.regionDays(data, stations: EvaluationStations.forCity(cityCode, stations: stations, tree: tree))
            ctx["calendar"] = calendar(days, year: year, title: "\(tree[cityCode]?.name[lang] ?? "") · AQI · \(year)", lang: lang)
            ctx["cityName"] = tree[cityCode]?.name[lang] ?? ""
        }
        // Decimals as HJ 663-2013 §5.3 reports them: concentrations in whole μg/m³, CO to 0.1 mg/m³, ratios to 0.1 %,
        // the comprehensive index to 0.01.
        func n(_ v: Double?, _ d: Int) -> String { NumberText.fixed(v, decimals: d) }
        let ranks = stored?.ranks ?? [:]
        ctx["rows"] = results.map { r -> [String: Any] in
            let s = r.statistics
            let isProvince = tree[r.region]?.level == .province
            // The province's valid days are counted over its cities (city-days), not days of the year.
            let days = isProvince ? "\(NumberText.grouped(s.validDays)) \(resources.t("city_days", lang))" : String(s.validDays)
            return ["code": r.region.rawValue, "name": tree[r.region]?.name[lang] ?? "", "href": p.link("/air", [("city", r.region.rawValue), ("year", String(year))]),
                    "validDays": days, "province": isProvince, "incomplete": s.incompleteNote(needs: AirPollutant.allCases).map { DataText.localize($0, lang) } ?? "", "goodRatio": n(s.goodDayRatio, 1), "heavy": s.heavyDays, "pm25": n(s.pm25Annual, 0), "pm10": n(s.pm10Annual, 0),
                    "so2": n(s.so2Annual, 0), "no2": n(s.no2Annual, 0), "co": n(s.coP95, 1), "o3": n(s.o3P90, 0), "index": n(s.compositeIndex, 2),
                    "rank": ranks[r.region].map(String.init) ?? "—",
                    "attained": s.attained.map { $0 ? "✔" : "✘" } ?? "—"]
        }
        ctx["anyIncomplete"] = results.contains { $0.statistics.incompleteNote(needs: AirPollutant.allCases) != nil }
        ctx["missing"] = stored == nil
        ctx["stale"] = stored?.stale ?? false
        ctx["computedAt"] = stored?.computedAt.map(Self.localTime) ?? ""
        ctx["standard"] = results.last?.statistics.standard.evaluationName ?? ""
        return page("air", title: resources.t("air_title", lang), context: ctx, p: p, active: "/air", synthetic: results.contains { $0.synthetic })
    }

    /// A time as people read it on these pages: `2026-12-01 18:21` in Beijing time.
    static func localTime(_ d: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .gmt
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }

    /// A calendar heatmap: one row per month, one cell per day, coloured by the HJ 633 level of the daily AQI.
    func calendar(_ days: [RegionDay], year: Int, title: String, lang: Language) -> String {
        let cell = 18.0, left = 40.0, top = 30.0
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(left + 31 * cell + 10)) \(Int(top + 12 * cell + 40))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
        svg += "<text x=\"\(c(left))\" y=\"18\" class=\"ct\">\(xml(title))</text>"
        for m in 1...12 {
            svg += "<text x=\"\(c(left - 6))\" y=\"\(c(top + Double(m - 1) * cell + 13))\" text-anchor=\"end\" class=\"tk\">\(lang == .zh ? "\(m)月" : String(m))</text>"
        }
        for d in days {
            let (_, month, day) = d.day.components
            let fill = d.aqi.level?.colour ?? "#e0e0e0"
            let label = "\(d.day): AQI \(d.aqi.aqi.map(String.init) ?? "NA") \(lang == .zh ? d.aqi.level?.category ?? "" : d.aqi.level?.categoryEn ?? "")"
            svg += "<rect x=\"\(c(left + Double(day - 1) * cell))\" y=\"\(c(top + Double(month - 1) * cell))\" width=\"\(c(cell - 2))\" height=\"\(c(cell - 2))\" fill=\"\(fill)\"><title>\(xml(label))</title></rect>"
        }
        let legendY = top + 12 * cell + 14
        for (i, a) in [25, 75, 125, 175, 250, 350].enumerated() {
            let l = HJ633.level(a)
            svg += "<rect x=\"\(c(left + Double(i) * 90))\" y=\"\(c(legendY))\" width=\"14\" height=\"14\" fill=\"\(l.colour)\" stroke=\"#999\"/>"
            svg += "<text x=\"\(c(left + Double(i) * 90 + 18))\" y=\"\(c(legendY + 12))\" class=\"tk\">\(xml(lang == .zh ? l.category : l.categoryEn))</text>"
        }
        return svg + "</svg>"
    }
}
