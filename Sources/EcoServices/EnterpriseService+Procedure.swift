public import EcoAccess
public import EcoCore
public import EcoEnterprise
public import EcoKit
import EcoStore
import Foundation

/// The credit procedure (issue #17 §2): notice, objections and their review, the final rating, repair. The province
/// puts ratings under notice, decides objections and makes them final; any account but a viewer files an objection
/// or a repair application for an enterprise; the province or the enterprise's city reviewer decides a repair.
extension Services {
    /// The stored files of a year, in credit-code order.
    public func creditFiles(year: Int) async throws -> [CreditFile] {
        try await store.enterpriseRecords(.rating).filter { $0.id.hasPrefix("\(year)/") }.map { try $0.decode(CreditFile.self) }
    }

    /// A step's day: the day given (not after today) or today.
    func stepDay(_ day: CivilDay?) throws -> CivilDay {
        let d = day ?? today
        guard d <= today else { throw ServiceError.invalid("the day \(d) is after today (\(today))") }
        return d
    }

    /// The file of an enterprise and year with its stored document (for the lost-update guard).
    func creditFile(year: Int, enterprise: String) async throws -> (CreditFile, EnterpriseRecord) {
        guard let r = try await store.enterpriseRecords(.rating).first(where: { $0.id == "\(year)/\(enterprise)" }) else {
            throw ServiceError.invalid("there is no rating of \(enterprise.prefix(20)) for \(year): put the year's ratings under notice first (ecoprov credit notice --year \(year))")
        }
        return (try r.decode(CreditFile.self), r)
    }

    /// Saves a file after a step, refusing if it changed meanwhile.
    func saveCreditFile(_ f: CreditFile, before: EnterpriseRecord?) async throws {
        do { try await store.saveEnterpriseRecords([try .of(.rating, id: f.id, f)], expected: before.map { [f.id: $0.document] } ?? [:]) } catch let e as StoreError {
            throw ServiceError.conflict(e.description)
        }
    }

    /// The file rated again from the current records, leaving out the cancelled ones.
    func rerated(_ f: CreditFile) async throws -> CreditFile {
        let scheme = try await creditScheme(f.rating.scheme, year: f.rating.year)
        let records = try await yearCreditRecords(f.rating.year).filter { !f.cancelled.contains($0.reference) }
        let plans = try await validPlans(year: f.rating.year)
        var x = f
        x.rating = CreditRater.rate(enterprise: f.rating.enterprise, name: f.rating.name, year: f.rating.year, records: records,
                                    hasValidPlan: plans[f.rating.enterprise], scheme: scheme)
        return x
    }

