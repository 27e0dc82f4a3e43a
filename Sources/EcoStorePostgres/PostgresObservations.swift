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
            var versions: [ObservationKey: Int] = [:]
            var locked = Set<ReportUnit>()
            // In framework order, so two batches lock in the same order.
            for (framework, group) in Dictionary(grouping: writes, by: \.key.framework).sorted(by: { $0.key < $1.key }) {
                let years = group.map(\.key.year)
                guard let lo = years.min(), let hi = years.max() else { continue }
                // Writers of one framework take turns (a lock held to the end of the transaction): row locks alone
                // would let two writers both find a cell empty and both audit it as new.
                try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\("observation:" + framework)))", logger: Self.logger)
                let rows = try await conn.query("""
                    SELECT region_code, indicator_id, year, number, level, source, note, certainty, synthetic, version FROM observation
                    WHERE framework_id = \(framework) AND year BETWEEN \(lo) AND \(hi)
                    """, logger: Self.logger)
                for try await row in rows {
                    let (region, indicator, year, number, level, source, note, certainty, synthetic, version) =
                        try row.decode((String, String, Int, Double?, String?, String?, String?, String?, Bool, Int).self)
                    guard let code = RegionCode(region), let value = ObservationValue(number: number, level: level) else { continue }
                    let key = ObservationKey(framework: framework, indicator: indicator, region: code, year: year)
                    existing[key] = StoredContent(value: value, source: source, note: note, certainty: certainty, synthetic: synthetic)
                    versions[key] = version
                }
                for try await row in try await conn.query("""
                    SELECT region_code, year FROM report_state WHERE framework_id = \(framework) AND year BETWEEN \(lo) AND \(hi)
                        AND status IN ('submitted', 'approved', 'published')
                    """, logger: Self.logger) {
                    let (region, year) = try row.decode((String, Int).self)
                    if let code = RegionCode(region) { locked.insert(ReportUnit(framework: framework, region: code, year: year)) }
                }
            }
            let plan = ObservationWritePlan(writes, existing: existing, policy: policy, versions: versions,
                                            expected: context.expectedVersions, locked: locked)
            if let refusal = plan.refusal { throw refusal }
            guard !plan.changes.isEmpty else { return plan.summary }
            // The last change of each cell is what is stored; every change is audited.
            var lastIndex: [ObservationKey: Int] = [:]
            for (i, c) in plan.changes.enumerated() { lastIndex[c.observation.key] = i }
            let stored = plan.changes.indices.filter { lastIndex[plan.changes[$0].observation.key] == $0 }.map { plan.changes[$0] }
            try await conn.query("CREATE TEMP TABLE observation_in (LIKE observation) ON COMMIT DROP", logger: Self.logger)
            let columns = ["framework_id", "region_code", "indicator_id", "year", "number", "level", "source", "note", "certainty",
                           "synthetic", "updated_at", "updated_by", "version"]
            try await conn.copyRows(into: "observation_in", columns: columns, count: stored.count, logger: Self.logger) { i, r in
                let c = stored[i], w = c.observation, k = w.key
                r.text(k.framework); r.text(k.region.rawValue); r.text(k.indicator); r.integer(k.year)
                r.real(w.value.number); r.text(w.value.levelText); r.text(w.source); r.text(w.note)
                r.text(w.certainty?.rawValue); r.boolean(w.synthetic); r.timestamp(context.at); r.text(context.actor); r.integer(c.version)
            }
            try await conn.query("""
                INSERT INTO observation (\(unescaped: columns.joined(separator: ", "))) SELECT \(unescaped: columns.joined(separator: ", ")) FROM observation_in
                ON CONFLICT (framework_id, region_code, indicator_id, year) DO UPDATE SET number = excluded.number,
                    level = excluded.level, source = excluded.source, note = excluded.note, certainty = excluded.certainty,
                    synthetic = excluded.synthetic, updated_at = excluded.updated_at, updated_by = excluded.updated_by,
                    version = excluded.version
                """, logger: Self.logger)
            for (framework, group) in Dictionary(grouping: plan.changes, by: \.observation.key.framework).sorted(by: { $0.key < $1.key }) {
                try await Self.appendAudit(group.map { AuditRecord($0, context) }, framework: framework, conn: conn)
            }
            return plan.summary
        }
    }

    /// Stored values matching the query, in key order.
    public func observations(_ q: ObservationQuery) async throws -> [Observation] {
        var sql = """
            SELECT framework_id, region_code, indicator_id, year, number, level, source, note, certainty, synthetic, updated_at,
                updated_by, version FROM observation WHERE framework_id = $1
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
            let (fw, region, indicator, year, number, level, source, note, certainty, synthetic, at, by, version) =
                try row.decode((String, String, String, Int, Double?, String?, String?, String?, String?, Bool, Date, String, Int).self)
            guard let code = RegionCode(region), let value = ObservationValue(number: number, level: level) else { return nil }
            return Observation(key: ObservationKey(framework: fw, indicator: indicator, region: code, year: year), value: value,
                               source: source, note: note, certainty: certainty.flatMap(Certainty.init(rawValue:)), synthetic: synthetic,
                               updatedAt: at, updatedBy: by, version: version)
        }
    }

    /// The audit records of one region and indicator, oldest first.
    public func auditTrail(framework: String, region: RegionCode, indicator: String) async throws -> [AuditRecord] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.auditColumns) FROM audit WHERE framework_id = $1 AND region_code = $2 AND indicator_id = $3 ORDER BY id",
                                     binds: Self.binds([framework, region.rawValue, indicator]))).compactMap(Self.auditRecord)
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
            let key = ObservationKey(framework: record.framework, indicator: "bc:" + record.condition, region: record.region, year: record.year)
            try await Self.appendAudit([AuditRecord(key: key, old: old?.0, new: record.status.rawValue, source: record.evidence, context: context)],
                                       framework: record.framework, conn: conn)
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
