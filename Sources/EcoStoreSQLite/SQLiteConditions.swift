public import EcoCore
public import EcoStore
import Foundation
import GRDB

extension SQLiteStore {
    public func setBasicCondition(_ record: BasicConditionRecord, context: ChangeContext) async throws {
        let stamp = StoreJSON.timestamp(context.at)
        try await pool.write { db in
            let old = try Row.fetchOne(db, sql: """
                SELECT status, evidence FROM basic_condition
                WHERE framework_id = ? AND region_code = ? AND condition_id = ? AND year = ?
                """, arguments: [record.framework, record.region.rawValue, record.condition, record.year])
            if let old, old["status"] as String == record.status.rawValue, old["evidence"] as String? == record.evidence { return }
            try db.execute(sql: """
                INSERT INTO basic_condition (framework_id, condition_id, region_code, year, status, evidence, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(framework_id, region_code, condition_id, year) DO UPDATE SET status = excluded.status,
                    evidence = excluded.evidence, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, arguments: [record.framework, record.condition, record.region.rawValue, record.year, record.status.rawValue,
                                 record.evidence, stamp, context.actor])
            let key = ObservationKey(framework: record.framework, indicator: "bc:" + record.condition, region: record.region, year: record.year)
            try Self.appendAudit([AuditRecord(key: key, old: old?["status"] as String?, new: record.status.rawValue, source: record.evidence,
                                              context: context)], framework: record.framework, db: db)
        }
    }

    public func basicConditions(framework: String, year: Int?) async throws -> [BasicConditionRecord] {
        try await pool.read { db in
            var sql = "SELECT * FROM basic_condition WHERE framework_id = ?"
            var args: StatementArguments = [framework]
            if let year { sql += " AND year = ?"; args += [year] }
            sql += " ORDER BY region_code, condition_id, year"
            return try Row.fetchAll(db, sql: sql, arguments: args).compactMap { row in
                guard let code = RegionCode(row["region_code"]), let status = ConditionStatus(rawValue: row["status"]) else { return nil }
                return BasicConditionRecord(framework: framework, condition: row["condition_id"], region: code, year: row["year"],
                                            status: status, evidence: row["evidence"])
            }
        }
    }
}
