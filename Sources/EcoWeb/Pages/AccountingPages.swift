import EcoAccounting
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

/// The carbon and GEP pages and their API. The accounts are computed on request from the stored inputs (the same
/// services as `ecoprov carbon compute` and `ecoprov gep compute`), so a page always shows the arithmetic of what
/// is stored; every figure opens its formula and inputs.
extension WebApp {
    func accountingPages() -> RouteList {
        let router = RouteList()
        router.page("/carbon") { request, _ in try await self.handlePage(request) { try await self.carbonPage($0) } }
        router.page("/gep") { request, _ in try await self.handlePage(request) { try await self.gepPage($0) } }
        router.upload("/accounting/upload", access: .province) { request, _ in
            let p = PageRequest(request)
            do {
                guard let kind = AccountingUploadKind(rawValue: p.query["kind"] ?? "") else {
                    throw WebError.badRequest("kind must be one of " + AccountingUploadKind.allCases.map(\.rawValue).joined(separator: ", "))
                }
                let data = try await self.checkedUpload(request)
                let said = try await self.services.importAccounting(data, file: p.query["file"] ?? "\(kind.rawValue).csv", kind: kind, set: p.query["set"],
                                                                    account: try self.account(p))
                try await self.afterWrite()
                return self.html("<p class=\"yes\">\(xml(self.resources.t("imported", p.lang))): \(xml(said))</p>", status: .ok).response
            } catch {
                return try self.uploadRefusal(error)
            }
        }
        return router
    }

    /// `grid`, `factors` and `growth` of a request.
    func carbonOptions(_ p: PageRequest) throws -> (GridChoice, String?, Double?) {
        let grid = try p.params.optionalChoice("grid", GridChoice.self) ?? .provincial
        var growth: Double?
        if let g = p.query["growth"], !g.isEmpty {
            guard case .success(let v) = StrictDecimal.parse(g), (-50...50).contains(v) else { throw WebError.badRequest("growth must be a plain decimal from -50 to 50 (% per year)") }
            growth = v
        }
        let factors = p.query["factors"].flatMap { $0.isEmpty ? nil : $0 }
        return (grid, factors, growth)
    }

