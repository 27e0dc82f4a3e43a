import EcoAir
import EcoKit
public import EcoStore
import Foundation
import PostgresNIO

/// A monthly partition of a monitoring table.
public struct MonitoringPartition: Sendable, Hashable {
    /// The partitioned table (`air_hour`, `water_sample`).
    public var table: String
    /// The partition's own table, `TABLE_YYYYMM`.
    public var name: String
    /// The month, `YYYY-MM`.
    public var month: String
    /// False once detached (it stays a table of its own until dropped).
    public var attached: Bool
    /// Its rows (an estimate from the planner's statistics, -1 when never analysed).
    public var estimatedRows: Int64
}

/// The months whose partitions exist, per table, so a write creates only the missing ones (one catalogue query per
/// table and process, then none).
actor PartitionCache {
    private var known: [String: Set<Int>] = [:]

    func missing(_ table: String, _ months: Set<Int>) -> Set<Int> { months.subtracting(known[table] ?? []) }
    func add(_ table: String, _ months: Set<Int>) { known[table, default: []].formUnion(months) }
    func forget(_ table: String) { known[table] = nil }
}

/// The partitioned monitoring tables and how a row's partition key maps to its month (months counted as
/// year × 12 + month − 1).
enum MonitoringTables {
    /// `air_hour` by `hour_end` (hours since 1970-01-01 00:00 local): a month holds the hours that end after its
    /// first midnight and up to its last one, so hour 24 of the last day (which ends at the next month's first
    /// midnight) stays in the month of its day.
    static func airHourBounds(month m: Int) -> (Int, Int) {
        let first = CivilDay(year: m / 12, month: m % 12 + 1, day: 1)
        let next = CivilDay(year: (m + 1) / 12, month: (m + 1) % 12 + 1, day: 1)
        return (first.index * 24 + 1, next.index * 24 + 1)
    }

    /// The month of an hour's day.
    static func airHourMonth(_ hourEnd: Int) -> Int { month(of: AirHour.day(ofHourEnd: hourEnd)) }

    /// The month of a day.
    static func month(of day: CivilDay) -> Int {
        let c = day.components
        return c.year * 12 + c.month - 1
    }

    /// `YYYY-MM` of a month number.
    static func label(_ m: Int) -> String { String(format: "%04d-%02d", m / 12, m % 12 + 1) }

    /// The partition's name.
    static func name(_ table: String, _ m: Int) -> String { String(format: "%@_%04d%02d", table, m / 12, m % 12 + 1) }

    /// The bounds clause of a month's partition.
    static func bounds(_ table: String, _ m: Int) -> String {
        switch table {
        case "air_hour":
            let (lo, hi) = airHourBounds(month: m)
            return "FROM (\(lo)) TO (\(hi))"
        default:
            let first = String(format: "%04d-%02d-01", m / 12, m % 12 + 1)
            let next = String(format: "%04d-%02d-01", (m + 1) / 12, (m + 1) % 12 + 1)
            return "FROM ('\(first)') TO ('\(next)')"
        }
    }

    static let partitioned = ["air_hour", "water_sample", "source_reading"]
}

extension PostgresStore {
    /// Creates the partitions of `months` (and of the month after the last, ahead of the next write) that do not
    /// exist, each under an advisory lock so concurrent writers create it once. A month whose partition was detached
    /// is refused: its rows are archived elsewhere and must not be split.
    func ensurePartitions(_ table: String, months: Set<Int>) async throws {
        guard let last = months.max() else { return }
        let wanted = months.union([last + 1])
        let missing = await partitions.missing(table, wanted)
        guard !missing.isEmpty else { return }
        let detachedAhead: Set<Int> = try await transaction { conn in
            var detached: Set<Int> = []
            try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\(table + "-partitions")))", logger: Self.logger)
            let attached = try await Set(conn.query("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = \(table)::regclass
                """, logger: Self.logger).collect().map { try $0.decode(String.self) })
            for m in missing.sorted() {
                let name = MonitoringTables.name(table, m)
                if attached.contains(name) { continue }
                let exists = try await !conn.query("SELECT 1 FROM pg_class WHERE relname = \(name) AND relkind = 'r'", logger: Self.logger)
                    .collect().isEmpty
                if exists {
                    if months.contains(m) {
                        throw StoreError.database("the partition \(name) of \(table) (\(MonitoringTables.label(m))) was detached: attach it again "
                            + "(ALTER TABLE \(table) ATTACH PARTITION \(name) FOR VALUES \(MonitoringTables.bounds(table, m))) or drop it before writing that month")
                    }
                    detached.insert(m)
                    continue
                }
                try await conn.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(name) PARTITION OF \(table) FOR VALUES \(MonitoringTables.bounds(table, m))"),
                                     logger: Self.logger)
            }
            return detached
        }
        await partitions.add(table, wanted.subtracting(detachedAhead))
    }

    /// Every monthly partition of the monitoring tables, attached or detached, by table and month.
    public func monitoringPartitions() async throws -> [MonitoringPartition] {
        var out: [MonitoringPartition] = []
        for table in MonitoringTables.partitioned {
            let found = try await rows("""
                SELECT c.relname, c.reltuples::bigint, EXISTS (SELECT 1 FROM pg_inherits i WHERE i.inhrelid = c.oid) FROM pg_class c
                WHERE c.relkind = 'r' AND c.relname ~ \("^" + table + "_[0-9]{6}$") ORDER BY c.relname
                """)
            for row in found {
                let (name, tuples, attached) = try row.decode((String, Int64, Bool).self)
                let digits = name.suffix(6)
                out.append(MonitoringPartition(table: table, name: name, month: digits.prefix(4) + "-" + digits.suffix(2),
                                               attached: attached, estimatedRows: tuples))
            }
        }
        return out
    }

    /// Detaches one month's partition (`TABLE_YYYYMM`) so that it can be archived with `pg_dump -t` and dropped; its
    /// rows leave every query. False when no such attached partition exists.
    public func detachPartition(_ name: String) async throws -> Bool {
        guard let p = try await monitoringPartitions().first(where: { $0.name == name && $0.attached }) else { return false }
        try await rows(PostgresQuery(unsafeSQL: "ALTER TABLE \(p.table) DETACH PARTITION \(p.name)"))
        await partitions.forget(p.table)
        try await rows("UPDATE meta SET value = value + 1 WHERE key IN ('revision', \(p.table == "air_hour" ? "air_hours_revision" : p.table == "water_sample" ? "water_samples_revision" : "sources_revision"))")
        return true
    }
}
