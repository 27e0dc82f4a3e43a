public import EcoAccounting
public import EcoCore
import EcoKit
public import Foundation

extension AccountingCSV {
    /// The GEP file's header (fixed).
    public static let gepHeader = ["region", "year", "account", "item", "quantity", "unit", "price", "price_unit", "value"]
    /// Quantity units a GEP row may carry (issue #15 §3).
    public static let gepUnits: Set<String> = ["m3", "t", "kWh", "m2", "hm2", "km2", "trips", "mm", "%", "t/m3", "m", "1", "km"]

    /// Reads a GEP file against the account catalogue.
    public static func readGEP(_ data: Data, file: String, tree: RegionTree, catalogue: [GEPAccountSpec]) -> Read<[GEPRow]> {
        var t: FixedTable
        switch opened(data, file: file, gepHeader, ["synthetic"]) { case .success(let x): t = x; case .failure(let p): return ([], p.list) }
        let accounts = Set(catalogue.map(\.id) + [GEPAccounting.deflatorAccount, GEPAccounting.geepAccount])
        var out: [GEPRow] = []
        var seen: [String: Int] = [:]
        t.rows { r in
            let before = r.problems.count
            let region = r.region(tree: tree), year = r.year()
            let account = r.required("account", max: 40)
            if !account.isEmpty, !accounts.contains(account) {
                r.bad("account", "account '\(account.prefix(40))' is not in the catalogue (\(catalogue.map(\.id).joined(separator: "、")), \(GEPAccounting.deflatorAccount), \(GEPAccounting.geepAccount))")
            }
            let item = r.required("item", max: 80)
            let quantity = r.number("quantity", 0...1e15, optional: true)
            let unit = r.text("unit")
            if !unit.isEmpty, !gepUnits.contains(unit) { r.bad("unit", "unit '\(unit.prefix(40))' is not one of \(gepUnits.sorted().joined(separator: ", "))") }
            if quantity != nil, unit.isEmpty, account != GEPAccounting.deflatorAccount { r.bad("unit", "a quantity needs its unit") }
            let price = r.number("price", 0...1e9, unit: " yuan per unit", optional: true)
            let priceUnit = r.text("price_unit")
            if !priceUnit.isEmpty, !priceUnit.hasPrefix("yuan/") { r.bad("price_unit", "price_unit '\(priceUnit.prefix(40))' is not yuan/<unit> (yuan/m3, yuan/t, …)") }
            if price != nil, priceUnit.isEmpty { r.bad("price_unit", "a price needs its price_unit (yuan/<unit>)") }
            if let price, price >= 0, quantity != nil, !unit.isEmpty, priceUnit != "yuan/\(unit)" {
                r.bad("price_unit", "price_unit '\(priceUnit.prefix(40))' does not match the quantity's unit: expected yuan/\(unit)")
            }
            let value = r.number("value", 0...1e15, unit: " yuan", optional: true)
            if quantity == nil, price == nil, value == nil { r.bad("quantity", "the row has no quantity, price or value") }
            if account == GEPAccounting.deflatorAccount, item == "cpi", let q = quantity, !(50...200).contains(q) {
                r.bad("quantity", "a price index (previous year = 100) from 50 to 200 was expected")
            }
            if let region, let year { once(&r, &seen, "\(region.rawValue)/\(year)/\(account)/\(item)", "item") }
            if r.problems.count == before, let region, let year {
                out.append(GEPRow(region: region, year: year, account: account, item: item, quantity: quantity, unit: unit.isEmpty ? nil : unit,
                                  price: price, priceUnit: priceUnit.isEmpty ? nil : priceUnit, value: value, line: r.line, synthetic: r.synthetic))
            }
        }
        return t.problems.isEmpty ? (out, []) : ([], t.problems)
    }

    /// The protected-area registry's columns.
    public static let protectedHeader = ["id", "name", "type", "level", "designated", "region", "area_km2"]

    static let typeAliases: [String: ProtectedType] = [
        "national-park": .nationalPark, "nature-reserve": .natureReserve, "nature-park": .naturePark, "red-line": .redLine,
    ]

