import EcoAccounting
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import Foundation

extension WebApp {
    /// The GEP page: a region's accounts (each opening its lines, formula, prices and their sources), the cities'
    /// GEP stacked by class, GEP/GDP on the map, and the protected share of land.
    func gepPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let title = resources.t("gep_title", lang)
        let tree = try await site.tree()
        let region = try p.region("region", in: tree) ?? provinceCode(tree)
        let method = try p.params.optionalChoice("method", GEPMethod.self) ?? .ndrc2022
        let years = try await services.gepYears()
        var ctx: [String: Any] = ["regionCode": region.rawValue,
                                  "mayImport": p.viewer.account.map { (try? Services.checkAccountingRole($0)) != nil } ?? false,
                                  "uploadKinds": AccountingUploadKind.allCases.map { ["kind": $0.rawValue] },
                                  "methods": GEPMethod.allCases.map { ["value": $0.rawValue, "selected": $0 == method] }]
        guard let latest = years.last else {
            ctx["empty"] = true
            return page("gep", title: title, context: ctx, p: p, active: "/gep", synthetic: false)
        }
        let year = try p.year(default: latest)
        ctx["year"] = year
        ctx["years"] = years.map { ["year": $0, "selected": $0 == year] }
        let cities = tree.current(level: .city)
        ctx["regions"] = ([tree[region].flatMap { $0.level == .county ? $0 : nil }] + tree.current(level: .province) + cities).compactMap { $0 }.map {
            ["code": $0.code.rawValue, "name": $0.name[lang], "selected": $0.code == region]
        }
        ctx["regionName"] = tree[region]?.name[lang] ?? region.rawValue
        let r: GEPResult
        do { r = try await services.computeGEP(region: region, year: year, method: method) } catch let e as ServiceError {
            ctx["missing"] = WebError.from(e).message
            return page("gep", title: title, context: ctx, p: p, active: "/gep", synthetic: false)
        }
        let yi = AccountingText.yi
        ctx["result"] = ["gep": yi(r.gep), "perGDP": r.gepPerGDP.map { NumberText.fixed($0, decimals: 2) } ?? "—",
                         "perCapita": r.perCapita.map { NumberText.fixed($0 / 1e4, decimals: 2) } ?? "—", "geep": yi(r.geep), "geepFormula": r.geepFormula ?? "",
                         "children": r.children.count,
                         "problems": r.problems.map { $0 == GEPAccounting.outsideRegionNote ? resources.t("gep_outside_note", lang) : $0 },
                         "classes": GEPClass.allCases.map { ["name": lang == .zh ? $0.nameZh : $0.rawValue, "value": yi(r.byClass[$0.rawValue] ?? 0)] }] as [String: Any]
        ctx["accounts"] = r.accounts.map { a -> [String: Any] in
            ["class": lang == .zh ? a.gepClass.nameZh : a.gepClass.rawValue, "account": lang == .zh ? a.account : a.nameEn,
             "quantity": a.quantity.map(CarbonAccounting.text) ?? "—", "unit": a.unit ?? "", "value": yi(a.value),
             "share": a.share.map { AccountingText.percent($0) } ?? "—", "excluded": !a.included, "formula": a.formula,
             "lines": a.lines.map { l in ["item": RegionCode(l.item).flatMap { tree[$0]?.name[lang] } ?? l.item, "formula": l.formula,
                                          "source": l.priceSource == "input" ? "" : (l.priceSource ?? "")] },
             "problems": a.problems]
        }
        ctx["hasAccounts"] = !r.accounts.isEmpty
        // The cities, stacked by class, and GEP/GDP on the map.
        var bars: [AccountingCharts.Bar] = [], cells: [Maps.Cell] = []
        let colours = ["provisioning": "#66a61e", "regulating": "#1f78b4", "cultural": "#e6ab02"]
        var ratios: [(RegionCode, Double)] = []
        for city in cities {
            guard let c = try? await services.computeGEP(region: city.code, year: year, method: method) else { continue }
            bars.append(.init(label: city.name[lang], segments: GEPClass.allCases.map { k in
                (label: lang == .zh ? k.nameZh : k.rawValue, value: (c.byClass[k.rawValue] ?? 0) / 1e8, colour: colours[k.rawValue] ?? "#999") }))
            if let ratio = c.gepPerGDP { ratios.append((city.code, ratio)) }
        }
        ctx["barChart"] = AccountingCharts.bars(bars, title: "GEP · \(year)", unit: "亿元", decimals: 1)
        let greens = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"]
        let sorted = ratios.map(\.1).sorted()
        func classOf(_ v: Double) -> Int { sorted.isEmpty ? 0 : min(4, (sorted.firstIndex { $0 >= v } ?? 0) * 5 / max(1, sorted.count)) }
        for (code, v) in ratios {
            cells.append(.init(code: code, name: tree[code]?.name[lang] ?? code.rawValue, fill: greens[classOf(v)], label: NumberText.fixed(v, decimals: 2)))
        }
        let legend = (0..<5).compactMap { k -> Maps.LegendItem? in
            let inClass = ratios.filter { classOf($0.1) == k }.map(\.1)
            guard let lo = inClass.min(), let hi = inClass.max() else { return nil }
            return .init(colour: greens[k], text: "\(NumberText.fixed(lo, decimals: 2))–\(NumberText.fixed(hi, decimals: 2))")
        }
        ctx["map"] = cells.isEmpty ? "" : Maps.tiles(cells, level: .city, tree: tree, legend: legend, title: "GEP/GDP · \(year)",
                                                    linkQuery: lang == .en ? "?lang=en" : "")
        if let run = try? await services.computeProtected(year: year, framework: p.frameworkId, dryRun: true) {
            ctx["protected"] = run.shares.map { s -> [String: Any] in
                ["name": tree[s.region]?.name[lang] ?? s.region.rawValue, "areas": s.areas, "outlined": s.withOutlines,
                 "union": NumberText.fixed(s.outlinedKm2, decimals: 1), "registered": NumberText.fixed(s.registeredKm2, decimals: 1), "nested": s.nestedLeftOut,
                 "protected": NumberText.fixed(s.protectedKm2, decimals: 1), "land": NumberText.fixed(s.landKm2, decimals: 1),
                 "share": AccountingText.percent(s.share, decimals: 2), "landSource": landSourceText(s.landSource, lang)]
            }
            ctx["hasProtected"] = !run.shares.isEmpty
            ctx["protectedRule"] = resources.t("protected_rule", lang)
        }
        ctx["json"] = "/api/v1/gep/accounts?year=\(year)&region=\(region.rawValue)&method=\(method.rawValue)"
        return page("gep", title: title, context: ctx, p: p, active: "/gep", synthetic: r.synthetic)
    }

    /// Where a land area came from, in the page's language.
    func landSourceText(_ source: String?, _ lang: Language) -> String {
        guard let s = source else { return "" }
        if s.hasPrefix("landArea") { return resources.t("protected_land_attribute", lang) }
        if s.hasPrefix("built-in") { return resources.t("protected_land_builtin", lang) }
        if s.hasPrefix("boundary") {
            let file: String = s.dropFirst("boundary ".count).split(separator: ",").first.map(String.init) ?? ""
            return resources.t("protected_land_boundary", lang) + " (" + file + ")"
        }
        return s
    }
}
