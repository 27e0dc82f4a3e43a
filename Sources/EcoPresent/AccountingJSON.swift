public import EcoAccounting
public import EcoCore
public import EcoKit
import Foundation

/// A domain result with its region's name added (the same JSON from the CLI and `/api/v1/carbon|gep|protected/...`).
public struct NamedRegionJSON<Value: Encodable & Sendable>: Encodable, Sendable {
    /// The region's name in the request's language.
    public var name: String
    /// The result.
    public var value: Value

    enum Key: String, CodingKey { case name }

    /// Wraps a result.
    public init(_ value: Value, region: RegionCode, tree: RegionTree, lang: Language) {
        self.value = value
        self.name = tree[region]?.name[lang] ?? region.rawValue
    }

    /// The result's keys and `name`, in one object.
    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
    }
}

/// Formatting shared by the accounting outputs.
public enum AccountingText {
    /// tonnes as 10⁴ t with two decimals (`12,345.67 万t` style without grouping).
    public static func wanTonnes(_ t: Double?) -> String { t.map { NumberText.fixed($0 / 1e4, decimals: 2) } ?? "—" }
    /// yuan as 10⁸ yuan with two decimals.
    public static func yi(_ yuan: Double?) -> String { yuan.map { NumberText.fixed($0 / 1e8, decimals: 2) } ?? "—" }
    /// A percentage with the decimals given, GB/T 8170.
    public static func percent(_ v: Double?, decimals: Int = 1) -> String { v.map { NumberText.fixed(GBT8170Rounding.round($0, decimals: decimals), decimals: decimals) } ?? "—" }

    /// The lines of a carbon account as the CLI's table prints them (and the web shows under each figure).
    public static func carbonLines(_ a: CarbonAccount, name: String) -> [String] {
        var out = ["\(name) \(a.region.rawValue) · \(a.year) · factor set \(a.factorSet) v\(a.factorSetVersion) · grid \(a.grid.rawValue) (\(a.grid.nameZh))"
                   + (a.gridFactor.map { " \($0) tCO2/MWh (\(a.gridFactorYear ?? a.year))" } ?? " — no factor")]
        for f in a.fuels { out.append("  \(f.fuel): \(f.formula)" + (f.certainty == "user" ? "" : " [\(f.certainty.prefix(13))]")) }
        out.append("  energy CO2 = \(wanTonnes(a.fossilCO2)) 万tCO2")
        if let kwh = a.netImportKWh {
            out.append("  electricity: \(CarbonAccounting.text(kwh)) kWh / 1000 × \(a.gridFactor.map(CarbonAccounting.text) ?? "?") tCO2/MWh = \(wanTonnes(a.electricityCO2)) 万tCO2")
        }
        out.append("  total CO2 = \(wanTonnes(a.totalCO2)) 万tCO2")
        if let tce = a.energyTce { out.append("  energy = \(wanTonnes(tce)) 万tce" + (a.energyIntensity.map { ", \(NumberText.fixed($0, decimals: 4)) tce/万元" } ?? "")) }
        if let g = a.gdpConstant { out.append("  GDP at \(a.baseYear) prices = \(a.gdpChain ?? "") = \(NumberText.fixed(g, decimals: 1)) 亿元 (nominal \(a.gdpNominal.map { NumberText.fixed($0, decimals: 1) } ?? "—"))") }
        if let i = a.intensity { out.append("  intensity = \(wanTonnes(a.totalCO2)) 万t / \(NumberText.fixed((a.gdpConstant ?? 0), decimals: 1)) 亿元 = \(NumberText.fixed(i, decimals: 4)) tCO2/万元") }
        out.append("  reduction vs \(a.year - 1): \(percent(a.annualReduction, decimals: 2)) %; vs \(a.baseYear): \(percent(a.cumulativeReduction, decimals: 2)) %")
        for p in a.problems { out.append("  ! \(p)") }
        return out
    }

    /// The lines of a GEP result.
    public static func gepLines(_ r: GEPResult, name: String) -> [String] {
        var out = ["\(name) \(r.region.rawValue) · \(r.year) · method \(r.method.rawValue)" + (r.children.isEmpty ? "" : " · sum of \(r.children.count) children")]
        for a in r.accounts {
            let q = a.quantity.map { "\(CarbonAccounting.text($0)) \(a.unit ?? "")" } ?? "—"
            out.append("  \(a.gepClass.nameZh) \(a.account): \(q) → \(yi(a.value)) 亿元" + (a.share.map { " (\(percent($0)) %)" } ?? "") + (a.included ? "" : " — not in \(r.method.rawValue)"))
            for l in a.lines { out.append("      \(l.item): \(l.formula)" + (l.priceSource.map { $0 == "input" ? "" : " [\($0)]" } ?? "")) }
            for p in a.problems { out.append("      ! \(p)") }
        }
        for c in GEPClass.allCases { out.append("  \(c.nameZh) = \(yi(r.byClass[c.rawValue] ?? 0)) 亿元") }
        out.append("  GEP = \(yi(r.gep)) 亿元" + (r.gepPerGDP.map { "; GEP/GDP = \(NumberText.fixed($0, decimals: 2))" } ?? "")
                   + (r.perCapita.map { "; per capita \(NumberText.fixed($0 / 1e4, decimals: 2)) 万元" } ?? ""))
        if let f = r.geepFormula { out.append("  \(f)") }
        for p in r.problems { out.append("  ! \(p)") }
        return out
    }
}