    /// Rates every registered enterprise for `year` and puts each rating not yet under notice or final under notice
    /// from `day` (province roles). Returns the files now under notice.
    public func noticeCredit(year: Int, scheme id: String? = nil, on day: CivilDay? = nil, account: Account) async throws -> [CreditFile] {
        try Self.checkProvinceRole(account, doing: "publish credit ratings")
        let d = try stepDay(day)
        let scheme = try await creditScheme(id, year: year)
        let stored = Dictionary(try await store.enterpriseRecords(.rating).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [CreditFile] = []
        var records: [EnterpriseRecord] = []
        var expected: [String: String] = [:]
        for rating in try await rateCredit(year: year, scheme: scheme.id) {
            let fileId = "\(year)/\(rating.enterprise)"
            if let r = stored[fileId], try r.decode(CreditFile.self).stage != .preliminary { continue }
            switch CreditProcedure.notice(.preliminary(rating), on: d, scheme: scheme) {
            case .success(let f):
                out.append(f)
                records.append(try .of(.rating, id: f.id, f))
                if let r = stored[fileId] { expected[fileId] = r.document }
            case .failure(let r): throw ServiceError.conflict(r.description)
            }
        }
        do { try await store.saveEnterpriseRecords(records, expected: expected) } catch let e as StoreError { throw ServiceError.conflict(e.description) }
        return out
    }

    /// Files an objection to a rating under notice (any account but a viewer, for the enterprise).
    public func objectCredit(year: Int, enterprise: String, reason: String, evidence: [String], on day: CivilDay? = nil, account: Account) async throws -> CreditFile {
        guard account.role != .viewer else { throw ServiceError.forbidden("\(account.name) is a viewer and may not file an objection") }
        let (f, rec) = try await creditFile(year: year, enterprise: enterprise)
        switch CreditProcedure.object(f, on: try stepDay(day), by: account.name, reason: AuditText.clean(reason), evidence: evidence.map(AuditText.clean)) {
        case .success(let x): try await saveCreditFile(x, before: rec); return x
        case .failure(let r): throw ServiceError.conflict(r.description)
        }
    }

    /// Decides an objection (province roles); an upheld one cancels the named records and the rating is computed again.
    public func decideObjection(year: Int, enterprise: String, number: Int, upheld: Bool, cancels: [String], note: String, on day: CivilDay? = nil,
                                account: Account) async throws -> CreditFile {
        try Self.checkProvinceRole(account, doing: "decide objections")
        let (f, rec) = try await creditFile(year: year, enterprise: enterprise)
        switch CreditProcedure.decide(f, objection: number, upheld: upheld, cancels: cancels, on: try stepDay(day), by: account.name, note: AuditText.clean(note)) {
        case .success(let x):
            let y = upheld ? try await rerated(x) : x
            try await saveCreditFile(y, before: rec)
            return y
        case .failure(let r): throw ServiceError.conflict(r.description)
        }
    }

    /// Makes every rating of the year whose notice has ended final (province roles). Returns the files made final and,
    /// for the others still under notice, why not.
    public func finalizeCredit(year: Int, on day: CivilDay? = nil, account: Account) async throws -> (done: [CreditFile], waiting: [String]) {
        try Self.checkProvinceRole(account, doing: "make credit ratings final")
        let d = try stepDay(day)
        var done: [CreditFile] = [], waiting: [String] = []
        for rec in try await store.enterpriseRecords(.rating) where rec.id.hasPrefix("\(year)/") {
            let f = try rec.decode(CreditFile.self)
            guard f.stage == .notice else { continue }
            switch CreditProcedure.finalize(f, on: d, by: account.name) {
            case .success(let x): try await saveCreditFile(x, before: rec); done.append(x)
            case .failure(let r): waiting.append(r.description)
            }
        }
        return (done, waiting)
    }

    /// Applies for repair of a final rating (any account but a viewer, for the enterprise).
    public func applyCreditRepair(year: Int, enterprise: String, evidence: [String], cancels: [String], on day: CivilDay? = nil, account: Account) async throws -> CreditFile {
        guard account.role != .viewer else { throw ServiceError.forbidden("\(account.name) is a viewer and may not apply for repair") }
        let (f, rec) = try await creditFile(year: year, enterprise: enterprise)
        let scheme = try await creditScheme(f.rating.scheme, year: year)
        switch CreditProcedure.applyRepair(f, on: try stepDay(day), by: account.name, evidence: evidence.map(AuditText.clean), cancels: cancels, scheme: scheme) {
        case .success(let x): try await saveCreditFile(x, before: rec); return x
        case .failure(let r): throw ServiceError.conflict(r.description)
        }
    }

    /// Decides the pending repair (the province, or the city reviewer of the enterprise's city); an approved repair
    /// cancels its records and the grade changes at once.
    public func decideCreditRepair(year: Int, enterprise: String, approve: Bool, note: String, on day: CivilDay? = nil, account: Account) async throws -> CreditFile {
        let region = try await store.sourceRegistry().enterprises.first { $0.creditCode == enterprise }?.region
        let tree = try await tree()
        let cityReviewer = account.role == .cityReviewer && region.map { AccessRules.inScope(account, $0, tree: tree) } == true
        if !cityReviewer { try Self.checkProvinceRole(account, doing: "decide a credit repair (the province or the enterprise's city reviewer may)") }
        let (f, rec) = try await creditFile(year: year, enterprise: enterprise)
        switch CreditProcedure.decideRepair(f, approve: approve, on: try stepDay(day), by: account.name, note: AuditText.clean(note)) {
        case .success(let x):
            let y = approve ? try await rerated(x) : x
            try await saveCreditFile(y, before: rec)
            return y
        case .failure(let r): throw ServiceError.conflict(r.description)
        }
    }
}
