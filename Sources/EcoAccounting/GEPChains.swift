import Foundation

/// One account's computation over its rows (gep-carbon.md §3). Item names of the chains are fixed (issue #15 §3).
struct Chain {
    let spec: GEPAccountSpec
    let rows: [GEPRow]
    let prices: GEPPriceSet
    let year: Int
    let cpi: [Int: Double]
    /// Every row of the region and year (释氧 reads 固碳's CO₂).
    let all: [GEPRow]
    var lines: [GEPLine] = []
    var problems: [String] = []
    /// The account's physical quantity when the chain defines one.
    var quantity: Double?
    var quantityUnit: String?

    init(spec: GEPAccountSpec, rows: [GEPRow], prices: GEPPriceSet, year: Int, cpi: [Int: Double], all: [GEPRow]) {
        self.spec = spec; self.rows = rows; self.prices = prices; self.year = year; self.cpi = cpi; self.all = all
    }

    static let text = CarbonAccounting.text

    func row(_ item: String) -> GEPRow? { rows.first { $0.item == item } }

    /// A price: the row's `price`, else the default deflated from its price year to the accounting year.
    mutating func price(_ item: String, unit: String) -> (Double, String)? {
        if let r = row(item), let p = r.price {
            if let pu = r.priceUnit, !pu.isEmpty, pu.lowercased() != unit.lowercased() {
                problems.append("\(item): price_unit '\(pu)' is not \(unit)"); return nil
            }
            return (p, "input")
        }
        guard let d = prices.price(spec.id, item) ?? prices.price(spec.id, "*") else { problems.append("\(item): no price in the input and no default"); return nil }
        guard d.unit.lowercased() == unit.lowercased() else { problems.append("\(item): the default price is in \(d.unit), not \(unit)"); return nil }
        guard let py = d.priceYear else { return (d.value, "default (\(d.certainty)): \(d.source)") }
        guard let f = prices.deflatorFactor(from: py, to: year, override: cpi) else {
            problems.append("\(item): no price index for a year between \(py) and \(year): the \(py) default cannot be deflated"); return nil
        }
        return (d.value * f, "default \(Self.text(d.value)) \(d.unit) (\(py) prices, \(d.certainty)) × \(Self.text(f)) deflator: \(d.source)")
    }

    /// A parameter: the row's quantity (a content with unit `%` divided by 100), else the default.
    mutating func parameter(_ item: String) -> Double? {
        if let r = row(item) { return Chain.fraction(r) }
        if let d = prices.price(spec.id, item) { return d.value }
        problems.append("\(item): not given and no default"); return nil
    }

    static func fraction(_ r: GEPRow) -> Double? { GEPAccounting.fraction(r) }

    mutating func add(_ item: String, _ q: Double?, _ unit: String?, _ p: (Double, String)?, _ priceUnit: String?, value: Double, formula: String) {
        lines.append(GEPLine(item: item, quantity: q, unit: unit, price: p?.0, priceUnit: priceUnit, priceSource: p?.1, value: value, formula: formula))
    }

    /// quantity × price for one row, or its value.
    mutating func generic(_ r: GEPRow) {
        if let v = r.value {
            add(r.item, r.quantity, r.unit, nil, nil, value: v, formula: "\(Self.text(v)) 元 (statistics)")
            return
        }
        guard let q = r.quantity, let u = r.unit, !u.isEmpty else { problems.append("\(r.item): needs a quantity with its unit, or a value"); return }
        guard let p = price(r.item, unit: "yuan/\(u)") else { return }
        add(r.item, q, u, p, "yuan/\(u)", value: q * p.0, formula: "\(Self.text(q)) \(u) × \(Self.text(p.0)) yuan/\(u) = \(Self.text(q * p.0)) 元")
    }

    mutating func run() {
        switch spec.chain {
        case .generic: for r in rows { generic(r) }
        case .waterConservation: waterConservation()
        case .soilRetention: soilRetention()
        case .sandFixation: sandFixation()
        case .floodRegulation: floodRegulation()
        case .purification: purification()
        case .carbon: carbon()
        case .oxygen: oxygen()
        }
    }

    /// Ecosystem types of `prefix:TYPE` rows.
    func types(_ prefix: String) -> [String] {
        Array(Set(rows.compactMap { r -> String? in r.item.hasPrefix(prefix + ":") ? String(r.item.dropFirst(prefix.count + 1)) : nil })).sorted()
    }