    func accountingAPI() -> [APIRoute] {
        let region = APIParameter.query("region", "Division code (default: the province)", Schema.regionCode)
        let grid = APIParameter.query("grid", "Grid factor: national, north-china or provincial (default)", Schema.oneOf(GridChoice.self))
        let factors = APIParameter.query("factors", "A factor set id (default provincial-2011)")
        return [
            get("/api/v1/carbon/accounts", "CO2 accounts of a year with their arithmetic (same JSON as ecoprov carbon compute --format json)",
                [.year, region, grid, factors, .lang], body: Schema.array(Schema.ref("CarbonAccount")), errors: [400, 404]) { app, p, _ in
                let (g, f, _) = try app.carbonOptions(p)
                let tree = try await app.site.tree()
                let code = try p.region("region", in: tree)
                let all = try await app.services.carbonAccounts(region: code, factors: f, grid: g)
                let year = try p.year(default: all.map(\.year).max() ?? 2025)
                return try APIResponse.json(all.filter { $0.year == year }.map { NamedRegionJSON($0, region: $0.region, tree: tree, lang: p.lang) })
            },
            get("/api/v1/carbon/peak", "Peak tracking of a region's CO2 (same JSON as ecoprov carbon peak --format json)",
                [region, .query("growth", "What-if growth, % per year to 2030", Schema.number), grid, factors, .lang],
                body: Schema.ref("PeakProjection"), errors: [400, 404]) { app, p, _ in
                let (g, f, growth) = try app.carbonOptions(p)
                let tree = try await app.site.tree()
                let code = try p.region("region", in: tree) ?? app.provinceCode(tree)
                return try APIResponse.json(NamedRegionJSON(try await app.services.carbonPeak(region: code, growth: growth, factors: f, grid: g), region: code, tree: tree, lang: p.lang))
            },
            get("/api/v1/carbon/factors", "The factor sets: every fuel's NCV, carbon content, oxidation, CO2 factor, standard-coal coefficient and certainty",
                [], body: Schema.array(Schema.ref("FactorSet"))) { app, _, _ in
                try APIResponse.json(try await app.services.factorSets())
            },
            get("/api/v1/gep/accounts", "A region's GEP: every account's quantity, price, value and share, GEEP (same JSON as ecoprov gep compute --format json)",
                [region, .year, .query("method", "ndrc-2022 (default), mee-2020 or local", Schema.oneOf(GEPMethod.self)), .lang],
                body: Schema.ref("GEPResult"), errors: [400, 404]) { app, p, _ in
                let tree = try await app.site.tree()
                let code = try p.region("region", in: tree) ?? app.provinceCode(tree)
                let year = try p.year(default: try await app.services.gepYears().last ?? 2025)
                let method = try p.params.optionalChoice("method", GEPMethod.self) ?? .ndrc2022
                return try APIResponse.json(NamedRegionJSON(try await app.services.computeGEP(region: code, year: year, method: method), region: code, tree: tree, lang: p.lang))
            },
            get("/api/v1/gep/protected", "Protected share of land per region (same JSON as ecoprov protected compute --dry-run --format json)",
                [.year, .lang], body: Schema.array(Schema.ref("ProtectedShare")), errors: [400, 404]) { app, p, _ in
                let tree = try await app.site.tree()
                let run = try await app.services.computeProtected(year: try p.year(default: 2025), framework: p.frameworkId, dryRun: true)
                return try APIResponse.json(run.shares.map { NamedRegionJSON($0, region: $0.region, tree: tree, lang: p.lang) })
            },
        ]
    }

    func provinceCode(_ tree: RegionTree) throws -> RegionCode {
        guard let p = tree.current(level: .province).first?.code else { throw WebError.notFound("no province in the division tree") }
        return p
    }

    /// A figure and the lines behind it, for `<details>`.
    static func formula(_ lines: [String]) -> String { lines.map { xml($0) }.joined(separator: "<br>") }

