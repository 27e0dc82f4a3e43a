public import EcoCore
import EcoKit
import Foundation

/// One row of an energy file (`region,year,fuel,amount,unit[,use]`): a fuel consumed in a region and year.
public struct EnergyRow: Sendable, Codable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// The fuel's name as the file wrote it (Chinese or English).
    public var fuel: String
    /// The amount, in `unit`.
    public var amount: Double
    /// An `AmountUnit` symbol.
    public var unit: String
    /// True when the row is feedstock (原料用能, non-energy use): in the energy total, not in CO₂.
    public var feedstock: Bool
    /// True for demo data.
    public var synthetic: Bool

    /// Creates a row.
    public init(region: RegionCode, year: Int, fuel: String, amount: Double, unit: String, feedstock: Bool = false, synthetic: Bool = false) {
        self.region = region; self.year = year; self.fuel = fuel; self.amount = amount; self.unit = unit; self.feedstock = feedstock
        self.synthetic = synthetic
    }
}

/// A region's electricity balance in a year (`region,year,net_import_kwh`): negative for a net exporter.
public struct ElectricityRow: Sendable, Codable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// Net imported electricity, kWh.
    public var netImportKWh: Double
    /// True for demo data.
    public var synthetic: Bool

    /// Creates a row.
    public init(region: RegionCode, year: Int, netImportKWh: Double, synthetic: Bool = false) {
        self.region = region; self.year = year; self.netImportKWh = netImportKWh; self.synthetic = synthetic
    }
}

/// A region's GDP in a year (`region,year,gdp_nominal,gdp_index`): nominal GDP in 亿元 (10⁸ yuan, as the statistical
/// yearbooks publish it) and 地区生产总值指数 (previous year = 100).
public struct GDPRow: Sendable, Codable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// Nominal GDP, 10⁸ yuan.
    public var nominal: Double
    /// The volume index, previous year = 100; nil for the base year.
    public var index: Double?
    /// True for demo data.
    public var synthetic: Bool

    /// Creates a row.
    public init(region: RegionCode, year: Int, nominal: Double, index: Double?, synthetic: Bool = false) {
        self.region = region; self.year = year; self.nominal = nominal; self.index = index; self.synthetic = synthetic
    }
}

/// One fuel of a carbon account, with its arithmetic.
public struct FuelLine: Sendable, Codable, Hashable {
    /// The fuel's name in the factor set.
    public var fuel: String
    /// The amount as given, and its unit.
    public var amount: Double
    /// The unit given.
    public var unit: String
    /// The amount in the factor's unit.
    public var amountInFactorUnit: Double
    /// The factor's unit.
    public var factorUnit: String
    /// tCO₂ per factor unit.
    public var co2Factor: Double
    /// The factor's certainty.
    public var certainty: String
    /// tCO₂ (0 for feedstock).
    public var co2: Double
    /// tce (feedstock included).
    public var tce: Double?
    /// True for feedstock (原料用能).
    public var feedstock: Bool
    /// The arithmetic, e.g. `1000 10^4 t = 10000000 t × 1.9003 tCO2/t = 19003000 tCO2`.
    public var formula: String
}

/// A region's CO₂ account for a year (issue #15 §2).
public struct CarbonAccount: Sendable, Codable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// The factor set and its version.
    public var factorSet: String
    /// Its version.
    public var factorSetVersion: Int
    /// The grid whose factor prices the electricity balance.
    public var grid: GridChoice
    /// That factor, tCO₂/MWh, and the year it was published for (nil when the set has none).
    public var gridFactor: Double?
    /// The factor's year.
    public var gridFactorYear: Int?
    /// One line per fuel row.
    public var fuels: [FuelLine]
    /// Σ fuel CO₂, t.
    public var fossilCO2: Double
    /// Net imported electricity, kWh (nil without an electricity row).
    public var netImportKWh: Double?
    /// kWh / 1000 × factor, t (negative for a net exporter).
    public var electricityCO2: Double?
    /// fossil + electricity, t.
    public var totalCO2: Double
    /// Σ fuel tce + electricity × its coefficient, t.
    public var energyTce: Double?
    /// Nominal GDP, 10⁸ yuan.
    public var gdpNominal: Double?
    /// GDP at constant prices of the base year, 10⁸ yuan.
    public var gdpConstant: Double?
    /// The chain, e.g. `17651.9 × 109.1/100 × 104.4/100`.
    public var gdpChain: String?
    /// tCO₂ per 10⁴ yuan of constant-price GDP.
    public var intensity: Double?
    /// (1 − I_t/I_{t−1}) × 100.
    public var annualReduction: Double?
    /// (1 − I_t/I_base) × 100 — the indicator 单位地区生产总值二氧化碳排放降低比例.
    public var cumulativeReduction: Double?
    /// tce per 10⁴ yuan of constant-price GDP.
    public var energyIntensity: Double?
    /// The base year of the constant prices and the cumulative reduction.
    public var baseYear: Int
    /// What could not be computed, one sentence each.
    public var problems: [String]
    /// True when an input row was synthetic.
    public var synthetic: Bool
}

