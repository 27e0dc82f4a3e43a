public import EcoAccounting
public import EcoCore
import EcoKit
public import Foundation

/// The accounting files (issue #15). Headers are fixed (scripts depend on them); any problem refuses the whole file,
/// each as `FILE:LINE:COLUMN: reason`.
///
/// - Factor set: `fuel,unit,co2_factor` (tCO₂ per unit) or `fuel,unit,ncv,ncv_unit,carbon_content,oxidation` — NCV
///   with its unit (`GJ/t`, `GJ/10^4 m3`, `MJ/kg`, `kJ/kg`, `TJ/Gg`, `kJ/m3`, …), carbon content in tC/TJ, oxidation
///   as a fraction (0.94); the CO₂ factor is then their product.
/// - Energy: `region,year,fuel,amount,unit[,use]` — use empty/`energy`/`燃料` or `feedstock`/`原料`/`原料用能`.
/// - Electricity: `region,year,net_import_kwh` (negative for a net exporter).
/// - GDP: `region,year,gdp_nominal,gdp_index` — 亿元 (10⁸ yuan) and previous year = 100 (empty for the base year).
/// - GEP: `region,year,account,item,quantity,unit,price,price_unit,value`.
/// - Protected areas: `id,name,type,level,designated,region,area_km2[,within]`.
public enum AccountingCSV {
    /// A refused file's problems.
    public typealias Read<T> = (value: T, problems: [FileProblem])

    static func opened(_ data: Data, file: String, _ required: [String], _ optional: [String] = []) -> Result<FixedTable, FileProblems> {
        FixedTable.open(data, file: file, required: required, optional: optional)
    }

    /// The two factor-file headers.
    public static let factorHeaders = (direct: ["fuel", "unit", "co2_factor"], product: ["fuel", "unit", "ncv", "ncv_unit", "carbon_content", "oxidation"])

    /// GJ per `unit` from an NCV written in `ncvUnit` (energy/amount), nil with the reason when they do not fit.
    public static func ncvInGJ(_ v: Double, ncvUnit: String, unit: AmountUnit) -> Result<Double, AccountingProblem> {
        let parts = ncvUnit.filter { !$0.isWhitespace }.split(separator: "/", maxSplits: 1).map(String.init)
        let energy: [String: Double] = ["kj": 1e-6, "mj": 1e-3, "gj": 1, "tj": 1e3]
        guard parts.count == 2, let e = energy[parts[0].lowercased()] else {
            return .failure(AccountingProblem("ncv_unit '\(ncvUnit.prefix(40))' is not energy/amount such as GJ/t, MJ/kg, kJ/kg, TJ/Gg or GJ/10^4 m3"))
        }
        let mass: [String: Double] = ["kg": 1e-3, "gg": 1e3]
        let denominator: AmountUnit? = mass[parts[1].lowercased()].map { AmountUnit(symbol: parts[1], dimension: .mass, scale: $0) } ?? AmountUnit.parse(parts[1])
        guard let d = denominator, d.dimension == unit.dimension else {
            return .failure(AccountingProblem("ncv_unit '\(ncvUnit.prefix(40))' is not per an amount of the fuel's unit \(unit.symbol)"))
        }
        return .success(v * e / d.scale * unit.scale)
    }

    /// Reads a user's factor set `id`.
    public static func readFactors(_ data: Data, file: String, id: String) -> Read<FactorSet?> {
        let all = factorHeaders.direct + factorHeaders.product.dropFirst(2)
        var t: FixedTable
        switch opened(data, file: file, ["fuel", "unit"], Array(all.dropFirst(2))) { case .success(let x): t = x; case .failure(let p): return (nil, p.list) }
        let direct = t.col["co2_factor"] != nil
        let product = factorHeaders.product.dropFirst(2).allSatisfy { t.col[$0] != nil }
        guard direct != product, direct ? t.col.count == 3 : t.col.count == 6 else {
            return (nil, [FileProblem(file: file, line: 1, column: 1, message: "the header must be exactly \(factorHeaders.direct.joined(separator: ",")) or \(factorHeaders.product.joined(separator: ","))")])
        }
        var fuels: [FuelFactor] = []
        var seen: [String: Int] = [:]
        t.rows { r in
            let before = r.problems.count
            let fuel = r.required("fuel", max: 60)
            let ut = r.text("unit")
            let unit = AmountUnit.parse(ut)
            if unit == nil { r.bad("unit", "unit '\(ut.prefix(40))' is not one of \(AmountUnit.accepted)") }
            if let first = seen[FuelFactor.key(fuel)] { r.bad("fuel", "fuel \(fuel) is listed twice (first on line \(first))") } else { seen[FuelFactor.key(fuel)] = r.line }
            if direct {
                let f = r.number("co2_factor", 0...1e7, unit: " tCO2 per unit")
                if f == 0 { r.bad("co2_factor", "co2_factor must be above 0") }
                if r.problems.count == before, let f, let unit {
                    fuels.append(FuelFactor(fuel: fuel, unit: unit.symbol, co2Factor: f, source: "\(file) (user)", certainty: "user"))
                }
            } else {
                let ncv = r.number("ncv", 0...1e7)
                let cc = r.number("carbon_content", 0...100, unit: " tC/TJ")
                if let cc, cc < 1 { r.bad("carbon_content", "carbon_content \(NumberText.shortest(cc)) looks like tC/GJ: write it in tC/TJ (× 1000, e.g. 26.37)") }
                let ox = r.number("oxidation", 0...1, unit: " (a fraction: 0.94, not 94)")
                var gj: Double?
                if let ncv, let unit {
                    switch ncvInGJ(ncv, ncvUnit: r.text("ncv_unit"), unit: unit) {
                    case .success(let v): gj = v
                    case .failure(let p): r.bad("ncv_unit", p.message)
                    }
                }
                if r.problems.count == before, let gj, let cc, let ox, let unit, gj > 0, ox > 0 {
                    fuels.append(FuelFactor(fuel: fuel, unit: unit.symbol, ncv: gj, carbonContent: cc, oxidation: ox,
                                            co2Factor: FuelFactor.product(ncv: gj, carbonContent: cc, oxidation: ox), source: "\(file) (user)", certainty: "user"))
                }
            }
        }
        if fuels.isEmpty && t.problems.isEmpty { t.problems.append(FileProblem(file: file, line: 2, column: 1, message: "the file has no fuel rows")) }
        guard t.problems.isEmpty else { return (nil, t.problems) }
        return (FactorSet(id: id, name: "\(id) (imported from \((file as NSString).lastPathComponent))", fuels: fuels, grid: [], electricityKgcePerKWh: nil,
                          source: file), [])
    }