    /// The carbon page: the year's account of a region (by fuel, the electricity adjustment, intensity), the
    /// intensity line against the 2025/2030 targets, peak tracking with the what-if rate, the cities' table.
    func carbonPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let title = resources.t("carbon_title", lang)
        let tree = try await site.tree()
        let (grid, factors, growth) = try carbonOptions(p)
        let region = try p.region("region", in: tree) ?? provinceCode(tree)
        var ctx: [String: Any] = ["regionCode": region.rawValue,
                                  "grids": GridChoice.allCases.map { ["value": $0.rawValue, "name": lang == .zh ? $0.nameZh : $0.rawValue, "selected": $0 == grid] }]
        if let growth { ctx["growth"] = NumberText.shortest(growth) }
        ctx["mayImport"] = p.viewer.account.map { (try? Services.checkAccountingRole($0)) != nil } ?? false
        ctx["uploadKinds"] = AccountingUploadKind.allCases.map { ["kind": $0.rawValue] }
        let all: [CarbonAccount]
        do { all = try await services.carbonAccounts(region: nil, factors: factors, grid: grid) } catch let e as ServiceError {
            ctx["empty"] = true
            ctx["emptyReason"] = WebError.from(e).message
            return page("carbon", title: title, context: ctx, p: p, active: "/carbon", synthetic: false)
        }
        let years = Array(Set(all.map(\.year))).sorted()
        let year = try p.year(default: years.last ?? 2025)
        let regions = Array(Set(all.map(\.region))).sorted()
        ctx["year"] = year
        ctx["years"] = years.map { ["year": $0, "selected": $0 == year] }
        ctx["regions"] = regions.map { ["code": $0.rawValue, "name": tree[$0]?.name[lang] ?? $0.rawValue, "selected": $0 == region] }
        ctx["sets"] = try await services.factorSets().map { ["id": $0.id, "selected": $0.id == (factors ?? Services.builtinFactorSet)] }
        let mine = all.filter { $0.region == region }
        ctx["regionName"] = tree[region]?.name[lang] ?? region.rawValue
        guard let a = mine.first(where: { $0.year == year }) else {
            ctx["missing"] = true
            return page("carbon", title: title, context: ctx, p: p, active: "/carbon", synthetic: all.contains { $0.synthetic })
        }
        let wan = AccountingText.wanTonnes
        ctx["account"] = [
            "total": wan(a.totalCO2), "fossil": wan(a.fossilCO2), "electricity": wan(a.electricityCO2), "tce": wan(a.energyTce),
            "intensity": a.intensity.map { NumberText.fixed($0, decimals: 4) } ?? "—", "energyIntensity": a.energyIntensity.map { NumberText.fixed($0, decimals: 4) } ?? "—",
            "annual": AccountingText.percent(a.annualReduction, decimals: 2), "cumulative": AccountingText.percent(a.cumulativeReduction, decimals: 2),
            "gdp": a.gdpConstant.map { NumberText.fixed($0, decimals: 1) } ?? "—", "gdpChain": a.gdpChain ?? "",
            "grid": "\(lang == .zh ? a.grid.nameZh : a.grid.rawValue) \(a.gridFactor.map { "\($0) tCO2/MWh (\(a.gridFactorYear ?? year))" } ?? "—")",
            "factorSet": "\(a.factorSet) v\(a.factorSetVersion)", "kwh": a.netImportKWh.map(CarbonAccounting.text) ?? "—",
            "electricityFormula": a.netImportKWh.map { "\(CarbonAccounting.text($0)) kWh / 1000 × \(a.gridFactor.map(CarbonAccounting.text) ?? "?") tCO2/MWh = \(CarbonAccounting.text(a.electricityCO2 ?? 0)) tCO2" } ?? "",
            "problems": a.problems, "lines": Self.formula(AccountingText.carbonLines(a, name: tree[region]?.name[lang] ?? region.rawValue)),
        ] as [String: Any]
        let names = try await services.factorSet(factors)
        ctx["fuels"] = a.fuels.map { f -> [String: Any] in
            ["fuel": lang == .zh ? f.fuel : names.fuel(f.fuel)?.nameEn ?? f.fuel,
             "amount": CarbonAccounting.text(f.amount), "unit": f.unit, "factor": "\(CarbonAccounting.text(f.co2Factor)) tCO2/\(f.factorUnit)",
             "co2": wan(f.co2), "share": a.fossilCO2 > 0 ? AccountingText.percent(f.co2 / a.fossilCO2 * 100) : "—", "formula": f.formula,
             "feedstock": f.feedstock, "certainty": f.certainty]
        }
        var bySeg: [String: Double] = [:]
        for f in a.fuels where !f.feedstock { bySeg[f.fuel, default: 0] += f.co2 / 1e4 }
        let segs = bySeg.sorted { $0.value > $1.value }.enumerated().map { (i, kv) in (label: kv.key, value: kv.value, colour: AccountingCharts.palette[i % AccountingCharts.palette.count]) }
        ctx["fuelChart"] = AccountingCharts.bars(segs.map { AccountingCharts.Bar(label: $0.label, segments: [$0]) }, title: resources.t("carbon_by_fuel", lang), unit: "万tCO2", decimals: 1)
        // Intensity against the targets: I_2020 × (1 − T/100) for each milestone target of co2_intensity_reduction.
        let fw = try await services.framework(p.frameworkId)
        let points = mine.compactMap { x in x.intensity.map { (year: x.year, value: $0) } }
        var levels: [AccountingCharts.Level] = []
        if let base = mine.first(where: { $0.year == a.baseYear })?.intensity, let ind = fw.indicator("co2_intensity_reduction") {
            for (i, m) in Set(ind.targets.map(\.milestone)).sorted().enumerated() {
                guard case .threshold(let v)? = ind.target(for: region, milestone: m, in: tree)?.value else { continue }
                levels.append(.init(label: "\(m) \(resources.t("target", lang)) −\(NumberText.shortest(v))%", value: base * (1 - v / 100), colour: i == 0 ? "#d73027" : "#7b3294"))
            }
        }
        ctx["intensityChart"] = AccountingCharts.lines([.init(label: resources.t("carbon_intensity", lang), colour: "#2b6cb0", dash: nil, points: points)], levels: levels,
                                                       title: resources.t("carbon_intensity", lang), unit: "tCO2/万元", decimals: 4)
        let peak = PeakProjection.of(region: region, totals: Dictionary(mine.map { ($0.year, $0.totalCO2) }, uniquingKeysWith: { a, _ in a }), growth: growth)
        var series = [AccountingCharts.Series(label: resources.t("carbon_observed", lang), colour: "#2b6cb0", dash: nil, points: peak.observed.map { ($0.year, $0.value / 1e4) })]
        if let last = peak.observed.last {
            if !peak.trendPath.isEmpty { series.append(.init(label: resources.t("carbon_trend", lang), colour: "#9ecae1", dash: "8 4", points: [(last.year, last.value / 1e4)] + peak.trendPath.map { ($0.year, $0.value / 1e4) })) }
            if !peak.whatIfPath.isEmpty { series.append(.init(label: "\(resources.t("carbon_whatif", lang)) \(NumberText.shortest(growth ?? 0))%", colour: "#e66101", dash: "3 3", points: [(last.year, last.value / 1e4)] + peak.whatIfPath.map { ($0.year, $0.value / 1e4) })) }
        }
        ctx["peakChart"] = AccountingCharts.lines(series, levels: [], title: resources.t("carbon_peak", lang), unit: "万tCO2", decimals: 1)
        var peakCtx: [String: Any] = ["maxYear": peak.maxYear.map(String.init) ?? "—", "max": wan(peak.maxValue),
                       "slope": peak.levelSlope.map { wan($0) } ?? "—", "trendPeak": peak.trendPeakYear.map { "\($0) (\(wan(peak.trendPeakValue)) 万t)" } ?? resources.t("carbon_no_peak", lang),
                                      ]
        if growth != nil {
            peakCtx["whatIf"] = (peak.whatIfPeakYear.map { "\($0) (\(wan(peak.whatIfPeakValue)) 万t)" } ?? "—") + (peak.whatIfStillRising ? " · " + resources.t("carbon_still_rising", lang) : "")
        }
        ctx["peak"] = peakCtx
        ctx["cities"] = all.filter { $0.year == year && tree[$0.region]?.level != .province }.map { x -> [String: Any] in
            ["name": tree[x.region]?.name[lang] ?? x.region.rawValue, "href": p.link("/carbon", [("region", x.region.rawValue), ("year", String(year)), ("grid", grid.rawValue)]),
             "total": wan(x.totalCO2), "intensity": x.intensity.map { NumberText.fixed($0, decimals: 4) } ?? "—",
             "annual": AccountingText.percent(x.annualReduction, decimals: 2), "cumulative": AccountingText.percent(x.cumulativeReduction, decimals: 2),
             "energyIntensity": x.energyIntensity.map { NumberText.fixed($0, decimals: 4) } ?? "—"]
        }
        ctx["hasCities"] = !(ctx["cities"] as? [[String: Any]] ?? []).isEmpty
        ctx["json"] = "/api/v1/carbon/accounts?year=\(year)&region=\(region.rawValue)&grid=\(grid.rawValue)"
        return page("carbon", title: title, context: ctx, p: p, active: "/carbon", synthetic: all.contains { $0.synthetic })
    }
}
