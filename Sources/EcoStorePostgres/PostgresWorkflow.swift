public import EcoAccess
public import EcoCore
public import EcoStore
public import Foundation
import PostgresNIO

/// The audit chain and the workflow facet on PostgreSQL (step 010). Appending to a framework's chain locks its head
/// row (`FOR UPDATE`) in the writing transaction, so concurrent writers link one after the other.
extension PostgresStore: WorkflowStore {
    static let auditColumns = """
        id, at, actor, framework_id, region_code, indicator_id, year, old_value, new_value, reason, source, address, user_agent, \
        seq, prev_hash, hash
        """

    /// Bindings of text arguments.
    static func binds(_ values: [String]) -> PostgresBindings {
        var b = PostgresBindings()
        for v in values { b.append(v) }
        return b
    }

    /// Appends records of one framework to its chain, inside the writing transaction.
    static func appendAudit(_ records: [AuditRecord], framework: String, conn: PostgresConnection) async throws {
        guard !records.isEmpty else { return }
        try await conn.query("INSERT INTO audit_head (framework_id, seq, hash) VALUES (\(framework), 0, \(AuditChain.genesis)) ON CONFLICT DO NOTHING",
                             logger: logger)
        let headRow = try await conn.query("SELECT seq, hash FROM audit_head WHERE framework_id = \(framework) FOR UPDATE", logger: logger)
            .collect().first
        let head = try headRow.map { row -> AuditHead in
            let (seq, hash) = try row.decode((Int64, String).self)
            return AuditHead(framework: framework, seq: seq, hash: hash)
        }
        let (linked, newHead) = AuditChain.link(records, framework: framework, after: head?.seq == 0 ? nil : head)
        try await conn.copyRows(into: "audit", columns: ["at", "actor", "framework_id", "region_code", "indicator_id", "year", "old_value",
                                                         "new_value", "reason", "source", "address", "user_agent", "seq", "prev_hash", "hash"],
                                count: linked.count, logger: logger) { i, w in
            let r = linked[i], k = r.key
            w.timestamp(r.at); w.text(r.actor); w.text(k.framework); w.text(k.region.rawValue); w.text(k.indicator); w.integer(k.year)
            w.text(r.oldValue); w.text(r.newValue); w.text(r.reason); w.text(r.source); w.text(r.address); w.text(r.userAgent)
            w.integer(r.seq); w.text(r.previousHash); w.text(r.hash)
        }
        try await conn.query("UPDATE audit_head SET seq = \(newHead.seq), hash = \(newHead.hash) WHERE framework_id = \(framework)", logger: logger)
    }

    static func auditRecord(_ row: PostgresRow) throws -> AuditRecord? {
        let (id, at, actor, fw, region, indicator, year, old, new, reason, source, address, agent, seq, prev, hash) =
            try row.decode((Int64, Date, String, String, String, String, Int, String?, String?, String?, String?, String?, String?,
                            Int64?, String?, String?).self)
        guard let code = RegionCode(region) else { return nil }
        return AuditRecord(id: id, at: at, actor: actor, key: ObservationKey(framework: fw, indicator: indicator, region: code, year: year),
                           oldValue: old, newValue: new, reason: reason, source: source, address: address, userAgent: agent,
                           seq: seq, previousHash: prev, hash: hash)
    }

