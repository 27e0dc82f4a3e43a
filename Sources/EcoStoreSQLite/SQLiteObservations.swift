public import EcoCore
public import EcoStore
import Foundation
import GRDB

extension SQLiteStore {
    public func write(_ writes: [Observation], policy: WritePolicy, context: ChangeContext) async throws -> WriteSummary {
        let stamp = StoreJSON.timestamp(context.at)
        return try await pool.write { db in
            var summary = WriteSummary()
            // One query loads the cells the batch can touch (its frameworks and year span): a statement per row
            // to look up the old value would double the cost of a 100,000-row import.
            var existing: [ObservationKey: StoredContent] = [:]
            var versions: [ObservationKey: Int] = [:]
            var locked = Set<ReportUnit>()
            for (framework, group) in Dictionary(grouping: writes, by: \.key.framework) {
                let years = group.map(\.key.year)
                guard let lo = years.min(), let hi = years.max() else { continue }
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT region_code, indicator_id, year, number, level, source, note, certainty, synthetic, version FROM observation
                    WHERE framework_id = ? AND year BETWEEN ? AND ?
                    """, arguments: [framework, lo, hi])
                while let row = try rows.next() {
                    guard let code = RegionCode(row[0]), let value = ObservationValue(number: row[3], level: row[4]) else { continue }
                    let key = ObservationKey(framework: framework, indicator: row[1], region: code, year: row[2])
                    existing[key] = StoredContent(value: value, source: row[5], note: row[6], certainty: row[7], synthetic: row[8])
                    versions[key] = row[9]
                }
                for row in try Row.fetchAll(db, sql: """
                    SELECT region_code, year FROM report_state
                    WHERE framework_id = ? AND year BETWEEN ? AND ? AND status IN ('submitted', 'approved', 'published')
                    """, arguments: [framework, lo, hi]) {
                    if let code = RegionCode(row[0]) { locked.insert(ReportUnit(framework: framework, region: code, year: row[1])) }
                }
            }
            let plan = ObservationWritePlan(writes, existing: existing, policy: policy, versions: versions,
                                            expected: context.expectedVersions, locked: locked)
            if let refusal = plan.refusal { throw refusal }
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO observation (framework_id, region_code, indicator_id, year, number, level, source, note,
                    certainty, synthetic, updated_at, updated_by, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(framework_id, region_code, indicator_id, year) DO UPDATE SET number = excluded.number,
                    level = excluded.level, source = excluded.source, note = excluded.note,
                    certainty = excluded.certainty, synthetic = excluded.synthetic,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by, version = excluded.version
                """)
            var audits: [String: [AuditRecord]] = [:]
            for change in plan.changes {
                let w = change.observation, k = w.key
                // Unchecked binding: the argument counts are fixed by the statements above.
                upsert.setUncheckedArguments([k.framework, k.region.rawValue, k.indicator, k.year, w.value.number, w.value.levelText,
                                              w.source, w.note, w.certainty?.rawValue, w.synthetic, stamp, context.actor, change.version])
                try upsert.execute()
                audits[k.framework, default: []].append(AuditRecord(change, context))
            }
            for (framework, records) in audits.sorted(by: { $0.key < $1.key }) {
                try Self.appendAudit(records, framework: framework, db: db)
            }
            return plan.summary
        }
    }

    public func observations(_ q: ObservationQuery) async throws -> [Observation] {
        var sql = "SELECT * FROM observation WHERE framework_id = ?"
        var args: StatementArguments = [q.framework]
        if let r = q.region { sql += " AND region_code = ?"; args += [r.rawValue] }
        if let i = q.indicator { sql += " AND indicator_id = ?"; args += [i] }
        if let y = q.years { sql += " AND year BETWEEN ? AND ?"; args += [y.lowerBound, y.upperBound] }
        if !q.includeSynthetic { sql += " AND synthetic = 0" }
        if let a = q.after {
            sql += " AND (region_code, indicator_id, year) > (?, ?, ?)"
            args += [a.region.rawValue, a.indicator, a.year]
        }
        sql += " ORDER BY region_code, indicator_id, year"
        if let l = q.limit { sql += " LIMIT ?"; args += [l] }
        let finalSQL = sql, finalArgs = args
        return try await pool.read { db in
            try Row.fetchAll(db, sql: finalSQL, arguments: finalArgs).compactMap { row -> Observation? in
                guard let code = RegionCode(row["region_code"]),
                      let value = ObservationValue(number: row["number"], level: row["level"]) else { return nil }
                return Observation(
                    key: ObservationKey(framework: row["framework_id"], indicator: row["indicator_id"], region: code, year: row["year"]),
                    value: value, source: row["source"], note: row["note"],
                    certainty: (row["certainty"] as String?).flatMap(Certainty.init(rawValue:)),
                    synthetic: row["synthetic"], updatedAt: StoreJSON.date(row["updated_at"]), updatedBy: row["updated_by"],
                    version: row["version"])
            }
        }
    }

    public func auditTrail(framework: String, region: RegionCode, indicator: String) async throws -> [AuditRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM audit WHERE framework_id = ? AND region_code = ? AND indicator_id = ? ORDER BY id
                """, arguments: [framework, region.rawValue, indicator]).compactMap(Self.auditRecord)
        }
    }

    /// Every row of every table as text, in a fixed order: two equal dumps mean equal content. Used to prove that a
    /// refused import changed nothing.
    public func contentDump() async throws -> String {
        try await pool.read { db in
            var out = ""
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            for t in tables {
                out += "## \(t)\n"
                for line in try Row.fetchAll(db, sql: "SELECT * FROM \"\(t)\"").map(\.description).sorted() {
                    out += line + "\n"
                }
            }
            return out
        }
    }
}