    /// Reads a protected-area registry (`within` and `synthetic` optional).
    public static func readProtected(_ data: Data, file: String, tree: RegionTree) -> Read<[ProtectedArea]> {
        var t: FixedTable
        switch opened(data, file: file, protectedHeader, ["within", "synthetic"]) { case .success(let x): t = x; case .failure(let p): return ([], p.list) }
        var out: [ProtectedArea] = []
        var seen: [String: Int] = [:]
        t.rows { r in
            let before = r.problems.count
            let id = r.required("id", max: 40), name = r.required("name"), level = r.required("level", max: 20)
            let tt = r.text("type")
            let type = ProtectedType(rawValue: tt) ?? typeAliases[tt.lowercased()]
            if type == nil { r.bad("type", "type '\(tt.prefix(40))' is not 国家公园, 自然保护区, 自然公园 or 生态保护红线") }
            let d = r.text("designated")
            if CivilDay(d) == nil { r.bad("designated", "designated '\(d.prefix(40))' is not a date YYYY-MM-DD") }
            let region = r.region(tree: tree)
            let area = r.number("area_km2", 0...200_000, unit: " km²")
            if area == 0 { r.bad("area_km2", "area_km2 must be above 0") }
            once(&r, &seen, id, "id")
            let within = r.text("within")
            let synthetic = r.synthetic
            if r.problems.count == before, let type, let region, let area {
                out.append(ProtectedArea(id: id, name: name, type: type, level: level, designated: d, region: region, areaKm2: area,
                                         within: within.isEmpty ? nil : within, synthetic: synthetic))
            }
        }
        for p in out where p.within != nil && !out.contains(where: { $0.id == p.within }) {
            t.problems.append(FileProblem(file: file, line: 1, column: 1, message: "\(p.id): within '\(p.within ?? "")' is not an id of this file"))
        }
        return t.problems.isEmpty ? (out, []) : ([], t.problems)
    }

    /// Outlines from a GeoJSON FeatureCollection whose features carry the registry's `id` in their properties:
    /// id → rings (Polygon or MultiPolygon, holes kept for the even-odd rule), or the one problem that stops it.
    public static func readOutlines(_ data: Data, file: String, ids: Set<String>) -> Result<[String: [[GeoPoint]]], FileProblem> {
        func fail(_ m: String) -> Result<[String: [[GeoPoint]]], FileProblem> { .failure(FileProblem(file: file, line: 1, column: 1, message: m)) }
        guard let root = try? JSONSerialization.jsonObject(with: data), let doc = root as? [String: Any],
              let features = doc["features"] as? [[String: Any]] else { return fail("expected a GeoJSON FeatureCollection with a \"features\" array") }
        var out: [String: [[GeoPoint]]] = [:]
        for (n, f) in features.enumerated() {
            let props = f["properties"] as? [String: Any] ?? [:]
            guard let id = (props["id"] as? String) ?? (props["id"] as? NSNumber).map({ $0.stringValue }) else { return fail("feature \(n + 1) has no properties.id") }
            guard ids.contains(id) else { return fail("feature \(n + 1): id '\(id.prefix(40))' is not in the registry (import the registry first)") }
            guard let g = f["geometry"] as? [String: Any], let type = g["type"] as? String else { return fail("feature \(n + 1) (\(id)) has no geometry") }
            let polygons: [Any]
            switch type {
            case "Polygon": polygons = [g["coordinates"] as Any]
            case "MultiPolygon": polygons = g["coordinates"] as? [Any] ?? []
            default: return fail("feature \(n + 1) (\(id)): geometry \(type) is not a Polygon or MultiPolygon")
            }
            var rings: [[GeoPoint]] = []
            for polygon in polygons {
                for ring in polygon as? [[[Double]]] ?? [] {
                    let pts = ring.compactMap { $0.count >= 2 && (-180...180).contains($0[0]) && (-90...90).contains($0[1]) ? GeoPoint(lon: $0[0], lat: $0[1]) : nil }
                    guard pts.count == ring.count else { return fail("feature \(n + 1) (\(id)): a coordinate is not [lon, lat] within ±180, ±90") }
                    if pts.count >= 4 { rings.append(pts) }
                }
            }
            guard !rings.isEmpty else { return fail("feature \(n + 1) (\(id)): no ring with at least 4 points") }
            out[id, default: []] += rings
        }
        return .success(out)
    }
}
