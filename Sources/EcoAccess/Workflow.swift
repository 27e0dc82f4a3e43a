public import EcoCore
public import EcoStore
public import Foundation

/// Where a reporting unit (a region's figures of one year) stands.
///
/// open → draft (a value was entered) → submitted (the rules passed, warnings commented) → approved (by the level
/// above; values locked) → published (public). A submitted unit can be returned to draft with a reason; an approved
/// one unapproved back to submitted.
public enum ReportStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Nothing entered yet.
    case open
    /// Values entered, not submitted.
    case draft
    /// Submitted to the level above.
    case submitted
    /// Approved by the level above.
    case approved
    /// Public.
    case published

    /// True when values of the unit cannot be written (everything after draft).
    public var locksValues: Bool { self >= .submitted }

    /// 中文名称.
    public var nameZH: String {
        switch self {
        case .open: return "未填报"
        case .draft: return "填报中"
        case .submitted: return "已上报"
        case .approved: return "已审核"
        case .published: return "已发布"
        }
    }

    public static func < (a: ReportStatus, b: ReportStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// A step of the workflow (the names of `POST /api/v1/workflow/{framework}/{region}/{year}/{action}` and of `ecoprov
/// workflow`).
public enum WorkflowAction: String, Sendable, Codable, CaseIterable {
    /// draft → submitted, by the unit's reporter.
    case submit
    /// submitted → approved, by the level above.
    case approve
    /// submitted → draft with a reason, by the level above.
    case `return`
    /// approved → submitted, by the level above, while that level is not itself approved.
    case unapprove
    /// approved → published, by the province.
    case publish

    /// The status the action leaves the unit in.
    public var target: ReportStatus {
        switch self {
        case .submit: return .submitted
        case .approve: return .approved
        case .return: return .draft
        case .unapprove: return .submitted
        case .publish: return .published
        }
    }

    /// The status the action starts from.
    public var source: ReportStatus {
        switch self {
        case .submit: return .draft
        case .approve, .return: return .submitted
        case .unapprove, .publish: return .approved
        }
    }

    /// 中文名称.
    public var nameZH: String {
        switch self {
        case .submit: return "上报"
        case .approve: return "审核通过"
        case .return: return "退回"
        case .unapprove: return "撤销审核"
        case .publish: return "发布"
        }
    }
}

/// The stored state of one unit, with who moved it last and when each step happened.
public struct ReportState: Sendable, Hashable {
    /// The unit.
    public var unit: ReportUnit
    /// Its status.
    public var status: ReportStatus
    /// When it last changed.
    public var updatedAt: Date
    /// Who changed it last.
    public var updatedBy: String
    /// The reason of the last return, shown to the reporter.
    public var reason: String?

    /// Creates a state.
    public init(unit: ReportUnit, status: ReportStatus, updatedAt: Date, updatedBy: String, reason: String? = nil) {
        self.unit = unit
        self.status = status
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.reason = reason
    }
}

/// A failed validation rule as stored after a check, with the reporter's comment on a warning.
public struct StoredViolation: Sendable, Hashable, Codable {
    /// The violation.
    public var violation: RuleViolation
    /// The reporter's explanation (warnings).
    public var comment: String?

    /// Creates a stored violation.
    public init(violation: RuleViolation, comment: String?) {
        self.violation = violation
        self.comment = comment
    }
}

/// The result of the last validation of a unit.
public struct ValidationRecord: Sendable, Hashable {
    /// The unit.
    public var unit: ReportUnit
    /// When it was checked.
    public var checkedAt: Date
    /// What failed.
    public var violations: [StoredViolation]

    /// Creates a record.
    public init(unit: ReportUnit, checkedAt: Date, violations: [StoredViolation]) {
        self.unit = unit
        self.checkedAt = checkedAt
        self.violations = violations
    }
}

/// Why an action is refused: the account may not do it (403), or the unit is not in a state that allows it (409).
public struct WorkflowRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// Not allowed for this account and region, or not possible in the unit's state.
    public enum Kind: Sendable, Hashable { case forbidden, conflict, invalid }
    /// The kind.
    public var kind: Kind
    /// One sentence.
    public var message: String

    /// Creates a refusal.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Who may do what to which region: one place for every permission rule of the platform.
///
/// - Scope: an account acts on its region and everything under it.
/// - Entering values and submitting: a county reporter for its counties, a city reporter for its city's own figures,
///   a province reviewer for the province's own figures.
/// - Approving, returning, unapproving: the level above — a city reviewer for the counties of its city, a province
///   reviewer for the cities and for the province itself.
/// - Publishing: a province reviewer.
/// - An administrator may do all of it everywhere (it also manages the accounts).
/// - A viewer reads internal data of its scope and changes nothing.
public enum AccessRules {
    /// True when `region` is the account's region or lies under it.
    public static func inScope(_ account: Account, _ region: RegionCode, tree: RegionTree) -> Bool {
        tree.lineage(of: region).contains { $0.code == account.region }
    }

    /// True when the account may enter and submit values of `region`.
    public static func mayReport(_ account: Account, _ region: Region, tree: RegionTree) -> Bool {
        guard !account.disabled, inScope(account, region.code, tree: tree) else { return false }
        switch account.role {
        case .administrator: return true
        case .countyReporter: return region.level == .county
        case .cityReporter: return region.level == .city
        case .provinceReviewer: return region.level == .province
        case .cityReviewer, .viewer: return false
        }
    }

    /// True when the account approves (returns, unapproves) the units of `region`.
    public static func mayApprove(_ account: Account, _ region: Region, tree: RegionTree) -> Bool {
        guard !account.disabled, inScope(account, region.code, tree: tree) else { return false }
        switch account.role {
        case .administrator: return true
        case .cityReviewer: return region.level == .county
        case .provinceReviewer: return region.level == .city || region.level == .province
        case .cityReporter, .countyReporter, .viewer: return false
        }
    }

    /// True when the account publishes units.
    public static func mayPublish(_ account: Account, _ region: Region, tree: RegionTree) -> Bool {
        guard !account.disabled, inScope(account, region.code, tree: tree) else { return false }
        return account.role == .administrator || account.role == .provinceReviewer
    }

    /// True when the account may run a provincial monitoring upload (air hours, water samples, framework files):
    /// the province's staff.
    public static func mayAdminister(_ account: Account) -> Bool {
        !account.disabled && (account.role == .administrator || account.role == .provinceReviewer)
    }

    /// The region whose own approval ends the right to unapprove `region`: the level above (nil for the province,
    /// which approves itself).
    public static func approvingRegion(of region: Region, tree: RegionTree) -> Region? {
        region.level == .province ? nil : region.parent.flatMap { tree[$0] }
    }

    /// Checks an action on a unit whose current status is `status` (and whose approving level's unit, for
    /// unapprove, stands at `approverStatus`); returns the status it leads to or the refusal. `reason` is required to
    /// return a unit.
    public static func check(_ action: WorkflowAction, by account: Account, region: Region, tree: RegionTree, status: ReportStatus,
                             approverStatus: ReportStatus?, reason: String?) -> Result<ReportStatus, WorkflowRefusal> {
        let allowed: Bool
        switch action {
        case .submit: allowed = mayReport(account, region, tree: tree)
        case .approve, .return, .unapprove: allowed = mayApprove(account, region, tree: tree)
        case .publish: allowed = mayPublish(account, region, tree: tree)
        }
        let name = "\(region.code.rawValue) \(region.name.zh)"
        guard allowed else {
            return .failure(WorkflowRefusal(.forbidden, "\(account.name) (\(account.role.rawValue), \(account.region.rawValue)) may not \(action.rawValue) \(name)"))
        }
        guard status == action.source else {
            return .failure(WorkflowRefusal(.conflict, "\(name) is \(status.rawValue) (\(status.nameZH)): \(action.rawValue) needs a \(action.source.rawValue) report"))
        }
        if action == .return, (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .failure(WorkflowRefusal(.invalid, "returning \(name) needs a reason"))
        }
        if action == .unapprove, let s = approverStatus, s >= .approved {
            return .failure(WorkflowRefusal(.conflict, "\(name) cannot be unapproved: the level above has itself been \(s.rawValue)"))
        }
        return .success(action.target)
    }
}

/// The workflow facet every backend implements: unit states, validation results and sessions' neighbours.
public protocol WorkflowStore: Sendable {
    /// The stored states of a framework's units (of one year when given). A unit with no stored state is open, or
    /// draft once it has values.
    func reportStates(framework: String, year: Int?) async throws -> [ReportState]
    /// Moves a unit to `state` if its stored status is still `expected` (nil: no stored state), appending `audit` to
    /// the audit chain in the same transaction. False when another request moved it first (nothing written).
    func transition(to state: ReportState, expected: ReportStatus?, audit: AuditRecord) async throws -> Bool
    /// Stores the result of validating a unit (replacing the previous one).
    func saveValidation(_ record: ValidationRecord) async throws
    /// The stored validation results of a framework's year.
    func validationRecords(framework: String, year: Int) async throws -> [ValidationRecord]
    /// Per region, the number of value changes audited after the unit's last approval in `year`.
    func changesSinceApproval(framework: String, year: Int) async throws -> [RegionCode: Int]
}

/// A signed-in browser session: the cookie holds a random token, the store only its SHA-256.
public struct Session: Sendable, Hashable {
    /// SHA-256 of the cookie's token, hex.
    public var hash: String
    /// The account.
    public var account: String
    /// The token every form of the session carries (CSRF protection).
    public var csrf: String
    /// When it was created.
    public var createdAt: Date
    /// When it ends.
    public var expiresAt: Date
    /// The address it was created from.
    public var address: String?
    /// The user agent it was created with.
    public var userAgent: String?

    /// Creates a session record.
    public init(hash: String, account: String, csrf: String, createdAt: Date, expiresAt: Date, address: String?, userAgent: String?) {
        self.hash = hash
        self.account = account
        self.csrf = csrf
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.address = address
        self.userAgent = userAgent
    }
}

/// The workflow facet's tables, as every backend stores them (for `ecoprov store copy`).
public enum WorkflowTables {
    /// Unit states, validation results, sessions.
    public static let all: [StoredTable] = [
        StoredTable(name: "report_state", columns: [
            .init("framework_id", .text), .init("region_code", .text), .init("year", .integer), .init("status", .text),
            .init("updated_at", .timestamp), .init("updated_by", .text), .init("reason", .text),
        ], key: ["framework_id", "region_code", "year"]),
        StoredTable(name: "validation_result", columns: [
            .init("framework_id", .text), .init("region_code", .text), .init("year", .integer), .init("checked_at", .timestamp),
            .init("results", .text),
        ], key: ["framework_id", "region_code", "year"]),
        StoredTable(name: "session", columns: [
            .init("hash", .text), .init("account", .text), .init("csrf", .text), .init("created_at", .timestamp),
            .init("expires_at", .timestamp), .init("address", .text), .init("user_agent", .text),
        ], key: ["hash"]),
    ]
}
