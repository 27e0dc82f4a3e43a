public import EcoAccounting
public import EcoCore
import EcoIngest
import EcoKit
public import EcoStore
public import Foundation

/// The outcome of `Services.computeCarbon`.
public struct CarbonRun: Sendable {
    /// The accounts of the year (every region, or the one asked for).
    public var accounts: [CarbonAccount]
    /// What the carbon feed wrote (nil for a dry run).
    public var written: WriteSummary?
}

/// The outcome of `Services.computeProtected`.
public struct ProtectedRun: Sendable {
    /// The shares of the province, the cities and every county with a land area.
    public var shares: [ProtectedShare]
    /// Regions without a land area (not fed).
    public var withoutLand: [RegionCode]
    /// What the feed wrote (nil for a dry run).
    public var written: WriteSummary?
}

extension Services {
    /// The id of the built-in factor set.
    public static let builtinFactorSet = "provincial-2011"

    /// The built-in set and the user's, built-in first.
    public func factorSets() async throws -> [FactorSet] { [try BuiltinData.factorSet()] + (try await store.factorSets()) }

    /// A factor set by id (nil: the built-in one). A user's set without electricity factors or a standard-coal
    /// coefficient for electricity borrows the built-in ones (stated in every output as the grid factor's source).
    public func factorSet(_ id: String?) async throws -> FactorSet {
        let builtin = try BuiltinData.factorSet()
        guard let id, id != builtin.id else { return builtin }
        guard var s = try await store.factorSets().first(where: { $0.id == id }) else {
            let known = try await factorSets().map(\.id).joined(separator: ", ")
            throw ServiceError.invalid("unknown factor set '\(id.prefix(40))' (known: \(known)); import one with `ecoprov carbon factors import FILE --set ID`")
        }
        if s.grid.isEmpty { s.grid = builtin.grid }
        if s.electricityKgcePerKWh == nil { s.electricityKgcePerKWh = builtin.electricityKgcePerKWh }
        return s
    }

    /// Imports a user's factor set (all or nothing); a re-import of an id bumps its version.
    public func importFactorSet(_ data: Data, file: String, id: String) async throws -> FactorSet {
        guard id.count <= 40, !id.isEmpty, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else {
            throw ServiceError.invalid("--set '\(id.prefix(40))' must be 1 to 40 letters, digits, '-' or '_'")
        }
        guard id != Self.builtinFactorSet else { throw ServiceError.invalid("--set \(id) is the built-in set's id: choose another") }
        let (read, problems) = AccountingCSV.readFactors(data, file: file, id: id)
        guard problems.isEmpty, var set = read else { throw FileRefused(problems: Array(problems.prefix(1000)), count: problems.count) }
        set.version = (try await store.factorSets().first { $0.id == id }?.version ?? 0) + 1
        try await store.saveFactorSet(set)
        return set
    }

    /// Imports a carbon input file of a kind (all or nothing): each (region, year) in the file replaces what was stored.
    public func importCarbon(_ data: Data, file: String, kind: AccountingInputKind) async throws -> Int {
        let tree = try await tree()
        let problems: [FileProblem], docs: [AccountingDocument], count: Int
        switch kind {
        case .energy:
            let sets = try await factorSets()
            let r = AccountingCSV.readEnergy(data, file: file, tree: tree) { name in sets.contains { $0.fuel(name) != nil } }
            (problems, count) = (r.problems, r.value.count)
            docs = try AccountingDocument.of(r.value, region: \.region, year: \.year)
        case .electricity:
            let r = AccountingCSV.readElectricity(data, file: file, tree: tree)
            (problems, count) = (r.problems, r.value.count)
            docs = try AccountingDocument.of(r.value, region: \.region, year: \.year)
        case .gdp:
            let r = AccountingCSV.readGDP(data, file: file, tree: tree)
            (problems, count) = (r.problems, r.value.count)
            docs = try AccountingDocument.of(r.value, region: \.region, year: \.year)
        case .gep:
            throw ServiceError.invalid("GEP rows are imported with `ecoprov gep import FILE`")
        }
        guard problems.isEmpty else { throw FileRefused(problems: Array(problems.prefix(1000)), count: problems.count) }
        guard count > 0 else { throw ServiceError.invalid("\(file): the file has no rows") }
        try await store.replaceAccountingInputs(kind: kind, documents: docs)
        return count
    }

    func rows<R: Decodable>(_ kind: AccountingInputKind, _ type: R.Type, year: Int? = nil) async throws -> [R] {
        try await store.accountingInputs(kind: kind, year: year).flatMap { try $0.decode(R.self) }
    }

    /// Every year's carbon account of the regions with energy rows (or of one region).
    public func carbonAccounts(region: RegionCode? = nil, factors id: String? = nil, grid: GridChoice = .provincial) async throws -> [CarbonAccount] {
        let energy: [EnergyRow] = try await rows(.energy, EnergyRow.self)
        guard !energy.isEmpty else { throw ServiceError.invalid("no energy rows: import them with `ecoprov carbon import FILE --kind energy`") }
        let electricity: [ElectricityRow] = try await rows(.electricity, ElectricityRow.self)
        let gdp: [GDPRow] = try await rows(.gdp, GDPRow.self)
        let set = try await factorSet(id)
        let regions = region.map { [$0] } ?? Set(energy.map(\.region)).sorted()
        return regions.flatMap { r in
            CarbonAccounting.accounts(region: r, energy: energy, electricity: electricity, gdp: gdp, factors: set, grid: grid)
        }
    }

    /// The year's accounts (`ecoprov carbon compute`); unless a dry run or a region is named, the carbon feed writes
    /// the framework's bound figures of the province and cities.
    public func computeCarbon(year: Int, region: RegionCode?, factors: String?, grid: GridChoice, framework id: String, dryRun: Bool) async throws -> CarbonRun {
        if let region, try await tree()[region] == nil { throw ServiceError.invalid("region \(region.rawValue) is not a division code") }
        let all = try await carbonAccounts(region: region, factors: factors, grid: grid)
        let accounts = all.filter { $0.year == year }
        guard !accounts.isEmpty else { throw ServiceError.invalid("no energy rows for \(year)" + (region.map { " of \($0.rawValue)" } ?? "")) }
        var run = CarbonRun(accounts: accounts, written: nil)
        guard !dryRun else { return run }
        let fw = try await framework(id)
        let tree = try await tree()
        let fed = AccountingFeed.observations(accounts, framework: fw).filter { o in
            tree[o.key.region].map { fw.indicator(o.key.indicator)?.levels.contains($0.level) ?? false } ?? false
        }
        run.written = try await feed(fed, framework: fw, year: year, synthetic: accounts.contains { $0.synthetic }, reason: "carbon accounts \(year)")
        return run
    }

    /// Peak tracking of a region's totals (`ecoprov carbon peak`).
    public func carbonPeak(region: RegionCode, growth: Double?, factors: String?, grid: GridChoice) async throws -> PeakProjection {
        if let g = growth, !(-50...50).contains(g) { throw ServiceError.invalid("--growth \(g) is outside −50 to 50 % per year") }
        let accounts = try await carbonAccounts(region: region, factors: factors, grid: grid)
        guard !accounts.isEmpty else { throw ServiceError.invalid("no energy rows for \(region.rawValue)") }
        return PeakProjection.of(region: region, totals: Dictionary(uniqueKeysWithValues: accounts.map { ($0.year, $0.totalCO2) }), growth: growth)
    }
}
