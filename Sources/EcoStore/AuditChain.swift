public import EcoCore
import Crypto
public import Foundation

/// The last link of one framework's audit chain, kept beside the records so that records cut from the end of the
/// chain are detected too (a chain alone only shows a gap or an edit in the middle).
public struct AuditHead: Sendable, Hashable {
    /// The framework whose chain it is.
    public var framework: String
    /// The sequence number of the last record (the count of chained records).
    public var seq: Int64
    /// The hash of the last record.
    public var hash: String

    /// Creates a head.
    public init(framework: String, seq: Int64, hash: String) {
        self.framework = framework
        self.seq = seq
        self.hash = hash
    }
}

/// The tamper-evident audit trail: each framework's records form a hash chain, hᵢ = SHA-256(hᵢ₋₁ ‖ recordᵢ), with
/// h₀ = 64 zeros, over a canonical text of every field (sequence number, time in milliseconds, actor, cell, old and new
/// value, reason, source, address, user agent). Editing a record changes its hash; deleting one leaves a gap in the
/// sequence or a chain shorter than its head. The one rule both backends use when appending and `ecoprov audit
/// verify` uses when checking.
public enum AuditChain {
    /// The hash before the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// The canonical text of a record's content (not its row id, which the database assigns): fields separated by
    /// U+001F, an absent field as U+0000.
    public static func canonical(_ r: AuditRecord, seq: Int64) -> String {
        let ms = Int64((r.at.timeIntervalSince1970 * 1000).rounded())
        let fields: [String?] = [String(seq), String(ms), r.actor, r.key.framework, r.key.region.rawValue, r.key.indicator, String(r.key.year),
                                 r.oldValue, r.newValue, r.reason, r.source, r.address, r.userAgent]
        return fields.map { $0 ?? "\u{0}" }.joined(separator: "\u{1F}")
    }

    /// The hash of a record given the previous record's hash.
    public static func hash(previous: String, record r: AuditRecord, seq: Int64) -> String {
        let digest = SHA256.hash(data: Data((previous + "\u{1E}" + canonical(r, seq: seq)).utf8))
        return digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Links `records` (in order) onto the chain ending at `head` (nil: an empty chain): each gets its sequence
    /// number, previous hash and hash. Returns the linked records and the new head.
    public static func link(_ records: [AuditRecord], framework: String, after head: AuditHead?) -> (records: [AuditRecord], head: AuditHead) {
        var seq = head?.seq ?? 0
        var previous = head?.hash ?? genesis
        var out: [AuditRecord] = []
        out.reserveCapacity(records.count)
        for var r in records {
            seq += 1
            r.seq = seq
            r.previousHash = previous
            r.hash = hash(previous: previous, record: r, seq: seq)
            previous = r.hash!
            out.append(r)
        }
        return (out, AuditHead(framework: framework, seq: seq, hash: previous))
    }

    /// What verifying one framework's chain found.
    public struct Report: Sendable, Hashable {
        /// The framework.
        public var framework: String
        /// Records checked.
        public var records: Int
        /// Records written before the chain existed (migration 010), leading the trail and not chained.
        public var unchained: Int
        /// The problems, one sentence each; empty when the chain is intact.
        public var problems: [String]
    }

    /// Checks one framework's records (in row order) against their hashes, their sequence and the head.
    public static func verify(framework: String, records: [AuditRecord], head: AuditHead?) -> Report {
        var problems: [String] = []
        var unchained = 0
        var previous = genesis
        var expected: Int64 = 1
        for r in records {
            guard let seq = r.seq, let h = r.hash else {
                if expected == 1 { unchained += 1; continue }
                problems.append("record \(r.id) has no hash after the chain began: it was altered")
                continue
            }
            if seq != expected {
                problems.append(seq > expected
                    ? "records \(expected)–\(seq - 1) of the chain are missing before record \(r.id): they were deleted"
                    : "record \(r.id) repeats sequence number \(seq): the chain was altered")
            }
            if r.previousHash != previous {
                problems.append("record \(r.id) (sequence \(seq)) does not follow the record before it: a record was deleted, inserted or edited")
            }
            if hash(previous: r.previousHash ?? "", record: r, seq: seq) != h {
                problems.append("record \(r.id) (sequence \(seq), \(r.key.region.rawValue) \(r.key.indicator) \(r.key.year)) does not match its hash: it was edited")
            }
            previous = h
            expected = seq + 1
        }
        let last = expected - 1
        if let head {
            if head.seq != last || (last > 0 && head.hash != previous) {
                problems.append("the chain ends at sequence \(last) but its head records \(head.seq): records were deleted from the end or the head was altered")
            }
        } else if last > 0 {
            problems.append("the chain has \(last) records but no head: the head was deleted")
        }
        return Report(framework: framework, records: records.count, unchained: unchained, problems: problems)
    }
}

extension AuditRecord {
    /// The record of one planned change (its id and chain fields are set when it is appended).
    public init(_ change: ObservationWritePlan.Change, _ context: ChangeContext) {
        let w = change.observation
        self.init(key: w.key, old: change.oldValue?.description, new: w.value.description, source: w.source, context: context)
    }

    /// A record of a change to a cell made in `context`.
    public init(key: ObservationKey, old: String?, new: String?, source: String?, context: ChangeContext) {
        self.init(id: 0, at: context.at, actor: context.actor, key: key, oldValue: old, newValue: new, reason: context.reason,
                  source: source, address: context.address, userAgent: context.userAgent)
    }
}

/// SQL text both backends run unchanged.
public enum WorkflowSQL {
    /// Per region, the value changes audited after the unit's last approval. Arguments: framework, year, the
    /// workflow indicator, framework, year, the workflow indicator.
    public static let changesSinceApproval = """
        SELECT a.region_code, count(*) FROM audit a
        JOIN (SELECT region_code, max(id) AS approved FROM audit
              WHERE framework_id = $1 AND year = $2 AND indicator_id = $3 AND new_value = 'approved' GROUP BY region_code) w
          ON a.region_code = w.region_code AND a.id > w.approved
        WHERE a.framework_id = $4 AND a.year = $5 AND a.indicator_id <> $6
        GROUP BY a.region_code
        """
}
