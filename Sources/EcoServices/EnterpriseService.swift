public import EcoAccess
public import EcoCore
public import EcoEnterprise
import EcoIngest
import EcoDemo
import EcoKit
import EcoSources
import EcoStandards
import EcoStore
public import Foundation

/// The enterprise credit use cases (issue #17): schemes, penalty imports and the yearly rating of every registered
/// enterprise from its penalties and the sources domain's HJ 212 facts. Only province roles change credit data.
extension Services {
    /// The schemes in force: the built-in ones with the province's stored replacements by id.
    public func creditSchemes() async throws -> [CreditScheme] {
        var byId = Dictionary(uniqueKeysWithValues: try BuiltinData.creditSchemes().map { ($0.id, $0) })
        for r in try await store.enterpriseRecords(.scheme) { byId[r.id] = try r.decode(CreditScheme.self) }
        return byId.values.sorted { $0.id < $1.id }
    }

    /// The scheme of `id`, or the default for a year (the Shanxi pilot from 2023, the 2013 national method before).
    public func creditScheme(_ id: String?, year: Int) async throws -> CreditScheme {
        let all = try await creditSchemes()
        let wanted = id ?? (year >= 2023 ? "shanxi-2024-pilot" : "national-2013")
        guard let s = all.first(where: { $0.id == wanted }) else {
            throw ServiceError.invalid("there is no credit scheme '\(wanted.prefix(40))': one of " + all.map(\.id).joined(separator: ", "))
        }
        return s
    }

    /// The stored credit records (imported penalties and other facts).
    public func creditRecords() async throws -> [CreditRecord] {
        try await store.enterpriseRecords(.creditRecord).map { try $0.decode(CreditRecord.self) }
    }

    /// Imports penalty decisions (province roles): every row checked, all or nothing; a decision number already
    /// stored is replaced. Returns the number of decisions.
    public func importPenalties(_ data: Data, file: String, account: Account) async throws -> Int {
        try Self.checkProvinceRole(account, doing: "import penalty decisions")
        return try await storePenalties(data, file: file)
    }

    /// Reads a penalty file against the registry and stores it whole, or refuses it whole.
    func storePenalties(_ data: Data, file: String) async throws -> Int {
        let known = Set(try await store.sourceRegistry().enterprises.map(\.creditCode))
        let read = EnterpriseCSV.readPenalties(data, file: file) { known.contains($0) }
        guard read.problems.isEmpty else { throw FileRefused(problems: Array(read.problems.prefix(20)), count: read.problems.count) }
        try await store.saveEnterpriseRecords(try read.value.map { try .of(.creditRecord, id: "penalty/" + $0.reference, $0) }, expected: [:])
        return read.value.count
    }

    /// The facts the sources domain holds about an enterprise's year, as credit records: one per day with an
    /// exceedance alarm, one with the yearly effective transmission rate over the whole days its devices were in
    /// service (the scheme's rule decides whether it counts), one when no valid permit covers a day of the year
    /// in which it sent data.
    public func sourceCreditRecords(year: Int) async throws -> [CreditRecord] {
        let registry = try await store.sourceRegistry()
        var out: [CreditRecord] = []
        var days: [String: Set<CivilDay>] = [:]
        for a in try await store.sourceAlarms(activeOnly: false) where a.kind == .exceedance {
            var d = a.firstAt.civilDay
            while d <= a.lastAt.civilDay, d.index - a.firstAt.civilDay.index < 400 {
                if d.year == year { days[a.enterprise, default: []].insert(d) }
                d = d.adding(1)
            }
        }
        for (code, set) in days {
            for d in set.sorted() { out.append(CreditRecord(enterprise: code, input: .exceedanceDay, reference: "exceedance \(d)", day: d, text: "HJ 212 超标报警")) }
        }
        let policy = try Self.sourcesPolicy()
        let from = HJ212Time(day: CivilDay(year: year, month: 1, day: 1), seconds: 0), to = HJ212Time(day: CivilDay(year: year, month: 12, day: 31), seconds: 86_399)
        let readings = try await store.sourceReadings(kind: policy.rateKind, from: from, to: to)
        let index = SourceIndex(registry)
        let byDay = Dictionary(grouping: readings) { $0.time.civilDay }
        var perDay: [String: [CivilDay: (expected: Int, valid: Int)]] = [:], active: [String: (CivilDay, CivilDay)] = [:]
        for (day, rows) in byDay {
            for r in TransmissionRates.compute(date: day, readings: rows, index: index, policy: policy, level: .enterprise, parent: { _ in nil }) {
                perDay[r.id, default: [:]][day] = (r.expected, r.valid)
                let span = active[r.id] ?? (day, day)
                active[r.id] = (min(span.0, day), max(span.1, day))
            }
        }
        // The rate counts whole days only: not the first day with data (the devices came online during it), not
        // today (still running), and every day between them, with data or not.
        var expected: [String: Int] = [:], valid: [String: Int] = [:]
        for (code, span) in active {
            let perDayExpected = (policy.expectedPerDay[policy.rateKind.rawValue] ?? 24) * index.devices.values.filter { $0.enterprise == code }.count
            var d = span.0.adding(1)
            while d <= span.1, d < today {
                expected[code, default: 0] += perDay[code]?[d]?.expected ?? perDayExpected
                valid[code, default: 0] += perDay[code]?[d]?.valid ?? 0
                d = d.adding(1)
            }
        }
        for (code, e) in expected.sorted(by: { $0.key < $1.key }) where e > 0 {
            let rate = GBT8170Rounding.round(Double(valid[code] ?? 0) / Double(e) * 100, decimals: 2)
            let last = active[code]?.1 ?? CivilDay(year: year, month: 12, day: 31)
            out.append(CreditRecord(enterprise: code, input: .transmission, reference: "transmission \(year)", day: last,
                                    text: "有效传输率 \(NumberText.shortest(rate)) %", rate: rate))
        }
        for (code, span) in active.sorted(by: { $0.key < $1.key }) {
            let permits = registry.permits.filter { $0.enterprise == code }
            var d = span.0
            while d <= span.1 {
                if !permits.contains(where: { $0.validFrom <= d && d <= $0.validTo }) {
                    out.append(CreditRecord(enterprise: code, input: .permitInvalid, reference: "permit \(d)", day: d, text: "排污许可证未覆盖 \(d)"))
                    break
                }
                d = d.adding(1)
            }
        }
        return out
    }

