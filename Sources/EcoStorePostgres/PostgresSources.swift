import EcoCore
import EcoKit
import EcoStore
public import EcoStandards
public import EcoSources
public import Foundation
import PostgresNIO

/// The sources facet on PostgreSQL: the registry as documents by key, readings in a table range-partitioned by month
/// of their data time and written by COPY through a temporary table and one upsert (so a re-sent packet replaces
/// its rows), raw packets, device states and alarms.
extension PostgresStore: SourcesStore {
    /// Inserts or replaces every row by its key, in one transaction.
    public func upsertSourceRegistry(_ r: SourceRegistry) async throws {
        let e = try r.enterprises.map { ($0.creditCode, try StoreJSON.encode($0)) }
        let o = try r.outlets.map { ($0.id, try StoreJSON.encode($0)) }
        let d = try r.devices.map { ($0.mn, try StoreJSON.encode($0)) }
        let p = try r.permits.map { ($0.number, try StoreJSON.encode($0)) }
        let l = try r.limits.map { ($0.outlet, $0.pollutant, $0.period.rawValue, try StoreJSON.encode($0)) }
        try await transaction { conn in
            for (k, doc) in e {
                try await conn.query("INSERT INTO source_enterprise (credit_code, document) VALUES (\(k), \(doc)) ON CONFLICT (credit_code) DO UPDATE SET document = excluded.document", logger: Self.logger)
            }
            for (k, doc) in o {
                try await conn.query("INSERT INTO source_outlet (id, document) VALUES (\(k), \(doc)) ON CONFLICT (id) DO UPDATE SET document = excluded.document", logger: Self.logger)
            }
            for (k, doc) in d {
                try await conn.query("INSERT INTO source_device (mn, document) VALUES (\(k), \(doc)) ON CONFLICT (mn) DO UPDATE SET document = excluded.document", logger: Self.logger)
            }
            for (k, doc) in p {
                try await conn.query("INSERT INTO source_permit (number, document) VALUES (\(k), \(doc)) ON CONFLICT (number) DO UPDATE SET document = excluded.document", logger: Self.logger)
            }
            for (a, b, c, doc) in l {
                try await conn.query("""
                    INSERT INTO source_limit (outlet, pollutant, period, document) VALUES (\(a), \(b), \(c), \(doc))
                    ON CONFLICT (outlet, pollutant, period) DO UPDATE SET document = excluded.document
                    """, logger: Self.logger)
            }
            try await conn.query("UPDATE meta SET value = value + 1 WHERE key IN ('revision', 'sources_revision')", logger: Self.logger)
        }
    }

    /// The whole registry, each part in key order.
    public func sourceRegistry() async throws -> SourceRegistry {
        func docs<T: Decodable>(_ table: String, _ order: String) async throws -> [T] {
            try await rows(PostgresQuery(unsafeSQL: "SELECT document FROM \(table) ORDER BY \(order)")).map { row in
                do { return try StoreJSON.decode(try row.decode(String.self)) as T } catch {
                    throw StoreError.database("a stored \(table) row cannot be read: \(error)")
                }
            }
        }
        return SourceRegistry(enterprises: try await docs("source_enterprise", "credit_code"), outlets: try await docs("source_outlet", "id"),
                              devices: try await docs("source_device", "mn"), permits: try await docs("source_permit", "number"),
                              limits: try await docs("source_limit", "outlet, pollutant, period"))
    }

    /// One transaction: readings copied and upserted (the last of a repeated key wins), packets appended, device
    /// states merged, alarms replaced.
    public func writeSourceBatch(_ b: SourceWriteBatch) async throws {
        guard !b.isEmpty else { return }
        var last: [String: Int] = [:]
        for (i, r) in b.readings.enumerated() { last[r.mn + "\u{0}" + r.kind.rawValue + "\u{0}" + r.time.description + "\u{0}" + r.pollutant] = i }
        let readings = try last.values.sorted().map { i in
            let r = b.readings[i]
            return (r.mn, r.kind.rawValue, r.time.description, r.pollutant, StoreJSON.encode(strings: r.texts))
        }
        let months = Set(b.readings.map { r in r.time.year * 12 + r.time.month - 1 })
        if !months.isEmpty { try await ensurePartitions("source_reading", months: months) }
        let newAlarms = b.alarms
        let packets = b.packets, devices = b.devices
        try await transaction { conn in
            if !readings.isEmpty {
                try await conn.query("CREATE TEMP TABLE source_reading_in (LIKE source_reading) ON COMMIT DROP", logger: Self.logger)
                try await conn.copyRows(into: "source_reading_in", columns: ["mn", "kind", "time", "pollutant", "texts"], count: readings.count,
                                        logger: Self.logger) { i, r in
                    let x = readings[i]
                    r.text(x.0); r.text(x.1); r.text(x.2); r.text(x.3); r.text(x.4)
                }
                try await conn.query("""
                    INSERT INTO source_reading SELECT * FROM source_reading_in
                    ON CONFLICT (mn, kind, time, pollutant) DO UPDATE SET texts = excluded.texts
                    """, logger: Self.logger)
            }
            if !packets.isEmpty {
                try await conn.copyRows(into: "source_packet", columns: ["received_at", "peer", "mn", "cn", "outcome", "raw"], count: packets.count,
                                        logger: Self.logger) { i, r in
                    let p = packets[i]
                    r.real(p.receivedAt.timeIntervalSince1970); r.text(p.peer); r.text(p.mn); r.text(p.cn); r.text(p.outcome); r.text(p.raw)
                }
            }
            for d in devices {
                var merged = d
                if let row = try await conn.query("SELECT document FROM source_device_state WHERE mn = \(d.mn) FOR UPDATE", logger: Self.logger).collect().first,
                   let old = try? StoreJSON.decode(try row.decode(String.self)) as DeviceStatus {
                    merged = SourcesMerge.status(old, d)
                }
                let doc = try StoreJSON.encode(merged)
                try await conn.query("""
                    INSERT INTO source_device_state (mn, document) VALUES (\(d.mn), \(doc)) ON CONFLICT (mn) DO UPDATE SET document = excluded.document
                    """, logger: Self.logger)
            }
            for n in newAlarms {
                var a = n
                if let row = try await conn.query("SELECT document FROM source_alarm WHERE id = \(n.id) FOR UPDATE", logger: Self.logger).collect().first,
                   let old = try? StoreJSON.decode(try row.decode(String.self)) as SourceAlarm {
                    a = SourcesMerge.alarm(old, n)
                }
                let (id, active, doc) = (a.id, a.isActive ? 1 : 0, try StoreJSON.encode(a))
                try await conn.query("""
                    INSERT INTO source_alarm (id, active, document) VALUES (\(id), \(active), \(doc))
                    ON CONFLICT (id) DO UPDATE SET active = excluded.active, document = excluded.document
                    """, logger: Self.logger)
            }
            if !readings.isEmpty || !newAlarms.isEmpty {
                try await conn.query("UPDATE meta SET value = value + 1 WHERE key = 'sources_revision'", logger: Self.logger)
            }
        }
    }