    /// Q_wr = Σ_T (P − R − ET) × A × 10⁻³ (m³, P R ET in mm, A in m²; a type with P − R − ET < 0 counts 0), or
    /// `water_conserved` (m³); × `reservoir_cost` (yuan/m3).
    mutating func waterConservation() {
        var q = row("water_conserved")?.quantity
        var parts: [String] = []
        if q == nil {
            var sum = 0.0
            for t in types("area") {
                guard let p = row("precipitation:\(t)")?.quantity, let r = row("storm_runoff:\(t)")?.quantity,
                      let et = row("evapotranspiration:\(t)")?.quantity, let a = row("area:\(t)"), let av = a.quantity,
                      let m2 = GEPAccounting.squareMetres(a.unit) else {
                    problems.append("\(t): needs precipitation, storm_runoff, evapotranspiration (mm) and area (m2, hm2 or km2)"); continue
                }
                let v = max(0, p - r - et) * av * m2 * 1e-3
                sum += v
                parts.append("\(t): (\(Self.text(p)) − \(Self.text(r)) − \(Self.text(et))) mm × \(Self.text(av)) \(a.unit ?? "") × 10⁻³ = \(Self.text(v)) m3")
            }
            if !parts.isEmpty { q = sum }
        }
        guard let q else { problems.append("water conservation needs water_conserved (m3) or the table by ecosystem type"); return }
        quantity = q; quantityUnit = "m3"
        guard let p = price("reservoir_cost", unit: "yuan/m3") else { return }
        add("water_conserved", q, "m3", p, "yuan/m3", value: q * p.0,
            formula: (parts.isEmpty ? "" : parts.joined(separator: "; ") + "; ") + "\(Self.text(q)) m3 × \(Self.text(p.0)) yuan/m3 = \(Self.text(q * p.0)) 元")
    }

    /// Q_sr given (`soil_retained`, t) or Σ_T R·K·LS·(1 − C·P)·A (A in hm²); sediment λ × Q/ρ × dredging cost; N and P
    /// Q × content × price (Garzê 2010, eq. of 减少泥沙淤积 and 减少面源污染).
    mutating func soilRetention() {
        var q = row("soil_retained")?.quantity
        var parts: [String] = []
        if q == nil {
            var sum = 0.0
            for t in types("area") {
                guard let r = row("rusle_r:\(t)")?.quantity, let k = row("rusle_k:\(t)")?.quantity, let ls = row("rusle_ls:\(t)")?.quantity,
                      let c = row("rusle_c:\(t)")?.quantity, let pf = row("rusle_p:\(t)")?.quantity, let a = row("area:\(t)"),
                      let av = a.quantity, let m2 = GEPAccounting.squareMetres(a.unit) else {
                    problems.append("\(t): needs rusle_r, rusle_k, rusle_ls, rusle_c, rusle_p and area"); continue
                }
                let hm2 = av * m2 / 1e4
                let v = r * k * ls * (1 - c * pf) * hm2
                sum += v
                parts.append("\(t): \(Self.text(r)) × \(Self.text(k)) × \(Self.text(ls)) × (1 − \(Self.text(c)) × \(Self.text(pf))) × \(Self.text(hm2)) hm2 = \(Self.text(v)) t")
            }
            if !parts.isEmpty { q = sum }
        }
        guard let q else { problems.append("soil retention needs soil_retained (t) or the RUSLE table by ecosystem type"); return }
        quantity = q; quantityUnit = "t"
        let lead = parts.isEmpty ? "" : parts.joined(separator: "; ") + "; "
        if let lambda = parameter("silt_coefficient"), let rho = parameter("soil_bulk_density"), rho > 0, let c = price("dredging_cost", unit: "yuan/m3") {
            let silt = lambda * q / rho
            add("sediment", silt, "m3", c, "yuan/m3", value: silt * c.0,
                formula: lead + "\(Self.text(lambda)) × \(Self.text(q)) t / \(Self.text(rho)) t/m3 = \(Self.text(silt)) m3 × \(Self.text(c.0)) yuan/m3 = \(Self.text(silt * c.0)) 元")
        }
        for (content, priceItem, name) in [("soil_n_content", "n_price", "N"), ("soil_p_content", "p_price", "P")] {
            guard let frac = parameter(content), let p = price(priceItem, unit: "yuan/t") else { continue }
            let t = q * frac
            add(name, t, "t", p, "yuan/t", value: t * p.0,
                formula: "\(Self.text(q)) t × \(Self.text(frac)) = \(Self.text(t)) t \(name) × \(Self.text(p.0)) yuan/t = \(Self.text(t * p.0)) 元")
        }
    }

