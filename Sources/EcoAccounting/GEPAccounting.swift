public import EcoCore
import Foundation

/// One line of an account: what was multiplied by what.
public struct GEPLine: Sendable, Codable, Hashable {
    /// The item.
    public var item: String
    /// The physical quantity and unit.
    public var quantity: Double?
    /// Its unit.
    public var unit: String?
    /// The price used, its unit and where it came from (`input`, or the default's source and deflation).
    public var price: Double?
    /// `yuan/<unit>`.
    public var priceUnit: String?
    /// The price's origin.
    public var priceSource: String?
    /// yuan.
    public var value: Double
    /// The arithmetic.
    public var formula: String
}

/// One account's result.
public struct GEPAccountResult: Sendable, Codable, Hashable {
    /// The account.
    public var account: String
    /// Its English name.
    public var nameEn: String
    /// Its class.
    public var gepClass: GEPClass
    /// The physical quantity (when its lines share one unit) and unit.
    public var quantity: Double?
    /// Its unit.
    public var unit: String?
    /// yuan.
    public var value: Double
    /// % of GEP.
    public var share: Double?
    /// The lines.
    public var lines: [GEPLine]
    /// The account's formula.
    public var formula: String
    /// False when the chosen method family leaves it out (shown, not summed).
    public var included: Bool
    /// What could not be used, one sentence each.
    public var problems: [String]
}

/// A region's GEP in a year.
public struct GEPResult: Sendable, Codable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// The method family.
    public var method: GEPMethod
    /// The accounts (the catalogue's order; only those with input, or summed from children).
    public var accounts: [GEPAccountResult]
    /// Σ per class, yuan.
    public var byClass: [String: Double]
    /// GEP, yuan.
    public var gep: Double
    /// Nominal GDP, yuan.
    public var gdp: Double?
    /// GEP / GDP.
    public var gepPerGDP: Double?
    /// Population (persons), and GEP per person, yuan.
    public var population: Double?
    /// yuan per person.
    public var perCapita: Double?
    /// GEEP = GDP − pollution loss − ecological damage + regulating services, yuan.
    public var geep: Double?
    /// Its arithmetic.
    public var geepFormula: String?
    /// The pollution loss (PDC) and ecological damage (EDC) of GEEP, yuan (a roll-up sums its children's).
    public var pollutionLoss: Double?
    /// yuan.
    public var ecologicalDamage: Double?
    /// The children summed (empty when the region's own rows were used).
    public var children: [RegionCode]
    /// Children without data (a roll-up is then partial).
    public var missingChildren: [RegionCode]
    /// What could not be computed.
    public var problems: [String]
    /// True when an input row was synthetic.
    public var synthetic: Bool = false
}

/// GEP = EPV + ERV + ECV per account (gep-carbon.md §3), valued with the input's prices or the defaults deflated to
/// the accounting year; GEEP (王金南 et al. 2018, §5).
///
/// Roll-up (county → city → province): a region with rows of its own is computed from them; one without is the sum of
/// its children's accounts, each computed (caps included) at the child's level. The own rows of a region replace the
/// sum, never add to it, so nothing is counted twice; GB/T 46869-2025's deduction of products from outside the
/// region is not applied (no input carries the origin) and the roll-up says so.
public enum GEPAccounting {
    /// The account of deflator rows (`item` = `cpi`, quantity = index, previous year = 100).
    public static let deflatorAccount = "价格指数"
    /// The account of GEEP rows (items `gdp`, `pollution_loss`, `ecological_damage`, values in yuan).
    public static let geepAccount = "GEEP"
    /// The roll-up's statement about GB/T 46869-2025's deduction of products from outside the region.
    public static let outsideRegionNote = "GB/T 46869-2025 deducts products from outside the region; no input carries their origin, so nothing is deducted"
    /// The reservoirs' share of capacity counted as flood storage (Garzê 2010, after the MEE guide).
    public static let reservoirShare = 0.35

