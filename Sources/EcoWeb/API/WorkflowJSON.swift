import EcoAccess
import EcoCore
import EcoKit
import EcoServices
import EcoStore
import Foundation

/// The body of a workflow action.
struct ActionBody: Decodable {
    let reason: String?
    let comments: [String: String]?
}

/// `GET /api/v1/workflow`.
struct WorkflowGridJSON: Encodable {
    let framework: String
    let year: Int
    let view = "internal"
    let units: [WorkflowUnitJSON]
}

/// One unit of the grid.
struct WorkflowUnitJSON: Encodable {
    let region: String
    let name: String
    let level: String
    let status: String
    let updatedAt: String?
    let updatedBy: String?
    let reason: String?
    let deadline: String?
    let overdue: Bool
    let values: Int
    let applicable: Int
    let changedSinceApproval: Int
    let errors: Int
    let warnings: Int

    init(_ r: UnitRow) {
        region = r.region.code.rawValue
        name = r.region.name.zh
        level = r.region.level.rawValue
        status = r.status.rawValue
        updatedAt = r.updatedAt.map(StoreJSON.timestamp)
        updatedBy = r.updatedBy
        reason = r.reason
        deadline = r.deadline?.description
        overdue = r.overdue
        values = r.values
        applicable = r.applicable
        changedSinceApproval = r.changedSinceApproval
        errors = r.errors
        warnings = r.warnings
    }
}

/// A unit's state after an action.
struct WorkflowStateJSON: Encodable {
    let framework: String
    let region: String
    let year: Int
    let status: String
    let updatedAt: String
    let updatedBy: String
    let reason: String?

    init(_ s: ReportState) {
        framework = s.unit.framework
        region = s.unit.region.rawValue
        year = s.unit.year
        status = s.status.rawValue
        updatedAt = StoreJSON.timestamp(s.updatedAt)
        updatedBy = s.updatedBy
        reason = s.reason
    }
}

/// A failed rule.
struct ViolationJSON: Encodable {
    let rule: String
    let importance: String
    let indicator: String
    let key: String
    let message: LocalizedText
    let comment: String?

    init(_ v: StoredViolation) {
        rule = v.violation.rule
        importance = v.violation.importance.rawValue
        indicator = v.violation.indicator
        key = v.violation.commentKey
        message = v.violation.message
        comment = v.comment
    }
}

/// One audit record.
struct AuditRecordJSON: Encodable {
    let id: Int64
    let at: String
    let actor: String
    let year: Int
    let old: String?
    let new: String?
    let reason: String?
    let source: String?
    let address: String?
    let userAgent: String?
    let seq: Int64?
    let hash: String?

    init(_ r: AuditRecord) {
        id = r.id
        at = StoreJSON.timestamp(r.at)
        actor = r.actor
        year = r.key.year
        old = r.oldValue
        new = r.newValue
        reason = r.reason
        source = r.source
        address = r.address
        userAgent = r.userAgent
        seq = r.seq
        hash = r.hash
    }
}