    static let feedstockWords: Set<String> = ["feedstock", "原料", "原料用能", "non-energy", "非能源"]
    static let energyWords: Set<String> = ["", "energy", "燃料", "能源", "fuel"]

    /// Reads an energy file; `fuels` are the names any factor set knows.
    public static func readEnergy(_ data: Data, file: String, tree: RegionTree, knows: (String) -> Bool) -> Read<[EnergyRow]> {
        var t: FixedTable
        switch opened(data, file: file, ["region", "year", "fuel", "amount", "unit"], ["use", "synthetic"]) { case .success(let x): t = x; case .failure(let p): return ([], p.list) }
        var out: [EnergyRow] = []
        var seen: [String: Int] = [:]
        t.rows { r in
            let before = r.problems.count
            let region = r.region(tree: tree), year = r.year()
            let fuel = r.required("fuel", max: 60)
            if !fuel.isEmpty, !knows(fuel) { r.bad("fuel", "fuel '\(fuel.prefix(40))' is in no factor set (the 17 fuels of the energy balance: \(EnergyBalanceFuels.names.joined(separator: "、")))") }
            let amount = r.number("amount", 0...1e13)
            let ut = r.text("unit")
            let unit = AmountUnit.parse(ut)
            if unit == nil { r.bad("unit", "unit '\(ut.prefix(40))' is not one of \(AmountUnit.accepted)") }
            let use = r.text("use").lowercased()
            let feedstock = feedstockWords.contains(use)
            if !feedstock, !energyWords.contains(use) { r.bad("use", "use '\(use.prefix(40))' is not energy (empty, energy, 燃料) or feedstock (feedstock, 原料用能)") }
            if let region, let year {
                let key = "\(region.rawValue)/\(year)/\(FuelFactor.key(fuel))/\(feedstock)"
                if let first = seen[key] { r.bad("fuel", "\(fuel) of \(region.rawValue) in \(year) is listed twice (first on line \(first))") } else { seen[key] = r.line }
            }
            if r.problems.count == before, let region, let year, let amount, let unit {
                out.append(EnergyRow(region: region, year: year, fuel: fuel, amount: amount, unit: unit.symbol, feedstock: feedstock, synthetic: r.synthetic))
            }
        }
        return t.problems.isEmpty ? (out, []) : ([], t.problems)
    }

    /// Reads an electricity file.
    public static func readElectricity(_ data: Data, file: String, tree: RegionTree) -> Read<[ElectricityRow]> {
        var t: FixedTable
        switch opened(data, file: file, ["region", "year", "net_import_kwh"], ["synthetic"]) { case .success(let x): t = x; case .failure(let p): return ([], p.list) }
        var out: [ElectricityRow] = []
        var seen: [String: Int] = [:]
        t.rows { r in
            let before = r.problems.count
            let region = r.region(tree: tree), year = r.year()
            let kwh = r.number("net_import_kwh", -1e13...1e13, unit: " kWh")
            if let region, let year { once(&r, &seen, "\(region.rawValue)/\(year)", "region") }
            if r.problems.count == before, let region, let year, let kwh { out.append(ElectricityRow(region: region, year: year, netImportKWh: kwh, synthetic: r.synthetic)) }
        }
        return t.problems.isEmpty ? (out, []) : ([], t.problems)
    }

    static func once(_ r: inout FixedTable.Row, _ seen: inout [String: Int], _ key: String, _ column: String) {
        if let first = seen[key] { r.bad(column, "\(key) is listed twice (first on line \(first))") } else { seen[key] = r.line }
    }

    /// Reads a GDP file.
    public static func readGDP(_ data: Data, file: String, tree: RegionTree) -> Read<[GDPRow]> {
        var t: FixedTable
        switch opened(data, file: file, ["region", "year", "gdp_nominal", "gdp_index"], ["synthetic"]) { case .success(let x): t = x; case .failure(let p): return ([], p.list) }
        var out: [GDPRow] = []
        var seen: [String: Int] = [:]
        t.rows { r in
            let before = r.problems.count
            let region = r.region(tree: tree), year = r.year()
            let nominal = r.number("gdp_nominal", 0...1e7, unit: " 亿元")
            if nominal == 0 { r.bad("gdp_nominal", "gdp_nominal must be above 0 (亿元)") }
            let index = r.number("gdp_index", 50...200, unit: " (previous year = 100)", optional: true)
            if let region, let year { once(&r, &seen, "\(region.rawValue)/\(year)", "region") }
            if r.problems.count == before, let region, let year, let nominal { out.append(GDPRow(region: region, year: year, nominal: nominal, index: index, synthetic: r.synthetic)) }
        }
        return t.problems.isEmpty ? (out, []) : ([], t.problems)
    }
}