    /// A device's readings in (time, pollutant) order.
    public func sourceReadings(mn: String, kind: HJ212DataKind, from: HJ212Time, to: HJ212Time) async throws -> [SourceReading] {
        try await readings(rows("""
            SELECT mn, kind, time, pollutant, texts FROM source_reading
            WHERE mn = \(mn) AND kind = \(kind.rawValue) AND time BETWEEN \(from.description) AND \(to.description) ORDER BY time, pollutant
            """))
    }

    /// Every device's readings in (mn, time, pollutant) order.
    public func sourceReadings(kind: HJ212DataKind, from: HJ212Time, to: HJ212Time) async throws -> [SourceReading] {
        try await readings(rows("""
            SELECT mn, kind, time, pollutant, texts FROM source_reading
            WHERE kind = \(kind.rawValue) AND time BETWEEN \(from.description) AND \(to.description) ORDER BY mn, time, pollutant
            """))
    }

    private func readings(_ rows: [PostgresRow]) throws -> [SourceReading] {
        try rows.map { row in
            let (mn, kind, time, pollutant, texts) = try row.decode((String, String, String, String, String).self)
            guard let t = HJ212Time(time.filter(\.isNumber)), let k = HJ212DataKind(rawValue: kind),
                  let values = try? StoreJSON.decode(texts) as [String: String] else {
                throw StoreError.database("a stored source reading (\(mn), \(time)) cannot be read")
            }
            return SourceReading(mn: mn, kind: k, time: t, pollutant: pollutant, texts: values)
        }
    }

    /// Alarms, newest first.
    public func sourceAlarms(activeOnly: Bool) async throws -> [SourceAlarm] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT document FROM source_alarm" + (activeOnly ? " WHERE active = 1" : ""))).map { row in
            do { return try StoreJSON.decode(try row.decode(String.self)) as SourceAlarm } catch {
                throw StoreError.database("a stored alarm cannot be read: \(error)")
            }
        }.sorted(by: SourcesMerge.newestFirst)
    }

    /// Device states in MN order.
    public func sourceDeviceStatus() async throws -> [DeviceStatus] {
        try await rows("SELECT document FROM source_device_state ORDER BY mn").map { row in
            do { return try StoreJSON.decode(try row.decode(String.self)) as DeviceStatus } catch {
                throw StoreError.database("a stored device state cannot be read: \(error)")
            }
        }
    }

    /// The latest raw packets, newest first.
    public func sourcePackets(mn: String?, limit: Int) async throws -> [SourcePacketRecord] {
        let n = max(0, limit)
        let found: [PostgresRow]
        if let mn {
            found = try await rows("SELECT received_at, peer, mn, cn, outcome, raw FROM source_packet WHERE mn = \(mn) ORDER BY id DESC LIMIT \(n)")
        } else {
            found = try await rows("SELECT received_at, peer, mn, cn, outcome, raw FROM source_packet ORDER BY id DESC LIMIT \(n)")
        }
        return try found.map { row in
            let (at, peer, mn, cn, outcome, raw) = try row.decode((Double, String, String?, String?, String, String).self)
            return SourcePacketRecord(receivedAt: Date(timeIntervalSince1970: at), peer: peer, mn: mn, cn: cn, outcome: outcome, raw: raw)
        }
    }

    /// Deletes raw packets received before a moment.
    public func purgeSourcePackets(before: Date) async throws -> Int {
        try await rows("WITH d AS (DELETE FROM source_packet WHERE received_at < \(before.timeIntervalSince1970) RETURNING 1) SELECT count(*)::bigint FROM d")
            .first.map { Int(try $0.decode(Int64.self)) } ?? 0
    }
}