    /// Area = Q_sf / (ρ·h) m², × sand-control cost per m² (Garzê 2010).
    mutating func sandFixation() {
        guard let q = row("sand_fixed")?.quantity else { problems.append("sand fixation needs sand_fixed (t)"); return }
        quantity = q; quantityUnit = "t"
        guard let rho = parameter("sand_bulk_density"), let h = parameter("burial_depth"), rho > 0, h > 0,
              let c = price("sand_control_cost", unit: "yuan/m2") else { return }
        let area = q / (rho * h)
        add("sand_fixed", area, "m2", c, "yuan/m2", value: area * c.0,
            formula: "\(Self.text(q)) t / (\(Self.text(rho)) t/m3 × \(Self.text(h)) m) = \(Self.text(area)) m2 × \(Self.text(c.0)) yuan/m2 = \(Self.text(area * c.0)) 元")
    }

    /// C_fm = 0.35 × reservoir capacity + vegetation, lake and marsh storage (m³), × reservoir cost.
    mutating func floodRegulation() {
        var q = 0.0, parts: [String] = []
        if let cap = row("reservoir_capacity")?.quantity {
            q += GEPAccounting.reservoirShare * cap
            parts.append("\(Self.text(GEPAccounting.reservoirShare)) × \(Self.text(cap)) m3")
        }
        for item in ["vegetation_storage", "lake_storage", "marsh_storage"] {
            if let v = row(item)?.quantity { q += v; parts.append("\(Self.text(v)) m3 (\(item))") }
        }
        guard !parts.isEmpty else { problems.append("flood regulation needs reservoir_capacity or vegetation/lake/marsh storage (m3)"); return }
        quantity = q; quantityUnit = "m3"
        guard let p = price("reservoir_cost", unit: "yuan/m3") else { return }
        add("storage", q, "m3", p, "yuan/m3", value: q * p.0,
            formula: parts.joined(separator: " + ") + " = \(Self.text(q)) m3 × \(Self.text(p.0)) yuan/m3 = \(Self.text(q * p.0)) 元")
    }

    /// Per pollutant: min(capacity, `emission:X`) t × price; a pollutant without its emission is not counted.
    mutating func purification() {
        for r in rows where !r.item.hasPrefix("emission:") {
            if r.value != nil { generic(r); continue }
            guard let cap = r.quantity else { problems.append("\(r.item): needs the purification capacity (t)"); continue }
            guard let e = row("emission:\(r.item)")?.quantity else {
                problems.append("\(r.item): no emission:\(r.item) row — a purification service is capped at the actual emission, so it is not counted"); continue
            }
            let used = min(cap, e)
            guard let p = price(r.item, unit: "yuan/t") else { continue }
            add(r.item, used, "t", p, "yuan/t", value: used * p.0,
                formula: "min(\(Self.text(cap)), \(Self.text(e))) t × \(Self.text(p.0)) yuan/t = \(Self.text(used * p.0)) 元")
        }
    }

    /// CO₂ fixed (t), or 44/12 × NEP (t C); × carbon price (yuan/t CO₂).
    mutating func carbon() {
        var q = row("co2_fixed")?.quantity, part = ""
        if q == nil, let nep = row("nep")?.quantity { q = nep * 44 / 12; part = "44/12 × \(Self.text(nep)) t C = " }
        guard let q else { problems.append("carbon sequestration needs co2_fixed (t) or nep (t C)"); return }
        quantity = q; quantityUnit = "t"
        guard let p = price("carbon_price", unit: "yuan/t") else { return }
        add("co2_fixed", q, "t", p, "yuan/t", value: q * p.0, formula: part + "\(Self.text(q)) t CO2 × \(Self.text(p.0)) yuan/t = \(Self.text(q * p.0)) 元")
    }

    /// O₂ given (`o2_released`, t), else 32/44 × the CO₂ fixed of 固碳 (the stoichiometric basis, the same as the
    /// CO₂'s, gep-carbon.md §3); × oxygen price.
    mutating func oxygen() {
        var q = row("o2_released")?.quantity, part = ""
        if q == nil {
            let c = all.first { $0.account == "固碳" && $0.item == "co2_fixed" }?.quantity
                ?? all.first { $0.account == "固碳" && $0.item == "nep" }?.quantity.map { $0 * 44 / 12 }
            if let c { q = c * 32 / 44; part = "32/44 × \(Self.text(c)) t CO2 = " }
        }
        guard let q else { problems.append("oxygen release needs o2_released (t) or 固碳's co2_fixed"); return }
        quantity = q; quantityUnit = "t"
        guard let p = price("oxygen_price", unit: "yuan/t") else { return }
        add("o2_released", q, "t", p, "yuan/t", value: q * p.0, formula: part + "\(Self.text(q)) t O2 × \(Self.text(p.0)) yuan/t = \(Self.text(q * p.0)) 元")
    }
}
