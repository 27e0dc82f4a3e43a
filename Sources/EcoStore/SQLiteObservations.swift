import EcoCore
import Foundation
import GRDB

extension SQLiteStore {
    public func write(_ writes: [ObservationWrite], policy: WritePolicy, context: ChangeContext) async throws -> WriteSummary {
        let stamp = StoreJSON.timestamp(context.at)
        return try await pool.write { db in
            var summary = WriteSummary()
            let select = try db.cachedStatement(sql: """
                SELECT number, level, source, note, certainty, synthetic FROM observation
                WHERE framework_id = ? AND region_code = ? AND indicator_id = ? AND year = ?
                """)
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO observation (framework_id, region_code, indicator_id, year, number, level, source, note,
                    certainty, synthetic, updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(framework_id, region_code, indicator_id, year) DO UPDATE SET number = excluded.number,
                    level = excluded.level, source = excluded.source, note = excluded.note,
                    certainty = excluded.certainty, synthetic = excluded.synthetic,
                    updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """)
            let audit = try db.cachedStatement(sql: """
                INSERT INTO audit (at, actor, framework_id, region_code, indicator_id, year, old_value, new_value, reason, source)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for w in writes {
                let k = w.key
                let keyArgs: StatementArguments = [k.framework, k.region.rawValue, k.indicator, k.year]
                let existing = try Row.fetchOne(select, arguments: keyArgs)
                var oldText: String?
                if let existing {
                    let old = Self.value(number: existing["number"], level: existing["level"])
                    oldText = old?.description
                    let wasSynthetic: Bool = existing["synthetic"]
                    switch policy {
                    case .keepExisting:
                        summary.kept += 1
                        continue
                    case .keepReal where !wasSynthetic:
                        summary.kept += 1
                        continue
                    default: break
                    }
                    if old == w.value, existing["source"] as String? == w.source, existing["note"] as String? == w.note,
                       existing["certainty"] as String? == w.certainty?.rawValue, wasSynthetic == w.synthetic {
                        summary.unchanged += 1
                        continue
                    }
                    summary.updated += 1
                } else {
                    summary.inserted += 1
                }
                try upsert.execute(arguments: keyArgs + [w.value.number, Self.levelText(w.value), w.source, w.note,
                                                         w.certainty?.rawValue, w.synthetic, stamp, context.actor])
                // The audit trail records value changes; a changed source or note alone is a change too.
                try audit.execute(arguments: [stamp, context.actor, k.framework, k.region.rawValue, k.indicator, k.year,
                                              oldText, w.value.description, context.reason, w.source])
            }
            return summary
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
                      let value = Self.value(number: row["number"], level: row["level"]) else { return nil }
                return Observation(
                    key: ObservationKey(framework: row["framework_id"], indicator: row["indicator_id"], region: code, year: row["year"]),
                    value: value, source: row["source"], note: row["note"],
                    certainty: (row["certainty"] as String?).flatMap(Certainty.init(rawValue:)),
                    synthetic: row["synthetic"], updatedAt: StoreJSON.date(row["updated_at"]), updatedBy: row["updated_by"])
            }
        }
    }

    public func auditTrail(framework: String, region: RegionCode, indicator: String) async throws -> [AuditRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM audit WHERE framework_id = ? AND region_code = ? AND indicator_id = ? ORDER BY id
                """, arguments: [framework, region.rawValue, indicator]).map { row in
                AuditRecord(id: row["id"], at: StoreJSON.date(row["at"]) ?? Date(timeIntervalSince1970: 0), actor: row["actor"],
                            key: ObservationKey(framework: framework, indicator: indicator, region: region, year: row["year"]),
                            oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"], source: row["source"])
            }
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

    static func value(number: Double?, level: String?) -> ObservationValue? {
        if let number { return .number(number) }
        if let level { return .level(level) }
        return nil
    }

    static func levelText(_ v: ObservationValue) -> String? {
        if case .level(let l) = v { return l }
        return nil
    }
}