/// The carbon accounts of `省级温室气体清单编制指南（试行）` (NDRC 2011) energy activity, the electricity adjustment and
/// the intensity indicator (gep-carbon.md §8).
public enum CarbonAccounting {
    /// The base year of 十四五 intensity targets.
    public static let baseYear = 2020

    /// A fuel row's amount in its factor's unit: by the units' scales when they measure the same thing; GJ through the
    /// NCV; tce through the standard-coal coefficient. The failure says why not.
    public static func amountInFactorUnit(_ amount: Double, unit: AmountUnit, factor: FuelFactor) -> Result<Double, AccountingProblem> {
        guard let fu = factor.amountUnit else { return .failure(AccountingProblem("\(factor.fuel): the factor's unit '\(factor.unit)' is not a known unit")) }
        if let v = unit.convert(amount, to: fu) { return .success(v) }
        if unit.dimension == .heat, let ncv = factor.ncv, ncv > 0, let gj = unit.convert(amount, to: .gigajoule) { return .success(gj / ncv) }
        if unit.dimension == .coal, let c = factor.tcePerUnit, c > 0, let tce = unit.convert(amount, to: .tce) { return .success(tce / c) }
        return .failure(AccountingProblem("\(factor.fuel) is counted per \(factor.unit); an amount in \(unit.symbol) cannot be converted to it"))
    }