    /// m² per unit of an area unit, nil when it is not one.
    public static func squareMetres(_ unit: String?) -> Double? {
        switch unit?.lowercased() { case "m2", "m²": return 1; case "hm2", "hm²", "公顷": return 1e4; case "km2", "km²": return 1e6; default: return nil }
    }

    /// A content as a fraction: `%` divides by 100.
    static func fraction(_ r: GEPRow) -> Double? { r.quantity.map { r.unit == "%" ? $0 / 100 : $0 } }

    /// The user's price index by year from rows of account `价格指数`, item `cpi` (any region: one index for all). The
    /// rows of every year are needed, since deflating a price of year P to year Y uses each index from P + 1 to Y.
    public static func userDeflator(_ rows: [GEPRow]) -> [Int: Double] {
        var cpi: [Int: Double] = [:]
        for r in rows where r.account == deflatorAccount && r.item == "cpi" { if let q = r.quantity { cpi[r.year] = q } }
        return cpi
    }

    /// One region's accounts from its own rows; `deflator` is the user's index by year (nil: taken from `rows`).
    public static func compute(region: RegionCode, year: Int, rows: [GEPRow], catalogue: [GEPAccountSpec], prices: GEPPriceSet,
                               method: GEPMethod, include: Set<String> = [], exclude: Set<String> = [], gdpNominalE8: Double? = nil,
                               population: Double? = nil, deflator: [Int: Double]? = nil) -> GEPResult {
        let mine = rows.filter { $0.region == region && $0.year == year }
        let cpi = deflator ?? userDeflator(rows)
        var problems: [String] = []
        var results: [GEPAccountResult] = []
        for spec in catalogue {
            let list = mine.filter { $0.account == spec.id }
            guard !list.isEmpty || (spec.chain == .oxygen && mine.contains { $0.account == "固碳" }) else { continue }
            let included = (spec.methods.contains(method) || include.contains(spec.id)) && !exclude.contains(spec.id)
            var ctx = Chain(spec: spec, rows: list, prices: prices, year: year, cpi: cpi, all: mine)
            ctx.run()
            let units = Set(ctx.lines.compactMap(\.unit))
            let qty: Double? = ctx.quantity ?? (units.count == 1 ? ctx.lines.compactMap(\.quantity).reduce(0, +) : nil)
            results.append(GEPAccountResult(account: spec.id, nameEn: spec.nameEn, gepClass: spec.gepClass, quantity: qty,
                                            unit: ctx.quantityUnit ?? (units.count == 1 ? units.first : nil), value: ctx.lines.reduce(0) { $0 + $1.value },
                                            share: nil, lines: ctx.lines, formula: spec.formula, included: included, problems: ctx.problems))
        }
        let known = Set(catalogue.map(\.id) + [deflatorAccount, geepAccount])
        for a in Set(mine.map(\.account)).subtracting(known).sorted() { problems.append("account '\(a)' is not in the catalogue: its rows were not used") }
        return finish(region: region, year: year, method: method, accounts: results, rows: mine, gdpNominalE8: gdpNominalE8,
                      population: population, children: [], missing: [], problems: problems)
    }

