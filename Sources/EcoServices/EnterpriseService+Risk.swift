public import EcoAccess
public import EcoCore
public import EcoEnterprise
import EcoIngest
import EcoKit
import EcoStore
public import Foundation

/// The registry kinds `ecoprov risk import --kind` reads.
public enum RiskImportKind: String, Sendable, CaseIterable {
    /// Risk sources.
    case sources
    /// Sensitive targets.
    case targets
    /// Emergency resources.
    case resources
    /// Emergency plans on file.
    case plans
    /// Environmental incidents.
    case incidents
}

/// Risk sources, sensitive targets and emergency resources (issue #17 §3–4): imports by province roles, the HJ 941
/// classification, and the decision-support query around a point.
extension Services {
    /// The HJ 941 rules in force (built in).
    public func riskRules() throws -> RiskRules { try BuiltinData.riskRules() }

    /// Stored risk sources.
    public func riskSources() async throws -> [RiskSource] { try await store.enterpriseRecords(.riskSource).map { try $0.decode(RiskSource.self) } }
    /// Stored sensitive targets.
    public func sensitiveTargets() async throws -> [SensitiveTarget] { try await store.enterpriseRecords(.target).map { try $0.decode(SensitiveTarget.self) } }
    /// Stored emergency resources.
    public func emergencyResources() async throws -> [EmergencyResource] { try await store.enterpriseRecords(.resource).map { try $0.decode(EmergencyResource.self) } }

    /// Stored emergency plans.
    public func emergencyPlans() async throws -> [EmergencyPlan] { try await store.enterpriseRecords(.plan).map { try $0.decode(EmergencyPlan.self) } }
    /// Stored incidents.
    public func incidents() async throws -> [Incident] { try await store.enterpriseRecords(.incident).map { try $0.decode(Incident.self) } }

    /// Days before expiry at which a plan is flagged (a proposal: plans are revised at least every three years, and
    /// 90 days leave time for the revision and its 备案).
    public static let planWarningDays = 90

    /// Every plan's expiry status today, most urgent first.
    public func planExpiries(warningDays: Int = Services.planWarningDays) async throws -> [PlanExpiry] {
        guard (0...3650).contains(warningDays) else { throw ServiceError.invalid("the warning days must be 0 to 3650") }
        return PlanWatch.expiries(try await emergencyPlans(), on: today, warningDays: warningDays)
    }

    /// Whether each enterprise that must have an emergency plan — one with a risk source or a plan on file — had one
    /// in force on the year's last day. An enterprise in neither list is absent (the weighted scheme leaves its row
    /// out rather than scoring a plan it was never asked for).
    public func validPlans(year: Int) async throws -> [String: Bool] {
        let end = CivilDay(year: year, month: 12, day: 31)
        var out: [String: Bool] = [:]
        for s in try await riskSources() { out[s.enterprise] = out[s.enterprise] ?? false }
        for p in try await emergencyPlans() { out[p.enterprise] = (out[p.enterprise] ?? false) || p.valid(on: end) }
        return out
    }

    /// The incidents linked to an enterprise, as credit records (a 一般 emergency lowers one grade; the reference
    /// did not confirm the heavier levels as one-vote items, so every level is counted as an emergency here).
    public func incidentCreditRecords(year: Int) async throws -> [CreditRecord] {
        try await incidents().compactMap { i in
            guard let e = i.enterprise, i.day.year == year else { return nil }
            return CreditRecord(enterprise: e, input: .incident, reference: "incident \(i.id)", day: i.day, text: "\(i.level.label.zh)突发环境事件: \(i.kind)")
        }
    }

    /// Imports one registry file (province roles), all or nothing; rows replace stored ones by id. Returns the count.
    public func importRisk(_ data: Data, file: String, kind: RiskImportKind, account: Account) async throws -> Int {
        try Self.checkProvinceRole(account, doing: "import the risk registry")
        let tree = try await tree()
        func refused(_ p: [FileProblem]) -> FileRefused { FileRefused(problems: Array(p.prefix(20)), count: p.count) }
        let records: [EnterpriseRecord]
        switch kind {
        case .sources:
            let known = Set(try await store.sourceRegistry().enterprises.map(\.creditCode))
            let read = EnterpriseCSV.readRiskSources(data, file: file, tree: tree) { known.contains($0) }
            guard read.problems.isEmpty else { throw refused(read.problems) }
            records = try read.value.map { try .of(.riskSource, id: $0.id, $0) }
        case .targets:
            let read = EnterpriseCSV.readTargets(data, file: file, tree: tree)
            guard read.problems.isEmpty else { throw refused(read.problems) }
            records = try read.value.map { try .of(.target, id: $0.id, $0) }
        case .resources:
            let read = EnterpriseCSV.readResources(data, file: file, tree: tree)
            guard read.problems.isEmpty else { throw refused(read.problems) }
            records = try read.value.map { try .of(.resource, id: $0.id, $0) }
        case .plans, .incidents:
            let known = Set(try await store.sourceRegistry().enterprises.map(\.creditCode))
            if kind == .plans {
                let read = EnterpriseCSV.readPlans(data, file: file) { known.contains($0) }
                guard read.problems.isEmpty else { throw refused(read.problems) }
                records = try read.value.map { try .of(.plan, id: $0.id, $0) }
            } else {
                let read = EnterpriseCSV.readIncidents(data, file: file, tree: tree) { known.contains($0) }
                guard read.problems.isEmpty else { throw refused(read.problems) }
                records = try read.value.map { try .of(.incident, id: $0.id, $0) }
            }
        }
        try await store.saveEnterpriseRecords(records, expected: [:])
        return records.count
    }

    /// Every stored risk source classified by HJ 941-2018, in id order.
    public func classifyRiskSources() async throws -> [RiskClassification] {
        let rules = try riskRules()
        return try await riskSources().map { RiskClassifier.classify($0, rules: rules) }
    }

    /// The same around an incident's place.
    public func riskNear(incident id: String, radiusKm: Double) async throws -> (Incident, [NearbyItem]) {
        guard let i = try await incidents().first(where: { $0.id == id }) else { throw ServiceError.invalid("there is no incident '\(id.prefix(60))'") }
        return (i, try await riskNear(lon: i.location.lon, lat: i.location.lat, radiusKm: radiusKm))
    }

    /// Risk sources and targets within `radiusKm` of a point and the ten nearest emergency resources.
    public func riskNear(lon: Double, lat: Double, radiusKm: Double) async throws -> [NearbyItem] {
        guard (-180...180).contains(lon), (-90...90).contains(lat) else { throw ServiceError.invalid("lon must be −180 to 180 and lat −90 to 90") }
        guard radiusKm > 0, radiusKm <= 500 else { throw ServiceError.invalid("the radius must be above 0 and at most 500 km") }
        let levels = Dictionary(try await classifyRiskSources().map { ($0.source, $0.level) }, uniquingKeysWith: { a, _ in a })
        return RiskQuery.near(GeoPoint(lon: lon, lat: lat), radiusKm: radiusKm, sources: try await riskSources(), levels: levels,
                              targets: try await sensitiveTargets(), resources: try await emergencyResources())
    }
}
