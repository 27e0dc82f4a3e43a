public import EcoAccounting
public import EcoCore
import EcoIngest
import EcoDemo
import EcoKit
public import EcoAccess
public import EcoStore
public import Foundation

extension Services {
    /// Imports a GEP file (all or nothing): each (region, year) in the file replaces what was stored.
    public func importGEP(_ data: Data, file: String) async throws -> Int {
        let r = AccountingCSV.readGEP(data, file: file, tree: try await tree(), catalogue: try BuiltinData.gepCatalogue())
        guard r.problems.isEmpty else { throw FileRefused(problems: Array(r.problems.prefix(1000)), count: r.problems.count) }
        guard !r.value.isEmpty else { throw ServiceError.invalid("\(file): the file has no rows") }
        try await store.replaceAccountingInputs(kind: .gep, documents: try AccountingDocument.of(r.value, region: \.region, year: \.year))
        return r.value.count
    }

    /// The years with GEP rows.
    public func gepYears() async throws -> [Int] { Set(try await store.accountingInputs(kind: .gep, year: nil).map(\.year)).sorted() }

    /// A region's GEP in a year (`ecoprov gep compute`): from its own rows, else the sum of its children's (county →
    /// city → province), each computed at its own level. The deflator rows of any region apply to all.
    public func computeGEP(region: RegionCode, year: Int, method: GEPMethod, include: Set<String> = [], exclude: Set<String> = []) async throws -> GEPResult {
        let tree = try await tree()
        guard tree[region] != nil else { throw ServiceError.invalid("region \(region.rawValue) is not a division code") }
        let rows: [GEPRow] = try await self.rows(.gep, GEPRow.self, year: year)
        guard !rows.isEmpty else { throw ServiceError.invalid("no GEP rows for \(year): import them with `ecoprov gep import FILE`") }
        let catalogue = try BuiltinData.gepCatalogue(), prices = try BuiltinData.gepPrices()
        // The user's index of every year, not only this one's (a price of 2010 needs 2011's to this year's).
        let deflator = GEPAccounting.userDeflator(try await self.rows(.gep, GEPRow.self).filter { $0.account == GEPAccounting.deflatorAccount })
        let gdp: [GDPRow] = try await self.rows(.gdp, GDPRow.self, year: year)
        let gdpBy = Dictionary(gdp.map { ($0.region, $0.nominal) }, uniquingKeysWith: { a, _ in a })
        let own = Set(rows.filter { $0.account != GEPAccounting.deflatorAccount }.map(\.region))
        // The region's own population (never an ancestor's, which `tree.attribute` would give).
        func population(_ c: RegionCode) -> Double? { tree[c]?.attributes["population"].flatMap(Double.init) }
        func result(_ c: RegionCode, depth: Int) -> GEPResult? {
            if own.contains(c) {
                return GEPAccounting.compute(region: c, year: year, rows: rows, catalogue: catalogue, prices: prices, method: method,
                                             include: include, exclude: exclude, gdpNominalE8: gdpBy[c], population: population(c), deflator: deflator)
            }
            guard depth < 3 else { return nil }
            let kids = tree.current(parent: c)
            let done = kids.compactMap { result($0.code, depth: depth + 1) }
            guard !done.isEmpty else { return nil }
            let missing = kids.map(\.code).filter { k in !done.contains { $0.region == k } }
            return GEPAccounting.rollUp(region: c, year: year, method: method, children: done, missing: missing, rows: rows,
                                        gdpNominalE8: gdpBy[c], population: population(c), catalogue: catalogue)
        }
        guard let r = result(region, depth: 0) else {
            throw ServiceError.invalid("no GEP rows for \(region.rawValue) or any region under it in \(year)")
        }
        return r
    }