    /// Every year's account of one region, ascending: CO₂ by fuel, the electricity adjustment, GDP at constant
    /// prices of `baseYear` (GDP_t = GDP_base × Π_{k=base+1..t} index_k/100), intensity and its reductions (annual
    /// against t−1, cumulative against the base year), energy in tce and its intensity.
    public static func accounts(region: RegionCode, energy: [EnergyRow], electricity: [ElectricityRow], gdp: [GDPRow], factors: FactorSet,
                                grid: GridChoice, baseYear: Int = baseYear) -> [CarbonAccount] {
        let e = Dictionary(grouping: energy.filter { $0.region == region }, by: \.year)
        let el = Dictionary(electricity.filter { $0.region == region }.map { ($0.year, $0) }, uniquingKeysWith: { _, b in b })
        let g = Dictionary(gdp.filter { $0.region == region }.map { ($0.year, $0) }, uniquingKeysWith: { _, b in b })
        var out: [CarbonAccount] = []
        for year in Set(e.keys).sorted() {
            let synthetic = (e[year] ?? []).contains(where: \.synthetic) || el[year]?.synthetic == true || g[year]?.synthetic == true
            var problems: [String] = []
            var lines: [FuelLine] = []
            for row in e[year] ?? [] {
                guard let f = factors.fuel(row.fuel) else { problems.append("fuel '\(row.fuel)' is not in factor set \(factors.id)"); continue }
                guard let u = AmountUnit.parse(row.unit) else { problems.append("\(row.fuel): unit '\(row.unit)' is not known"); continue }
                switch amountInFactorUnit(row.amount, unit: u, factor: f) {
                case .failure(let p): problems.append(p.message)
                case .success(let a):
                    let co2 = row.feedstock ? 0 : a * f.co2Factor
                    let arrow = u.symbol == f.unit ? "" : " = \(Self.text(a)) \(f.unit)"
                    let formula = row.feedstock
                        ? "\(Self.text(row.amount)) \(u.symbol) 原料用能: not in CO2"
                        : "\(Self.text(row.amount)) \(u.symbol)\(arrow) × \(Self.text(f.co2Factor)) tCO2/\(f.unit) = \(Self.text(co2)) tCO2"
                    lines.append(FuelLine(fuel: f.fuel, amount: row.amount, unit: u.symbol, amountInFactorUnit: a, factorUnit: f.unit,
                                          co2Factor: f.co2Factor, certainty: f.certainty, co2: co2, tce: f.tcePerUnit.map { a * $0 },
                                          feedstock: row.feedstock, formula: formula))
                }
            }
            let order = Dictionary(factors.fuels.enumerated().map { ($1.fuel, $0) }, uniquingKeysWith: { a, _ in a })
            lines.sort { (order[$0.fuel] ?? 0, $0.feedstock ? 1 : 0) < (order[$1.fuel] ?? 0, $1.feedstock ? 1 : 0) }
            let fossil = lines.reduce(0) { $0 + $1.co2 }
            let gf = factors.gridFactor(grid, year: year)
            let kwh = el[year]?.netImportKWh
            var elCO2: Double?
            if let kwh {
                if let gf { elCO2 = kwh / 1000 * gf.value } else { problems.append("factor set \(factors.id) has no \(grid.rawValue) electricity factor") }
            } else {
                problems.append("no electricity row for \(year): the account has no electricity adjustment")
            }
            var tce: Double? = lines.allSatisfy { $0.tce != nil } ? lines.reduce(0) { $0 + ($1.tce ?? 0) } : nil
            if let fossilTce = tce, let kwh { tce = fossilTce + kwh * (factors.electricityKgcePerKWh ?? 0) / 1000 }
            out.append(CarbonAccount(region: region, year: year, factorSet: factors.id, factorSetVersion: factors.version, grid: grid,
                                     gridFactor: gf?.value, gridFactorYear: gf?.year, fuels: lines, fossilCO2: fossil, netImportKWh: kwh,
                                     electricityCO2: elCO2, totalCO2: fossil + (elCO2 ?? 0), energyTce: tce, gdpNominal: g[year]?.nominal,
                                     gdpConstant: nil, gdpChain: nil, intensity: nil, annualReduction: nil, cumulativeReduction: nil,
                                     energyIntensity: nil, baseYear: baseYear, problems: problems, synthetic: synthetic))
        }
        // Constant prices: the chain from the base year's nominal GDP.
        for i in out.indices {
            let year = out[i].year
            guard let base = g[baseYear] else {
                out[i].problems.append("no GDP row for the base year \(baseYear): GDP at constant prices cannot be chained"); continue
            }
            var value = base.nominal, chain = Self.text(base.nominal), missing: Int?
            if year > baseYear {
                for k in (baseYear + 1)...year {
                    guard let idx = g[k]?.index else { missing = k; break }
                    value *= idx / 100
                    chain += " × \(Self.text(idx))/100"
                }
            } else if year < baseYear {
                out[i].problems.append("\(year) is before the base year \(baseYear)"); continue
            }
            if let missing { out[i].problems.append("no 地区生产总值指数 for \(missing): GDP at constant prices cannot be chained"); continue }
            out[i].gdpConstant = value
            out[i].gdpChain = chain
            // 10⁸ yuan = 10⁴ × 10⁴ yuan.
            out[i].intensity = out[i].totalCO2 / (value * 1e4)
            out[i].energyIntensity = out[i].energyTce.map { $0 / (value * 1e4) }
        }
        let byYear = Dictionary(out.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        for i in out.indices {
            guard let it = out[i].intensity else { continue }
            if let prev = byYear[out[i].year - 1]?.intensity, prev > 0 { out[i].annualReduction = (1 - it / prev) * 100 }
            if let base = byYear[baseYear]?.intensity, base > 0 { out[i].cumulativeReduction = (1 - it / base) * 100 }
            else if out[i].year != baseYear { out[i].problems.append("no account for the base year \(baseYear): no cumulative reduction") }
        }
        return out
    }

    /// A number as the formulas write it: up to 6 significant decimals, no exponent.
    public static func text(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        var s = abs(v) >= 1000 ? String(format: "%.2f", v) : String(format: "%.6g", v)
        if s.contains("e") { s = String(format: "%.8f", v) }
        if s.contains(".") { while s.hasSuffix("0") { s.removeLast() }; if s.hasSuffix(".") { s.removeLast() } }
        return s
    }
}

/// Why an accounting step could not be done, as one sentence.
public struct AccountingProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The sentence.
    public let message: String
    /// Creates a problem.
    public init(_ message: String) { self.message = message }
    /// The sentence.
    public var description: String { message }
}
