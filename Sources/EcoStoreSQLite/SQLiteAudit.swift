public import EcoCore
public import EcoStore
import Foundation
import GRDB

/// The audit chain on SQLite: records are linked (`AuditChain.link`) onto their framework's head inside the
/// writing transaction, so the chain and the values it records commit together.
extension SQLiteStore {
    /// Appends records of one framework to its chain (inside a write transaction).
    static func appendAudit(_ records: [AuditRecord], framework: String, db: Database) throws {
        guard !records.isEmpty else { return }
        let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE framework_id = ?", arguments: [framework])
            .map { AuditHead(framework: framework, seq: $0["seq"], hash: $0["hash"]) }
        let (linked, newHead) = AuditChain.link(records, framework: framework, after: head)
        let insert = try db.cachedStatement(sql: """
            INSERT INTO audit (at, actor, framework_id, region_code, indicator_id, year, old_value, new_value, reason, source,
                address, user_agent, seq, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for r in linked {
            // Unchecked binding: the argument count is fixed by the statement above.
            insert.setUncheckedArguments([StoreJSON.timestamp(r.at), r.actor, r.key.framework, r.key.region.rawValue, r.key.indicator,
                                          r.key.year, r.oldValue, r.newValue, r.reason, r.source, r.address, r.userAgent, r.seq,
                                          r.previousHash, r.hash])
            try insert.execute()
        }
        try db.execute(sql: """
            INSERT INTO audit_head (framework_id, seq, hash) VALUES (?, ?, ?)
            ON CONFLICT(framework_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
            """, arguments: [framework, newHead.seq, newHead.hash])
    }

    /// An audit record from its row.
    static func auditRecord(_ row: Row) -> AuditRecord? {
        guard let code = RegionCode(row["region_code"]) else { return nil }
        return AuditRecord(id: row["id"], at: StoreJSON.date(row["at"]) ?? Date(timeIntervalSince1970: 0), actor: row["actor"],
                           key: ObservationKey(framework: row["framework_id"], indicator: row["indicator_id"], region: code, year: row["year"]),
                           oldValue: row["old_value"], newValue: row["new_value"], reason: row["reason"], source: row["source"],
                           address: row["address"], userAgent: row["user_agent"], seq: row["seq"], previousHash: row["prev_hash"],
                           hash: row["hash"])
    }

    public func auditChain(framework: String) async throws -> (records: [AuditRecord], head: AuditHead?) {
        try await pool.read { db in
            let records = try Row.fetchAll(db, sql: "SELECT * FROM audit WHERE framework_id = ? ORDER BY id", arguments: [framework])
                .compactMap(Self.auditRecord)
            let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE framework_id = ?", arguments: [framework])
                .map { AuditHead(framework: framework, seq: $0["seq"], hash: $0["hash"]) }
            return (records, head)
        }
    }

    public func auditedFrameworks() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT framework_id FROM audit UNION SELECT framework_id FROM audit_head ORDER BY 1")
        }
    }
}