    /// Imports a protected-area registry (all or nothing; upserted by id).
    public func importProtected(_ data: Data, file: String) async throws -> [ProtectedArea] {
        let r = AccountingCSV.readProtected(data, file: file, tree: try await tree())
        guard r.problems.isEmpty else { throw FileRefused(problems: Array(r.problems.prefix(1000)), count: r.problems.count) }
        guard !r.value.isEmpty else { throw ServiceError.invalid("\(file): the file has no rows") }
        let existing = Dictionary(try await store.protectedAreas().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // A re-import of the registry keeps the outlines already imported.
        try await store.upsertProtectedAreas(r.value.map { var p = $0; p.rings = existing[p.id]?.rings; return p })
        return r.value
    }

    /// Imports outlines from GeoJSON for registered areas; returns how many and those whose ellipsoid area differs
    /// from the designated area by more than 5 %.
    public func importProtectedOutlines(_ data: Data, file: String) async throws -> (count: Int, differences: [(area: ProtectedArea, measuredKm2: Double, difference: Double)]) {
        let all = try await store.protectedAreas()
        switch AccountingCSV.readOutlines(data, file: file, ids: Set(all.map(\.id))) {
        case .failure(let p): throw FileRefused(problems: [p], count: 1)
        case .success(let outlines):
            let updated = all.compactMap { p -> ProtectedArea? in outlines[p.id].map { var q = p; q.rings = $0; return q } }
            try await store.upsertProtectedAreas(updated)
            return (updated.count, ProtectedAreas.areaDifferences(updated))
        }
    }

    /// The land area of a region, km², and its origin: the `landArea` attribute, the built-in table (reconstructed),
    /// or its stored boundary measured on the ellipsoid.
    func landArea(_ code: RegionCode, tree: RegionTree, builtin: (areas: [String: Double], source: String, certainty: String),
                  boundaries: [RegionCode: RegionBoundary]) -> (Double, String)? {
        if let v = tree[code]?.attributes["landArea"].flatMap(Double.init), v > 0 { return (v, "landArea attribute") }
        if let v = builtin.areas[code.rawValue] { return (v, "built-in table, \(builtin.certainty)") }
        if let b = boundaries[code] { return (EllipsoidArea.area(b.rings), "boundary \(b.source), ellipsoid area") }
        return nil
    }

    /// The protected shares of a year (`ecoprov protected compute`): the province, every city, and every county with a
    /// land area; unless a dry run, fed into the framework's bound indicator.
    public func computeProtected(year: Int, framework id: String, dryRun: Bool) async throws -> ProtectedRun {
        let areas = try await store.protectedAreas()
        guard !areas.isEmpty else { throw ServiceError.invalid("no protected areas: import the registry with `ecoprov protected import FILE`") }
        let tree = try await tree()
        let builtin = try BuiltinData.landAreas()
        let boundaries = Dictionary(try await store.boundaries(level: nil).map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var shares: [ProtectedShare] = [], without: [RegionCode] = []
        for r in tree.current() {
            let land = landArea(r.code, tree: tree, builtin: builtin, boundaries: boundaries)
            guard let land else { if r.level != .county { without.append(r.code) }; continue }
            shares.append(ProtectedAreas.share(region: r.code, year: year, areas: areas, tree: tree, landKm2: land.0, landSource: land.1))
        }
        var run = ProtectedRun(shares: shares, withoutLand: without, written: nil)
        guard !dryRun else { return run }
        let fw = try await framework(id)
        let fed = AccountingFeed.observations(shares.filter { $0.areas > 0 || tree[$0.region]?.level != .county }, year: year, framework: fw)
        run.written = try await feed(fed, framework: fw, year: year, synthetic: areas.contains { $0.synthetic }, reason: "protected areas \(year)")
        return run
    }
}

extension Services {
    /// Loads the accounting demo (`AccountingDemo`, seed `seed`) through the same imports a user's files go through,
    /// then computes every year's carbon accounts and protected shares into the framework's indicators.
    public func loadAccountingDemo(seed: UInt64, framework id: String) async throws {
        let t = AccountingDemo.texts(seed: seed)
        func data(_ name: String) -> Data { Data((t[name] ?? "").utf8) }
        _ = try await importCarbon(data("energy.csv"), file: "demo/energy.csv", kind: .energy)
        _ = try await importCarbon(data("electricity.csv"), file: "demo/electricity.csv", kind: .electricity)
        _ = try await importCarbon(data("gdp.csv"), file: "demo/gdp.csv", kind: .gdp)
        _ = try await importGEP(data("gep.csv"), file: "demo/gep.csv")
        _ = try await importProtected(data("protected.csv"), file: "demo/protected.csv")
        _ = try await importProtectedOutlines(data("protected.geojson"), file: "demo/protected.geojson")
        for year in 2020...2025 {
            _ = try await computeCarbon(year: year, region: nil, factors: nil, grid: .provincial, framework: id, dryRun: false)
            _ = try await computeProtected(year: year, framework: id, dryRun: false)
        }
    }
}

/// What a web upload of accounting inputs may be.
public enum AccountingUploadKind: String, Sendable, CaseIterable {
    /// Energy, electricity and GDP rows.
    case energy, electricity, gdp
    /// GEP rows.
    case gep
    /// The protected-area registry, and its outlines (GeoJSON).
    case protected, outlines
    /// A user's factor set (`set` names it).
    case factors
}

extension Services {
    /// Who may change the accounting inputs: administrators and the province reviewer (the statistics are the
    /// province's).
    public static func checkAccountingRole(_ account: Account) throws {
        try checkProvinceRole(account, doing: "change the accounting inputs")
    }

    /// A web or API upload (all or nothing, like the CLI's imports); the sentence says what was imported.
    public func importAccounting(_ data: Data, file: String, kind: AccountingUploadKind, set: String?, account: Account) async throws -> String {
        try Self.checkAccountingRole(account)
        let file = AuditText.clean(file)
        switch kind {
        case .energy, .electricity, .gdp:
            return "\(try await importCarbon(data, file: file, kind: AccountingInputKind(rawValue: kind.rawValue) ?? .energy)) \(kind.rawValue) rows"
        case .gep: return "\(try await importGEP(data, file: file)) GEP rows"
        case .protected: return "\(try await importProtected(data, file: file).count) protected areas"
        case .outlines:
            let (n, diffs) = try await importProtectedOutlines(data, file: file)
            return "\(n) outlines" + (diffs.isEmpty ? "" : "; differ by more than 5 %: " + diffs.map { "\($0.area.id) \(NumberText.fixed($0.difference * 100, decimals: 1)) %" }.joined(separator: ", "))
        case .factors:
            let s = try await importFactorSet(data, file: file, id: set ?? "")
            return "factor set \(s.id) v\(s.version), \(s.fuels.count) fuels"
        }
    }
}