    /// Rates every registered enterprise for `year` under a scheme (default: the year's), from the stored records
    /// and the sources domain's facts, in credit-code order.
    public func rateCredit(year: Int, scheme id: String? = nil) async throws -> [CreditRating] {
        guard (2000...2100).contains(year) else { throw ServiceError.invalid("year \(year) must be 2000 to 2100") }
        let scheme = try await creditScheme(id, year: year)
        let registry = try await store.sourceRegistry()
        let records = try await yearCreditRecords(year)
        let plans = try await validPlans(year: year)
        return registry.enterprises.sorted { $0.creditCode < $1.creditCode }.map { e in
            CreditRater.rate(enterprise: e.creditCode, name: e.name, year: year, records: records, hasValidPlan: plans[e.creditCode], scheme: scheme)
        }
    }

    /// Every credit record of a year: the stored ones, the sources domain's facts and the incidents.
    func yearCreditRecords(_ year: Int) async throws -> [CreditRecord] {
        try await creditRecords() + sourceCreditRecords(year: year) + incidentCreditRecords(year: year)
    }
}

extension Services {
    /// Loads synthetic penalty decisions for 2024–2025 of the registered enterprises and a risk registry at their
    /// outlets (through the import readers); returns the number of decisions. Nothing when there is no enterprise.
    @discardableResult
    public func loadCreditDemo(seed: UInt64) async throws -> Int {
        let registry = try await store.sourceRegistry()
        guard !registry.enterprises.isEmpty else { return 0 }
        let text = EnterpriseDemo.penalties(codes: registry.enterprises.map(\.creditCode).sorted(), years: 2024...2025, seed: seed)
        let n = try await storePenalties(Data(text.utf8), file: "penalties.csv")
        // The risk registry at the enterprises' first outlets.
        let sites = registry.enterprises.sorted { $0.creditCode < $1.creditCode }.compactMap { e -> (String, String, String, Double, Double)? in
            registry.outlets.first { $0.enterprise == e.creditCode }.map { (e.creditCode, e.name, e.region.rawValue, $0.lon, $0.lat) }
        }
        let files = EnterpriseDemo.risk(sites: sites, seed: seed)
        let tree = try await tree()
        let known = Set(registry.enterprises.map(\.creditCode))
        let s = EnterpriseCSV.readRiskSources(Data((files["risk-sources.csv"] ?? "").utf8), file: "risk-sources.csv", tree: tree) { known.contains($0) }
        let t = EnterpriseCSV.readTargets(Data((files["targets.csv"] ?? "").utf8), file: "targets.csv", tree: tree)
        let r = EnterpriseCSV.readResources(Data((files["resources.csv"] ?? "").utf8), file: "resources.csv", tree: tree)
        let p = EnterpriseCSV.readPlans(Data((files["plans.csv"] ?? "").utf8), file: "plans.csv") { known.contains($0) }
        let i = EnterpriseCSV.readIncidents(Data((files["incidents.csv"] ?? "").utf8), file: "incidents.csv", tree: tree) { known.contains($0) }
        let problems = s.problems + t.problems + r.problems + p.problems + i.problems
        guard problems.isEmpty else { throw FileRefused(problems: Array(problems.prefix(20)), count: problems.count) }
        try await store.saveEnterpriseRecords(try s.value.map { try .of(.riskSource, id: $0.id, $0) } + t.value.map { try .of(.target, id: $0.id, $0) }
                                              + r.value.map { try .of(.resource, id: $0.id, $0) } + p.value.map { try .of(.plan, id: $0.id, $0) }
                                              + i.value.map { try .of(.incident, id: $0.id, $0) }, expected: [:])
        return n
    }
}
