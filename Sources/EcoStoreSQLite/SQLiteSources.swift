import EcoCore
import EcoKit
import EcoStore
public import EcoStandards
public import EcoSources
public import Foundation
import GRDB

/// The sources facet on SQLite: the registry as JSON documents by key, readings keyed by (device, kind, data time,
/// pollutant) with their texts as a JSON object, raw packets, device states and alarms.
extension SQLiteStore: SourcesStore {
    /// Inserts or replaces every row by its key, in one transaction.
    public func upsertSourceRegistry(_ r: SourceRegistry) async throws {
        let e = try r.enterprises.map { ($0.creditCode, try StoreJSON.encode($0)) }
        let o = try r.outlets.map { ($0.id, try StoreJSON.encode($0)) }
        let d = try r.devices.map { ($0.mn, try StoreJSON.encode($0)) }
        let p = try r.permits.map { ($0.number, try StoreJSON.encode($0)) }
        let l = try r.limits.map { ($0.outlet, $0.pollutant, $0.period.rawValue, try StoreJSON.encode($0)) }
        try await pool.write { db in
            for (k, doc) in e { try db.execute(sql: "INSERT OR REPLACE INTO source_enterprise (credit_code, document) VALUES (?, ?)", arguments: [k, doc]) }
            for (k, doc) in o { try db.execute(sql: "INSERT OR REPLACE INTO source_outlet (id, document) VALUES (?, ?)", arguments: [k, doc]) }
            for (k, doc) in d { try db.execute(sql: "INSERT OR REPLACE INTO source_device (mn, document) VALUES (?, ?)", arguments: [k, doc]) }
            for (k, doc) in p { try db.execute(sql: "INSERT OR REPLACE INTO source_permit (number, document) VALUES (?, ?)", arguments: [k, doc]) }
            for (a, b, c, doc) in l {
                try db.execute(sql: "INSERT OR REPLACE INTO source_limit (outlet, pollutant, period, document) VALUES (?, ?, ?, ?)", arguments: [a, b, c, doc])
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key IN ('revision', 'sources_revision')")
        }
    }

    /// The whole registry, each part in key order.
    public func sourceRegistry() async throws -> SourceRegistry {
        try await pool.read { db in
            func docs<T: Decodable>(_ table: String, _ order: String) throws -> [T] {
                try String.fetchAll(db, sql: "SELECT document FROM \(table) ORDER BY \(order)").map { doc in
                    do { return try StoreJSON.decode(doc) as T } catch { throw StoreError.database("a stored \(table) row cannot be read: \(error)") }
                }
            }
            return SourceRegistry(enterprises: try docs("source_enterprise", "credit_code"), outlets: try docs("source_outlet", "id"),
                                  devices: try docs("source_device", "mn"), permits: try docs("source_permit", "number"),
                                  limits: try docs("source_limit", "outlet, pollutant, period"))
        }
    }

    /// One transaction: readings upserted, packets appended, device states merged, alarms replaced.
    public func writeSourceBatch(_ b: SourceWriteBatch) async throws {
        guard !b.isEmpty else { return }
        let readings = try b.readings.map { r in (r.mn, r.kind.rawValue, r.time.description, r.pollutant, StoreJSON.encode(strings: r.texts)) }
        let newAlarms = b.alarms
        let devices = b.devices
        let packets = b.packets
        try await pool.write { db in
            let st = try db.cachedStatement(sql: "INSERT OR REPLACE INTO source_reading (mn, kind, time, pollutant, texts) VALUES (?, ?, ?, ?, ?)")
            for r in readings { st.setUncheckedArguments([r.0, r.1, r.2, r.3, r.4]); try st.execute() }
            let pk = try db.cachedStatement(sql: "INSERT INTO source_packet (received_at, peer, mn, cn, outcome, raw) VALUES (?, ?, ?, ?, ?, ?)")
            for p in packets { pk.setUncheckedArguments([p.receivedAt.timeIntervalSince1970, p.peer, p.mn, p.cn, p.outcome, p.raw]); try pk.execute() }
            for d in devices {
                var merged = d
                if let doc = try String.fetchOne(db, sql: "SELECT document FROM source_device_state WHERE mn = ?", arguments: [d.mn]),
                   let old = try? StoreJSON.decode(doc) as DeviceStatus {
                    merged = SourcesMerge.status(old, d)
                }
                try db.execute(sql: "INSERT OR REPLACE INTO source_device_state (mn, document) VALUES (?, ?)", arguments: [d.mn, try StoreJSON.encode(merged)])
            }
            for n in newAlarms {
                var a = n
                if let doc = try String.fetchOne(db, sql: "SELECT document FROM source_alarm WHERE id = ?", arguments: [n.id]),
                   let old = try? StoreJSON.decode(doc) as SourceAlarm {
                    a = SourcesMerge.alarm(old, n)
                }
                try db.execute(sql: "INSERT OR REPLACE INTO source_alarm (id, active, document) VALUES (?, ?, ?)",
                               arguments: [a.id, a.isActive ? 1 : 0, try StoreJSON.encode(a)])
            }
            if !readings.isEmpty || !newAlarms.isEmpty { try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'sources_revision'") }
        }
    }

    /// A device's readings in (time, pollutant) order.
    public func sourceReadings(mn: String, kind: HJ212DataKind, from: HJ212Time, to: HJ212Time) async throws -> [SourceReading] {
        try await readings(sql: "SELECT mn, kind, time, pollutant, texts FROM source_reading WHERE mn = ? AND kind = ? AND time BETWEEN ? AND ? ORDER BY time, pollutant",
                           arguments: [mn, kind.rawValue, from.description, to.description])
    }

    /// Every device's readings in (mn, time, pollutant) order.
    public func sourceReadings(kind: HJ212DataKind, from: HJ212Time, to: HJ212Time) async throws -> [SourceReading] {
        try await readings(sql: "SELECT mn, kind, time, pollutant, texts FROM source_reading WHERE kind = ? AND time BETWEEN ? AND ? ORDER BY mn, time, pollutant",
                           arguments: [kind.rawValue, from.description, to.description])
    }

    private func readings(sql: String, arguments: StatementArguments) async throws -> [SourceReading] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let time: String = row["time"], kind: String = row["kind"]
                guard let t = HJ212Time(time.filter(\.isNumber)), let k = HJ212DataKind(rawValue: kind),
                      let texts = try? StoreJSON.decode(row["texts"] as String) as [String: String] else {
                    throw StoreError.database("a stored source reading (\(row["mn"] as String), \(time)) cannot be read")
                }
                return SourceReading(mn: row["mn"], kind: k, time: t, pollutant: row["pollutant"], texts: texts)
            }
        }
    }

    /// Alarms, newest first.
    public func sourceAlarms(activeOnly: Bool) async throws -> [SourceAlarm] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM source_alarm" + (activeOnly ? " WHERE active = 1" : "")).map { doc in
                do { return try StoreJSON.decode(doc) as SourceAlarm } catch { throw StoreError.database("a stored alarm cannot be read: \(error)") }
            }.sorted(by: SourcesMerge.newestFirst)
        }
    }

    /// Device states in MN order.
    public func sourceDeviceStatus() async throws -> [DeviceStatus] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT document FROM source_device_state ORDER BY mn").map { doc in
                do { return try StoreJSON.decode(doc) as DeviceStatus } catch { throw StoreError.database("a stored device state cannot be read: \(error)") }
            }
        }
    }

    /// The latest raw packets, newest first.
    public func sourcePackets(mn: String?, limit: Int) async throws -> [SourcePacketRecord] {
        try await pool.read { db in
            let sql = "SELECT received_at, peer, mn, cn, outcome, raw FROM source_packet" + (mn == nil ? "" : " WHERE mn = ?") + " ORDER BY id DESC LIMIT ?"
            let args: StatementArguments = mn.map { [$0, max(0, limit)] } ?? [max(0, limit)]
            return try Row.fetchAll(db, sql: sql, arguments: args).map { row in
                SourcePacketRecord(receivedAt: Date(timeIntervalSince1970: row["received_at"]), peer: row["peer"], mn: row["mn"], cn: row["cn"],
                                   outcome: row["outcome"], raw: row["raw"])
            }
        }
    }

    /// Deletes raw packets received before a moment.
    public func purgeSourcePackets(before: Date) async throws -> Int {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM source_packet WHERE received_at < ?", arguments: [before.timeIntervalSince1970])
            return db.changesCount
        }
    }
}
