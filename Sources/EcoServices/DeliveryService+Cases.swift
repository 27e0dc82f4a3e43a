public import EcoAccess
public import EcoCore
public import EcoDelivery
import EcoIngest
public import EcoKit
import EcoStore
import Foundation

/// Supervision cases (五步法): the province opens, assigns, verifies, closes and escalates; the responsible unit's
/// accounts report rectification. Every step is recorded with who, when and the evidence.
extension Services {
    /// Opens a case (province roles, or a city reviewer within its city). The id is given or made from the day.
    public func openCase(id: String?, title: String, region: RegionCode, source: CaseSource, severity: CaseSeverity, foundOn: CivilDay?, note: String,
                         account: Account) async throws -> SupervisionCase {
        let tree = try await tree()
        guard tree[region] != nil else { throw ServiceError.badRegion(region.rawValue) }
        if !(AccessRules.mayAdminister(account) || account.role == .provinceReviewer || (account.role == .cityReviewer && AccessRules.inScope(account, region, tree: tree))) {
            throw ServiceError.forbidden("\(account.name) (\(account.role.rawValue)) may not open a case in \(region): the province, or a city reviewer in its own city, may")
        }
        let title = AuditText.clean(title)
        guard !title.isEmpty, title.count <= 300 else { throw ServiceError.invalid("the case title must be 1 to 300 characters") }
        let existing = try await store.deliveryRecords(.supervisionCase).map(\.id)
        let day = foundOn ?? today
        guard day <= today else { throw ServiceError.invalid("the day found \(day) is after today (\(today))") }
        let caseId: String
        if let id {
            guard DeliveryCSV.isIdentifier(id) else { throw ServiceError.invalid("case id '\(id.prefix(60))' must be 1 to 60 letters, digits, -, _ or .") }
            guard !existing.contains(id) else { throw ServiceError.conflict("case \(id) exists") }
            caseId = id
        } else {
            let prefix = "C" + day.description.replacingOccurrences(of: "-", with: "")
            caseId = prefix + "-" + String(format: "%03d", existing.filter { $0.hasPrefix(prefix) }.count + 1)
        }
        let c = SupervisionCase.open(id: caseId, title: title, region: region, source: source, severity: severity, on: day, by: account.name, note: AuditText.clean(note))
        try await store.saveDeliveryRecords([try .of(.supervisionCase, id: c.id, c)], expected: [:])
        return c
    }

    /// One step on a case, on `day` (default today). `report` is the responsible unit's (or the province's); every
    /// other step is the province's. The outcome counters, when given, are added.
    public func actOnCase(_ id: String, _ action: CaseAction, on day: CivilDay? = nil, evidence: [String] = [], outcome: CaseOutcome? = nil,
                          account: Account) async throws -> SupervisionCase {
        let rec = try await record(.supervisionCase, id, what: "case")
        let c = try rec.decode(SupervisionCase.self)
        if case .report = action {
            try Self.checkDepartmentRole(account, department: c.unit ?? "", departments: try await departments(), doing: "report on case \(id)")
        } else {
            try Self.checkProvinceRole(account, doing: "\(action.name) cases")
        }
        if case .assign(let unit, _, _) = action, try await !departments().contains(where: { $0.id == unit }) {
            throw ServiceError.invalid("unit '\(unit.prefix(60))' is not a known department")
        }
        let d = day ?? today
        guard d <= today else { throw ServiceError.invalid("the day \(d) is after today (\(today))") }
        var next: SupervisionCase
        switch c.applying(action, on: d, by: account.name, evidence: evidence.map(AuditText.clean), rules: try await deliveryRules()) {
        case .success(let x): next = x
        case .failure(let r): throw ServiceError.conflict(r.description)
        }
        if let o = outcome {
            let counts = [o.firmsOrdered, o.filed, o.criminal, o.detained, o.summoned, o.accountable]
            guard counts.allSatisfy({ (0...100_000).contains($0) }), (0...1e7).contains(o.fines) else {
                throw ServiceError.invalid("outcome counts must be 0 to 100000 and fines 0 to 10^7 万元")
            }
            next.outcome.firmsOrdered += o.firmsOrdered; next.outcome.filed += o.filed; next.outcome.fines += o.fines
            next.outcome.criminal += o.criminal; next.outcome.detained += o.detained
            next.outcome.summoned += o.summoned; next.outcome.accountable += o.accountable
        }
        try await save(.supervisionCase, id: id, next, before: rec)
        return next
    }
}
