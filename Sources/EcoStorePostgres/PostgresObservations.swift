public import EcoCore
public import EcoStore
public import Foundation
import PostgresNIO

extension PostgresStore {
    /// Plans the batch against the stored cells it can touch (one query per framework), then stores the changed cells
    /// through a COPY into a temporary table and one upsert, and appends their audit records with a COPY — all in one
    /// transaction. The rule of what changes is `ObservationWritePlan`, shared with SQLite.
    public func write(_ writes: [Observation], policy: WritePolicy, context: ChangeContext) async throws -> WriteSummary {
        guard !writes.isEmpty else { return WriteSummary() }
        return try await transaction { conn in
            var existing: [ObservationKey: StoredContent] = [:]
            // In framework order, so two batches lock in the same order.
            for (framework, group) in Dictionary(grouping: writes, by: \.key.framework).sorted(by: { $0.key < $1.key }) {
                let years = group.map(\.key.year)
                guard let lo = years.min(), let hi = years.max() else { continue }
                // Writers of one framework take turns (a lock held to the end of the transaction): row locks alone
                // would let two writers both find a cell empty and both audit it as new.
                try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\("observation:" + framework)))", logger: Self.logger)
                let rows = try await conn.query("""
                    SELECT region_code, indicator_id, year, number, level, source, note, certainty, synthetic FROM observation
                    WHERE framework_id = \(framework) AND year BETWEEN \(lo) AND \(hi)
                    """, logger: Self.logger)
                for try await row in rows {
                    let (region, indicator, year, number, level, source, note, certainty, synthetic) =
                        try row.decode((String, String, Int, Double?, String?, String?, String?, String?, Bool).self)
                    guard let code = RegionCode(region), let value = ObservationValue(number: number, level: level) else { continue }
                    existing[ObservationKey(framework: framework, indicator: indicator, region: code, year: year)] =
                        StoredContent(value: value, source: source, note: note, certainty: certainty, synthetic: synthetic)
                }
            }
            let plan = ObservationWritePlan(writes, existing: existing, policy: policy)
            guard !plan.changes.isEmpty else { return plan.summary }
            // The last change of each cell is what is stored; every change is audited.
            var lastIndex: [ObservationKey: Int] = [:]
            for (i, c) in plan.changes.enumerated() { lastIndex[c.observation.key] = i }
            let stored = plan.changes.indices.filter { lastIndex[plan.changes[$0].observation.key] == $0 }.map { plan.changes[$0].observation }
            try await conn.query("CREATE TEMP TABLE observation_in (LIKE observation) ON COMMIT DROP", logger: Self.logger)
            let columns = ["framework_id", "region_code", "indicator_id", "year", "number", "level", "source", "note", "certainty",
                           "synthetic", "updated_at", "updated_by"]
            try await conn.copyRows(into: "observation_in", columns: columns, count: stored.count, logger: Self.logger) { i, r in
                let w = stored[i], k = w.key
                r.text(k.framework); r.text(k.region.rawValue); r.text(k.indicator); r.integer(k.year)
                r.real(w.value.number); r.text(w.value.levelText); r.text(w.source); r.text(w.note)
                r.text(w.certainty?.rawValue); r.boolean(w.synthetic); r.timestamp(context.at); r.text(context.actor)
            }
            try await conn.query("""
                INSERT INTO observation SELECT * FROM observation_in
                ON CONFLICT (framework_id, region_code, indicator_id, year) DO UPDATE SET number = excluded.number,
                    level = excluded.level, source = excluded.source, note = excluded.note, certainty = excluded.certainty,
                    synthetic = excluded.synthetic, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, logger: Self.logger)
            let changes = plan.changes
            try await conn.copyRows(into: "audit", columns: ["at", "actor", "framework_id", "region_code", "indicator_id", "year",
                                                             "old_value", "new_value", "reason", "source"],
                                    count: changes.count, logger: Self.logger) { i, r in
                let c = changes[i], k = c.observation.key
                r.timestamp(context.at); r.text(context.actor); r.text(k.framework); r.text(k.region.rawValue); r.text(k.indicator)
                r.integer(k.year); r.text(c.oldValue?.description); r.text(c.observation.value.description); r.text(context.reason)
                r.text(c.observation.source)
            }
            return plan.summary
        }
    }

    /// Stored values matching the query, in key order.
    public func observations(_ q: ObservationQuery) async throws -> [Observation] {
        var sql = """
            SELECT framework_id, region_code, indicator_id, year, number, level, source, note, certainty, synthetic, updated_at,
                updated_by FROM observation WHERE framework_id = $1
            """
        var binds = PostgresBindings()
        binds.append(q.framework)
        func bind(_ v: some PostgresNonThrowingEncodable & Sendable) -> String {
            binds.append(v)
            return "$\(binds.count)"
        }
        if let r = q.region { sql += " AND region_code = \(bind(r.rawValue))" }
        if let i = q.indicator { sql += " AND indicator_id = \(bind(i))" }
        if let y = q.years { sql += " AND year BETWEEN \(bind(y.lowerBound)) AND \(bind(y.upperBound))" }
        if !q.includeSynthetic { sql += " AND NOT synthetic" }
        if let a = q.after {
            sql += " AND (region_code, indicator_id, year) > (\(bind(a.region.rawValue)), \(bind(a.indicator)), \(bind(a.year)))"
        }
        sql += " ORDER BY region_code, indicator_id, year"
        if let l = q.limit { sql += " LIMIT \(bind(max(0, l)))" }
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: binds)).compactMap { row -> Observation? in
            let (fw, region, indicator, year, number, level, source, note, certainty, synthetic, at, by) =
                try row.decode((String, String, String, Int, Double?, String?, String?, String?, String?, Bool, Date, String).self)
            guard let code = RegionCode(region), let value = ObservationValue(number: number, level: level) else { return nil }
            return Observation(key: ObservationKey(framework: fw, indicator: indicator, region: code, year: year), value: value,
                               source: source, note: note, certainty: certainty.flatMap(Certainty.init(rawValue:)), synthetic: synthetic,
                               updatedAt: at, updatedBy: by)
        }
    }

    /// The audit records of one region and indicator, oldest first.
    public func auditTrail(framework: String, region: RegionCode, indicator: String) async throws -> [AuditRecord] {
        try await rows("""
            SELECT id, at, actor, year, old_value, new_value, reason, source FROM audit
            WHERE framework_id = \(framework) AND region_code = \(region.rawValue) AND indicator_id = \(indicator) ORDER BY id
            """).map { row in
            let (id, at, actor, year, old, new, reason, source) =
                try row.decode((Int64, Date, String, Int, String?, String?, String?, String?).self)
            return AuditRecord(id: id, at: at, actor: actor, key: ObservationKey(framework: framework, indicator: indicator, region: region, year: year),
                               oldValue: old, newValue: new, reason: reason, source: source)
        }
    }

    /// Records a basic condition (an identical one is not rewritten nor audited), in one transaction.
    public func setBasicCondition(_ record: BasicConditionRecord, context: ChangeContext) async throws {
        try await transaction { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\("observation:" + record.framework)))", logger: Self.logger)
            let old = try await conn.query("""
                SELECT status, evidence FROM basic_condition WHERE framework_id = \(record.framework) AND region_code = \(record.region.rawValue)
                    AND condition_id = \(record.condition) AND year = \(record.year)
                """, logger: Self.logger).collect().first.map { try $0.decode((String, String?).self) }
            if let old, old.0 == record.status.rawValue, old.1 == record.evidence { return }
            try await conn.query("""
                INSERT INTO basic_condition (framework_id, condition_id, region_code, year, status, evidence, updated_at, updated_by)
                VALUES (\(record.framework), \(record.condition), \(record.region.rawValue), \(record.year), \(record.status.rawValue),
                        \(record.evidence), \(context.at), \(context.actor))
                ON CONFLICT (framework_id, region_code, condition_id, year) DO UPDATE SET status = excluded.status,
                    evidence = excluded.evidence, updated_at = excluded.updated_at, updated_by = excluded.updated_by
                """, logger: Self.logger)
            try await conn.query("""
                INSERT INTO audit (at, actor, framework_id, region_code, indicator_id, year, old_value, new_value, reason, source)
                VALUES (\(context.at), \(context.actor), \(record.framework), \(record.region.rawValue), \("bc:" + record.condition),
                        \(record.year), \(old?.0), \(record.status.rawValue), \(context.reason), \(record.evidence))
                """, logger: Self.logger)
        }
    }

    /// Recorded basic conditions of a framework, optionally of one year.
    public func basicConditions(framework: String, year: Int?) async throws -> [BasicConditionRecord] {
        let found: [PostgresRow]
        if let year {
            found = try await rows("""
                SELECT condition_id, region_code, year, status, evidence FROM basic_condition WHERE framework_id = \(framework) AND year = \(year)
                ORDER BY region_code, condition_id, year
                """)
        } else {
            found = try await rows("""
                SELECT condition_id, region_code, year, status, evidence FROM basic_condition WHERE framework_id = \(framework)
                ORDER BY region_code, condition_id, year
                """)
        }
        return try found.compactMap { row in
            let (condition, region, y, status, evidence) = try row.decode((String, String, Int, String, String?).self)
            guard let code = RegionCode(region), let s = ConditionStatus(rawValue: status) else { return nil }
            return BasicConditionRecord(framework: framework, condition: condition, region: code, year: y, status: s, evidence: evidence)
        }
    }

    /// Stores outlines, replacing earlier ones of the same codes, in one transaction.
    public func saveBoundaries(_ boundaries: [RegionBoundary]) async throws {
        guard !boundaries.isEmpty else { return }
        let encoded = try boundaries.map { b in
            (b.code.rawValue, try BoundaryText.encode(b.rings), b.source)
        }
        try await transaction { conn in
            for (code, rings, source) in encoded {
                try await conn.query("""
                    INSERT INTO region_boundary (code, rings, source) VALUES (\(code), \(rings), \(source))
                    ON CONFLICT (code) DO UPDATE SET rings = excluded.rings, source = excluded.source
                    """, logger: Self.logger)
            }
        }
    }

    /// Stored outlines, optionally of one level.
    public func boundaries(level: RegionLevel?) async throws -> [RegionBoundary] {
        let found: [PostgresRow]
        if let level {
            found = try await rows("""
                SELECT b.code, b.rings, b.source FROM region_boundary b JOIN region r ON r.code = b.code WHERE r.level = \(level.rawValue)
                ORDER BY b.code
                """)
        } else {
            found = try await rows("SELECT b.code, b.rings, b.source FROM region_boundary b JOIN region r ON r.code = b.code ORDER BY b.code")
        }
        return try found.compactMap { row in
            let (c, ringsText, source) = try row.decode((String, String, String).self)
            guard let code = RegionCode(c), let rings = BoundaryText.decode(ringsText) else { return nil }
            return RegionBoundary(code: code, rings: rings, source: source)
        }
    }
}
