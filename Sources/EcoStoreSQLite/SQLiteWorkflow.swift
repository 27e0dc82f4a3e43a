public import EcoAccess
public import EcoCore
public import EcoStore
public import Foundation
import GRDB

/// The workflow facet on SQLite (migration 010): unit states changed by compare-and-set with their audit record in
/// the same transaction, validation results as JSON per unit, browser sessions.
extension SQLiteStore: WorkflowStore {
    public func reportStates(framework: String, year: Int?) async throws -> [ReportState] {
        try await pool.read { db in
            var sql = "SELECT * FROM report_state WHERE framework_id = ?"
            var args: StatementArguments = [framework]
            if let year { sql += " AND year = ?"; args += [year] }
            return try Row.fetchAll(db, sql: sql + " ORDER BY year, region_code", arguments: args).compactMap { row in
                guard let code = RegionCode(row["region_code"]), let status = ReportStatus(rawValue: row["status"]) else { return nil }
                return ReportState(unit: ReportUnit(framework: framework, region: code, year: row["year"]), status: status,
                                   updatedAt: StoreJSON.date(row["updated_at"]) ?? Date(timeIntervalSince1970: 0),
                                   updatedBy: row["updated_by"], reason: row["reason"])
            }
        }
    }

    public func transition(to state: ReportState, expected: ReportStatus?, audit: AuditRecord) async throws -> Bool {
        let u = state.unit
        return try await pool.write { db in
            let current = try String.fetchOne(db, sql: "SELECT status FROM report_state WHERE framework_id = ? AND region_code = ? AND year = ?",
                                              arguments: [u.framework, u.region.rawValue, u.year])
            guard current == expected?.rawValue else { return false }
            try db.execute(sql: """
                INSERT INTO report_state (framework_id, region_code, year, status, updated_at, updated_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(framework_id, region_code, year) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by, reason = excluded.reason
                """, arguments: [u.framework, u.region.rawValue, u.year, state.status.rawValue, StoreJSON.timestamp(state.updatedAt),
                                 state.updatedBy, state.reason])
            try Self.appendAudit([audit], framework: u.framework, db: db)
            return true
        }
    }

    public func saveValidation(_ record: ValidationRecord) async throws {
        let u = record.unit
        let json = try StoreJSON.encode(record.violations)
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO validation_result (framework_id, region_code, year, checked_at, results) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(framework_id, region_code, year) DO UPDATE SET checked_at = excluded.checked_at, results = excluded.results
                """, arguments: [u.framework, u.region.rawValue, u.year, StoreJSON.timestamp(record.checkedAt), json])
        }
    }

    public func validationRecords(framework: String, year: Int) async throws -> [ValidationRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM validation_result WHERE framework_id = ? AND year = ? ORDER BY region_code",
                             arguments: [framework, year]).compactMap { row in
                guard let code = RegionCode(row["region_code"]), let v: [StoredViolation] = try? StoreJSON.decode(row["results"]) else { return nil }
                return ValidationRecord(unit: ReportUnit(framework: framework, region: code, year: year),
                                        checkedAt: StoreJSON.date(row["checked_at"]) ?? Date(timeIntervalSince1970: 0), violations: v)
            }
        }
    }

    public func changesSinceApproval(framework: String, year: Int) async throws -> [RegionCode: Int] {
        try await pool.read { db in
            var out: [RegionCode: Int] = [:]
            for row in try Row.fetchAll(db, sql: WorkflowSQL.changesSinceApproval.replacingOccurrences(of: #"\$\d"#, with: "?", options: .regularExpression), arguments: [framework, year, AuditRecord.workflowIndicator,
                                                                                             framework, year, AuditRecord.workflowIndicator]) {
                if let code = RegionCode(row[0]) { out[code] = row[1] }
            }
            return out
        }
    }

    public func createSession(_ s: Session) async throws {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO session (hash, account, csrf, created_at, expires_at, address, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [s.hash, s.account, s.csrf, StoreJSON.timestamp(s.createdAt), StoreJSON.timestamp(s.expiresAt), s.address, s.userAgent])
        }
    }

    public func session(hash: String, at: Date) async throws -> Session? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM session WHERE hash = ? AND expires_at > ?", arguments: [hash, StoreJSON.timestamp(at)]).map { row in
                Session(hash: row["hash"], account: row["account"], csrf: row["csrf"],
                        createdAt: StoreJSON.date(row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                        expiresAt: StoreJSON.date(row["expires_at"]) ?? Date(timeIntervalSince1970: 0), address: row["address"], userAgent: row["user_agent"])
            }
        }
    }

    public func deleteSession(hash: String, at: Date) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM session WHERE hash = ? OR expires_at <= ?", arguments: [hash, StoreJSON.timestamp(at)])
        }
    }

    public func deleteSessions(account: String) async throws {
        try await pool.write { db in try db.execute(sql: "DELETE FROM session WHERE account = ?", arguments: [account]) }
    }
}
