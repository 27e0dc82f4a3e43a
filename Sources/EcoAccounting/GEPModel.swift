public import EcoCore
import Foundation

/// One row of a GEP input file (`region,year,account,item,quantity,unit,price,price_unit,value`): a quantity with an
/// optional price (quantity × price), a value from statistics (yuan), or a parameter of an account's chain.
public struct GEPRow: Sendable, Codable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// The account (its Chinese name, e.g. 土壤保持; or 价格指数 / GEEP for the deflator and GEEP rows).
    public var account: String
    /// The item (a product, a pollutant, or a fixed parameter name such as `soil_retained`).
    public var item: String
    /// The physical quantity.
    public var quantity: Double?
    /// Its unit.
    public var unit: String?
    /// A unit price, yuan per `unit`.
    public var price: Double?
    /// `yuan/<unit>`.
    public var priceUnit: String?
    /// A value in yuan (statistics).
    public var value: Double?
    /// The file line, for messages.
    public var line: Int?
    /// True for demo data.
    public var synthetic: Bool

    /// Creates a row.
    public init(region: RegionCode, year: Int, account: String, item: String, quantity: Double? = nil, unit: String? = nil,
                price: Double? = nil, priceUnit: String? = nil, value: Double? = nil, line: Int? = nil, synthetic: Bool = false) {
        self.region = region; self.year = year; self.account = account; self.item = item; self.quantity = quantity; self.unit = unit
        self.price = price; self.priceUnit = priceUnit; self.value = value; self.line = line; self.synthetic = synthetic
    }
}

/// The three classes of GEP = EPV + ERV + ECV.
public enum GEPClass: String, Sendable, Codable, CaseIterable {
    /// 物质产品.
    case provisioning
    /// 调节服务.
    case regulating
    /// 文化服务.
    case cultural

    /// The Chinese name.
    public var nameZh: String { self == .provisioning ? "物质产品" : self == .regulating ? "调节服务" : "文化服务" }
}

/// The method families whose account lists differ (gep-carbon.md §2, §9.1).
public enum GEPMethod: String, Sendable, Codable, CaseIterable {
    /// 《生态产品总值核算规范（试行）》发改基础〔2022〕481号.
    case ndrc2022 = "ndrc-2022"
    /// 《陆地生态系统生产总值(GEP)核算技术指南》(MEE 2020) and GB/T 46869-2025.
    case mee2020 = "mee-2020"
    /// A local specification: every account of the catalogue.
    case local
}

/// How an account's quantity and value are computed.
public enum GEPChain: String, Sendable, Codable {
    /// Σ rows: quantity × price, or a value.
    case generic
    /// Σ_T max(0, P − R − ET) × A × 10⁻³ m³ × reservoir cost.
    case waterConservation
    /// Sediment (λ × Q/ρ × dredging cost) + N and P (Q × content × price), Q given or by RUSLE.
    case soilRetention
    /// Q/(ρ·h) m² × sand-control cost.
    case sandFixation
    /// 0.35 × reservoir capacity + other storage, × reservoir cost.
    case floodRegulation
    /// Per pollutant min(capacity, emission) × price.
    case purification
    /// CO₂ fixed (or 44/12 × NEP) × carbon price.
    case carbon
    /// O₂ given, or 32/44 × the CO₂ fixed, × oxygen price.
    case oxygen
}

/// An account of the catalogue (`data/accounting/gep-accounts.json`, from gep_accounts.csv).
public struct GEPAccountSpec: Sendable, Codable, Hashable {
    /// Its Chinese name, the `account` of the input rows.
    public var id: String
    /// The English name.
    public var nameEn: String
    /// Its class.
    public var gepClass: GEPClass
    /// The physical quantity's unit.
    public var unit: String
    /// The valuation method in words.
    public var valuation: String
    /// How it is computed.
    public var chain: GEPChain
    /// The families that include it.
    public var methods: [GEPMethod]
    /// The formula as the source gives it.
    public var formula: String
    /// Where it comes from, and its certainty.
    public var source: String
    /// found or reconstructed.
    public var certainty: String
}

/// A default unit price: its value in the price year, whether it is deflated to the accounting year.
public struct GEPPrice: Sendable, Codable, Hashable {
    /// The account.
    public var account: String
    /// The item (`reservoir_cost`, `SO2`, …).
    public var item: String
    /// The value (a price in yuan per unit, or a dimensionless parameter).
    public var value: Double
    /// Its unit (`yuan/m3`, or `t/m3`, `m`, `1` for parameters).
    public var unit: String
    /// The year of its price level; nil for a parameter or a statutory rate (not deflated).
    public var priceYear: Int?
    /// Where it comes from.
    public var source: String
    /// found or reconstructed.
    public var certainty: String
}

/// The default prices and the deflator (a price index, previous year = 100) that brings them to the accounting year.
public struct GEPPriceSet: Sendable, Codable, Hashable {
    /// The set's id.
    public var id: String
    /// The prices and parameters.
    public var prices: [GEPPrice]
    /// The index by year, previous year = 100.
    public var deflator: [String: Double]
    /// The index's name (e.g. 全国居民消费价格指数 CPI) and source.
    public var deflatorSource: String
    /// Its certainty.
    public var deflatorCertainty: String

    /// A default for an account's item.
    public func price(_ account: String, _ item: String) -> GEPPrice? { prices.first { $0.account == account && $0.item == item } }

    /// Π_{k=from+1..to} index_k/100 (its inverse when `to` < `from`), with `override` years first; nil when a year's
    /// index is missing.
    public func deflatorFactor(from: Int, to: Int, override: [Int: Double] = [:]) -> Double? {
        guard from != to else { return 1 }
        let (lo, hi) = (min(from, to), max(from, to))
        var f = 1.0
        for k in (lo + 1)...hi {
            guard let idx = override[k] ?? deflator[String(k)], idx > 0 else { return nil }
            f *= idx / 100
        }
        return to > from ? f : 1 / f
    }
}
