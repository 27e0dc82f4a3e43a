public import EcoCore
public import EcoKit
public import EcoStandards
public import EcoStore
public import Foundation

/// One write of the acquisition server: readings (upserted by key), raw packets, device status and alarms, stored in
/// one transaction so that nothing is half-written.
public struct SourceWriteBatch: Sendable {
    /// Readings, the last of a repeated key winning.
    public var readings: [SourceReading]
    /// Raw packets for evidence.
    public var packets: [SourcePacketRecord]
    /// Device states (last seen, peer, status items merged into the stored ones).
    public var devices: [DeviceStatus]
    /// Alarms new or changed, replacing the stored ones by id.
    public var alarms: [SourceAlarm]

    /// Creates a batch.
    public init(readings: [SourceReading] = [], packets: [SourcePacketRecord] = [], devices: [DeviceStatus] = [], alarms: [SourceAlarm] = []) {
        self.readings = readings
        self.packets = packets
        self.devices = devices
        self.alarms = alarms
    }

    /// Whether there is nothing to write.
    public var isEmpty: Bool { readings.isEmpty && packets.isEmpty && devices.isEmpty && alarms.isEmpty }
}

/// Which part of the registry a file holds.
public enum RegistryKind: String, Sendable, CaseIterable {
    /// Enterprises (`credit_code,name,region,industry`).
    case enterprises
    /// Outlets (`outlet,enterprise,kind,lon,lat`).
    case outlets
    /// Devices (`mn,password,outlet,enterprise,version[,crc]`).
    case devices
    /// Permits (`permit,enterprise,valid_from,valid_to`).
    case permits
    /// Permit limits (`outlet,pollutant,limit,unit,period`).
    case limits
}

/// The pollution-sources domain's store facet: the registry, readings, raw packets, device states and alarms.
public protocol SourcesStore: Sendable {
    /// Writes registry rows in one transaction, inserting or replacing each by its key.
    func upsertSourceRegistry(_ registry: SourceRegistry) async throws
    /// The whole registry.
    func sourceRegistry() async throws -> SourceRegistry
    /// Writes a batch in one transaction.
    func writeSourceBatch(_ batch: SourceWriteBatch) async throws
    /// A device's readings of a kind with time in [from, to], in (time, pollutant) order.
    func sourceReadings(mn: String, kind: HJ212DataKind, from: HJ212Time, to: HJ212Time) async throws -> [SourceReading]
    /// Every device's readings of a kind with time in [from, to], in (mn, time, pollutant) order.
    func sourceReadings(kind: HJ212DataKind, from: HJ212Time, to: HJ212Time) async throws -> [SourceReading]
    /// Alarms, newest first; only active ones (open or acknowledged) when `activeOnly`.
    func sourceAlarms(activeOnly: Bool) async throws -> [SourceAlarm]
    /// Device states.
    func sourceDeviceStatus() async throws -> [DeviceStatus]
    /// The latest raw packets, newest first (at most `limit`), of one device or of all.
    func sourcePackets(mn: String?, limit: Int) async throws -> [SourcePacketRecord]
    /// Deletes raw packets received before a moment; returns how many.
    func purgeSourcePackets(before: Date) async throws -> Int
}

/// The facet's tables as every backend stores them (for `ecoprov store copy`).
public enum SourcesTables {
    /// Registry, readings, packets, device states, alarms.
    public static let all: [StoredTable] = [
        StoredTable(name: "source_enterprise", columns: [.init("credit_code", .text), .init("document", .text)], key: ["credit_code"]),
        StoredTable(name: "source_outlet", columns: [.init("id", .text), .init("document", .text)], key: ["id"]),
        StoredTable(name: "source_device", columns: [.init("mn", .text), .init("document", .text)], key: ["mn"]),
        StoredTable(name: "source_permit", columns: [.init("number", .text), .init("document", .text)], key: ["number"]),
        StoredTable(name: "source_limit", columns: [.init("outlet", .text), .init("pollutant", .text), .init("period", .text), .init("document", .text)],
                    key: ["outlet", "pollutant", "period"]),
        StoredTable(name: "source_reading", columns: [.init("mn", .text), .init("kind", .text), .init("time", .text), .init("pollutant", .text),
                                                      .init("texts", .text)], key: ["mn", "kind", "time", "pollutant"]),
        StoredTable(name: "source_packet", columns: [.init("id", .integer), .init("received_at", .real), .init("peer", .text), .init("mn", .text),
                                                     .init("cn", .text), .init("outcome", .text), .init("raw", .text)], key: ["id"]),
        StoredTable(name: "source_device_state", columns: [.init("mn", .text), .init("document", .text)], key: ["mn"]),
        StoredTable(name: "source_alarm", columns: [.init("id", .text), .init("active", .integer), .init("document", .text)], key: ["id"]),
    ]
}

/// The rules every backend applies when it writes the facet (one place for both).
public enum SourcesMerge {
    /// A device state after a new one: the later last-seen time and its peer, the status items merged (new wins).
    public static func status(_ old: DeviceStatus, _ new: DeviceStatus) -> DeviceStatus {
        var out = old
        if (new.lastSeen ?? 0) >= (old.lastSeen ?? 0) { out.lastSeen = new.lastSeen; out.peer = new.peer ?? old.peer }
        out.status.merge(new.status) { _, b in b }
        return out
    }

    /// Alarms newest first: by the last exceeding data time, then id.
    public static func newestFirst(_ a: SourceAlarm, _ b: SourceAlarm) -> Bool { a.lastAt != b.lastAt ? a.lastAt > b.lastAt : a.id < b.id }
}

extension SourcesMerge {
    /// The stored alarm after a write: the new document, but never moved back along open → acknowledged → closed
    /// (the ingest extends an alarm from its memory while a handler may have closed it meanwhile; the handler's
    /// step and its who/when stay).
    public static func alarm(_ old: SourceAlarm, _ new: SourceAlarm) -> SourceAlarm {
        let order: [AlarmState] = [.open, .acknowledged, .closed]
        guard order.firstIndex(of: old.state)! > order.firstIndex(of: new.state)! else { return new }
        var out = new
        out.state = old.state
        out.acknowledgedBy = old.acknowledgedBy ?? new.acknowledgedBy
        out.acknowledgedAt = old.acknowledgedAt ?? new.acknowledgedAt
        out.closedBy = old.closedBy
        out.closedAt = old.closedAt
        out.note = old.note ?? new.note
        return out
    }
}