    public func auditChain(framework: String) async throws -> (records: [AuditRecord], head: AuditHead?) {
        let records = try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.auditColumns) FROM audit WHERE framework_id = $1 ORDER BY id",
                                                   binds: Self.binds([framework]))).compactMap(Self.auditRecord)
        let head = try await rows("SELECT seq, hash FROM audit_head WHERE framework_id = \(framework)").first.map { row -> AuditHead in
            let (seq, hash) = try row.decode((Int64, String).self)
            return AuditHead(framework: framework, seq: seq, hash: hash)
        }
        // A head at 0 is the placeholder a rolled-back first append may leave: no chain.
        return (records, head?.seq == 0 ? nil : head)
    }

    public func auditedFrameworks() async throws -> [String] {
        try await rows("SELECT framework_id FROM audit UNION SELECT framework_id FROM audit_head ORDER BY 1").map { try $0.decode(String.self) }
    }

    public func reportStates(framework: String, year: Int?) async throws -> [ReportState] {
        let found: [PostgresRow]
        if let year {
            found = try await rows("""
                SELECT region_code, year, status, updated_at, updated_by, reason FROM report_state
                WHERE framework_id = \(framework) AND year = \(year) ORDER BY year, region_code
                """)
        } else {
            found = try await rows("""
                SELECT region_code, year, status, updated_at, updated_by, reason FROM report_state
                WHERE framework_id = \(framework) ORDER BY year, region_code
                """)
        }
        return try found.compactMap { row in
            let (region, y, status, at, by, reason) = try row.decode((String, Int, String, Date, String, String?).self)
            guard let code = RegionCode(region), let s = ReportStatus(rawValue: status) else { return nil }
            return ReportState(unit: ReportUnit(framework: framework, region: code, year: y), status: s, updatedAt: at, updatedBy: by, reason: reason)
        }
    }

    public func transition(to state: ReportState, expected: ReportStatus?, audit: AuditRecord) async throws -> Bool {
        let u = state.unit
        return try await transaction { conn in
            // The same lock as value writes of the framework: a transition and a write never interleave.
            try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\("observation:" + u.framework)))", logger: Self.logger)
            let current = try await conn.query("""
                SELECT status FROM report_state WHERE framework_id = \(u.framework) AND region_code = \(u.region.rawValue) AND year = \(u.year)
                """, logger: Self.logger).collect().first.map { try $0.decode(String.self) }
            guard current == expected?.rawValue else { return false }
            try await conn.query("""
                INSERT INTO report_state (framework_id, region_code, year, status, updated_at, updated_by, reason)
                VALUES (\(u.framework), \(u.region.rawValue), \(u.year), \(state.status.rawValue), \(state.updatedAt), \(state.updatedBy), \(state.reason))
                ON CONFLICT (framework_id, region_code, year) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at,
                    updated_by = excluded.updated_by, reason = excluded.reason
                """, logger: Self.logger)
            try await Self.appendAudit([audit], framework: u.framework, conn: conn)
            return true
        }
    }

    public func saveValidation(_ record: ValidationRecord) async throws {
        let u = record.unit
        let json = try StoreJSON.encode(record.violations)
        try await rows("""
            INSERT INTO validation_result (framework_id, region_code, year, checked_at, results)
            VALUES (\(u.framework), \(u.region.rawValue), \(u.year), \(record.checkedAt), \(json))
            ON CONFLICT (framework_id, region_code, year) DO UPDATE SET checked_at = excluded.checked_at, results = excluded.results
            """)
    }

    public func validationRecords(framework: String, year: Int) async throws -> [ValidationRecord] {
        try await rows("""
            SELECT region_code, checked_at, results FROM validation_result WHERE framework_id = \(framework) AND year = \(year) ORDER BY region_code
            """).compactMap { row in
            let (region, at, json) = try row.decode((String, Date, String).self)
            guard let code = RegionCode(region), let v: [StoredViolation] = try? StoreJSON.decode(json) else { return nil }
            return ValidationRecord(unit: ReportUnit(framework: framework, region: code, year: year), checkedAt: at, violations: v)
        }
    }

    public func changesSinceApproval(framework: String, year: Int) async throws -> [RegionCode: Int] {
        var b = PostgresBindings()
        b.append(framework); b.append(year); b.append(AuditRecord.workflowIndicator)
        b.append(framework); b.append(year); b.append(AuditRecord.workflowIndicator)
        var out: [RegionCode: Int] = [:]
        for row in try await rows(PostgresQuery(unsafeSQL: WorkflowSQL.changesSinceApproval, binds: b)) {
            let (region, n) = try row.decode((String, Int).self)
            if let code = RegionCode(region) { out[code] = n }
        }
        return out
    }

    public func createSession(_ s: Session) async throws {
        try await rows("""
            INSERT INTO session (hash, account, csrf, created_at, expires_at, address, user_agent)
            VALUES (\(s.hash), \(s.account), \(s.csrf), \(s.createdAt), \(s.expiresAt), \(s.address), \(s.userAgent))
            """)
    }

    public func session(hash: String, at: Date) async throws -> Session? {
        try await rows("""
            SELECT hash, account, csrf, created_at, expires_at, address, user_agent FROM session WHERE hash = \(hash) AND expires_at > \(at)
            """).first.map { row in
            let (h, account, csrf, created, expires, address, agent) = try row.decode((String, String, String, Date, Date, String?, String?).self)
            return Session(hash: h, account: account, csrf: csrf, createdAt: created, expiresAt: expires, address: address, userAgent: agent)
        }
    }

    public func deleteSession(hash: String, at: Date) async throws {
        try await rows("DELETE FROM session WHERE hash = \(hash) OR expires_at <= \(at)")
    }

    public func deleteSessions(account: String) async throws {
        try await rows("DELETE FROM session WHERE account = \(account)")
    }
}