    /// The sum of children's results, account by account.
    public static func rollUp(region: RegionCode, year: Int, method: GEPMethod, children: [GEPResult], missing: [RegionCode],
                              rows: [GEPRow], gdpNominalE8: Double?, population: Double?, catalogue: [GEPAccountSpec] = []) -> GEPResult {
        var order: [String] = []
        var sum: [String: GEPAccountResult] = [:]
        for c in children {
            for a in c.accounts {
                if var s = sum[a.account] {
                    s.value += a.value
                    if let q = s.quantity, let aq = a.quantity, s.unit == a.unit { s.quantity = q + aq } else { s.quantity = nil }
                    s.lines.append(GEPLine(item: c.region.rawValue, quantity: a.quantity, unit: a.unit, price: nil, priceUnit: nil, priceSource: nil,
                                           value: a.value, formula: "\(c.region.rawValue): \(CarbonAccounting.text(a.value / 1e8)) 亿元"))
                    sum[a.account] = s
                } else {
                    order.append(a.account)
                    var s = a
                    s.lines = [GEPLine(item: c.region.rawValue, quantity: a.quantity, unit: a.unit, price: nil, priceUnit: nil, priceSource: nil,
                                       value: a.value, formula: "\(c.region.rawValue): \(CarbonAccounting.text(a.value / 1e8)) 亿元")]
                    s.problems = []
                    s.formula = "Σ children (each computed at its own level)"
                    sum[a.account] = s
                }
            }
        }
        let rank = Dictionary(catalogue.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        order = order.enumerated().sorted { (rank[$0.element] ?? 1000 + $0.offset) < (rank[$1.element] ?? 1000 + $1.offset) }.map(\.element)
        var problems = [outsideRegionNote]
        if !missing.isEmpty { problems.append("partial: \(missing.count) children have no GEP input (\(missing.prefix(5).map(\.rawValue).joined(separator: ", ")))") }
        // GEEP of a roll-up: the children's losses summed when every child has both and none is missing.
        let losses: (Double, Double)? = missing.isEmpty && children.allSatisfy({ $0.pollutionLoss != nil && $0.ecologicalDamage != nil })
            ? (children.reduce(0) { $0 + ($1.pollutionLoss ?? 0) }, children.reduce(0) { $0 + ($1.ecologicalDamage ?? 0) }) : nil
        var r = finish(region: region, year: year, method: method, accounts: order.compactMap { sum[$0] }, rows: rows.filter { $0.region == region && $0.year == year },
                       gdpNominalE8: gdpNominalE8, population: population, children: children.map(\.region), missing: missing, problems: problems,
                       childLosses: losses)
        r.synthetic = r.synthetic || children.contains(where: \.synthetic)
        return r
    }

    static func finish(region: RegionCode, year: Int, method: GEPMethod, accounts: [GEPAccountResult], rows: [GEPRow], gdpNominalE8: Double?,
                       population: Double?, children: [RegionCode], missing: [RegionCode], problems: [String],
                       childLosses: (Double, Double)? = nil) -> GEPResult {
        var accounts = accounts
        var problems = problems
        var byClass: [String: Double] = [:]
        for a in accounts where a.included { byClass[a.gepClass.rawValue, default: 0] += a.value }
        let gep = byClass.values.reduce(0, +)
        for i in accounts.indices where accounts[i].included && gep > 0 { accounts[i].share = accounts[i].value / gep * 100 }
        let geepRows = rows.filter { $0.account == geepAccount }
        func geepValue(_ item: String) -> Double? { geepRows.first { $0.item == item }?.value }
        let gdp = geepValue("gdp") ?? gdpNominalE8.map { $0 * 1e8 }
        let pdc = geepValue("pollution_loss") ?? childLosses?.0, edc = geepValue("ecological_damage") ?? childLosses?.1
        var r = GEPResult(region: region, year: year, method: method, accounts: accounts, byClass: byClass, gep: gep, gdp: gdp,
                          gepPerGDP: gdp.flatMap { $0 > 0 ? gep / $0 : nil }, population: population,
                          perCapita: population.flatMap { $0 > 0 ? gep / $0 : nil }, geep: nil, geepFormula: nil,
                          children: children, missingChildren: missing, problems: problems, synthetic: rows.contains(where: \.synthetic))
        r.pollutionLoss = pdc
        r.ecologicalDamage = edc
        if let gdp, let pdc, let edc {
            let ers = byClass[GEPClass.regulating.rawValue] ?? 0
            r.geep = gdp - pdc - edc + ers
            let e8 = { (v: Double) in CarbonAccounting.text((v / 1e8 * 100).rounded() / 100) }
            r.geepFormula = "GEEP = GDP − PDC − EDC + ERS = \(e8(gdp)) − \(e8(pdc)) − \(e8(edc)) + \(e8(ers)) = \(e8(r.geep ?? 0)) 亿元"
        } else if !geepRows.isEmpty || (gdp != nil && children.isEmpty) || (!children.isEmpty && pdc == nil) {
            problems.append("GEEP needs GDP and the GEEP rows pollution_loss and ecological_damage (values in yuan)")
            r.problems = problems
        }
        return r
    }
}
