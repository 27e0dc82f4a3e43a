import EcoCore
import EcoIngest
import EcoStandards
import EcoStore
import Foundation
import Hummingbird

extension WebApp {
    func addAirPages(to router: Router<BasicRequestContext>) {
        router.get("/air") { request, _ in try await self.handlePage(request) { try await self.airPage($0) } }
        router.get("/api/v1/air/annual") { request, _ in
            try await self.handleAPI(request) { p in
                let stations = try await self.site.store.airStations()
                let tree = RegionTree(try await self.site.store.regions())
                let year = try p.year(default: 2024)
                let data = try await AirAnalysis.loadYear(year, store: self.site.store, stations: stations)
                let (cities, province) = AirAnalysis.evaluate(data, stations: stations, tree: tree)
                return try APIJSON.response(AirAnnualJSON.rows(cities + (province.map { [$0] } ?? []), rank: AirAnnualJSON.ranks(cities),
                                                               tree: tree, lang: p.lang))
            }
        }
    }

    /// The air page: a city's daily AQI as a calendar heatmap, the annual HJ 663 table of the cities and the
    /// province, and the city ranking by comprehensive index. Computed from the stored station-hours.
    func airPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let store = site.store
        let stations = try await store.airStations()
        let tree = RegionTree(try await store.regions())
        let year = try p.year(default: 2024)
        var ctx: [String: Any] = ["year": year, "years": (2015...2030).map { ["year": $0, "selected": $0 == year] }]
        guard !stations.isEmpty else {
            ctx["empty"] = true
            return page("air", title: resources.t("air_title", lang), context: ctx, p: p, active: "/air", synthetic: false)
        }
        let data = try await AirAnalysis.loadYear(year, store: store, stations: stations)
        let (cities, province) = AirAnalysis.evaluate(data, stations: stations, tree: tree)
        let cityCodes = cities.map(\.region)
        let cityCode = try p.query["city"].map { text -> RegionCode in
            guard let c = RegionCode(text), cityCodes.contains(c) else { throw WebError.notFound("no air data for city '\(text)'") }
            return c
        } ?? cityCodes.first
        ctx["cities"] = cityCodes.map { ["code": $0.rawValue, "name": tree[$0]?.name[lang] ?? "", "selected": $0 == cityCode] }
        if let cityCode {
            let days = AirEvaluation.regionDays(data, stations: EvaluationStations.forCity(cityCode, stations: stations, tree: tree))
            ctx["calendar"] = calendar(days, year: year, title: "\(tree[cityCode]?.name[lang] ?? "") · AQI · \(year)", lang: lang)
            ctx["cityName"] = tree[cityCode]?.name[lang] ?? ""
        }
        func n(_ v: Double?) -> String { v.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "—" }
        let ranks = AirAnnualJSON.ranks(cities)
        ctx["rows"] = (cities + (province.map { [$0] } ?? [])).map { r -> [String: Any] in
            let s = r.statistics
            return ["code": r.region.rawValue, "name": tree[r.region]?.name[lang] ?? "", "href": p.link("/air", [("city", r.region.rawValue), ("year", String(year))]),
                    "validDays": s.validDays, "goodRatio": n(s.goodDayRatio), "heavy": s.heavyDays, "pm25": n(s.pm25Annual), "pm10": n(s.pm10Annual),
                    "so2": n(s.so2Annual), "no2": n(s.no2Annual), "co": n(s.coP95), "o3": n(s.o3P90), "index": n(s.compositeIndex),
                    "rank": ranks[r.region].map(String.init) ?? "—",
                    "attained": s.attained.map { $0 ? "✔" : "✘" } ?? "—"]
        }
        ctx["standard"] = province?.statistics.standard.evaluationName ?? ""
        let synthetic = cities.contains { $0.synthetic }
        return page("air", title: resources.t("air_title", lang), context: ctx, p: p, active: "/air", synthetic: synthetic)
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
