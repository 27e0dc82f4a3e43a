import EcoCore
import EcoKit
import EcoSources
import EcoStandards
import Foundation

/// The sources facet's checks (`SourcesStore`): registry, readings, packets, device states and alarms.
enum SourcesConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("sources registry rows are upserted by key and read back in key order", registry),
        ("source readings: a re-sent period replaces its rows, ranges and kinds are honoured", readings),
        ("source alarms, device states and raw packets: replaced, merged, purged", alarmsAndPackets),
    ]

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: "sources: " + message()) }
    }

    static let code = "91140000701012345T"

    static func registry(_ s: any ConformingStore) async throws {
        let e = SourceEnterprise(creditCode: code, name: "甲电厂", region: RegionCode("140105")!, industry: "火力发电")
        try await s.upsertSourceRegistry(SourceRegistry(
            enterprises: [e], outlets: [SourceOutlet(id: "O2", enterprise: code, kind: .gas, lon: 112.5, lat: 37.8),
                                        SourceOutlet(id: "O1", enterprise: code, kind: .water, lon: 112.4, lat: 37.7)],
            devices: [SourceDevice(mn: "MN1", password: "123456", outlet: "O2", enterprise: code, version: .v2017, crc: .modbus)],
            permits: [SourcePermit(number: "P1", enterprise: code, validFrom: CivilDay(year: 2023, month: 1, day: 1), validTo: CivilDay(year: 2027, month: 12, day: 31))],
            limits: [PermitLimit(outlet: "O2", pollutant: "a21026", limit: 35, unit: "mg/m3", period: .hour)]))
        try await s.upsertSourceRegistry(SourceRegistry(limits: [PermitLimit(outlet: "O2", pollutant: "a21026", limit: 50, unit: "mg/m3", period: .hour)]))
        let r = try await s.sourceRegistry()
        try expect(r.outlets.map(\.id) == ["O1", "O2"], "outlets in id order, got \(r.outlets.map(\.id))")
        try expect(r.devices.first?.crc == .modbus && r.devices.first?.version == .v2017, "the device's CRC variant and version round-trip")
        try expect(r.limits.count == 1 && r.limits.first?.limit == 50, "a limit is replaced by (outlet, pollutant, period), got \(r.limits)")
        try expect(r.permits.first?.validTo == CivilDay(year: 2027, month: 12, day: 31), "permit days round-trip")
    }

    static func t(_ s: String) -> HJ212Time { HJ212Time(s)! }

    static func readings(_ s: any ConformingStore) async throws {
        func r(_ time: String, _ avg: String, kind: HJ212DataKind = .hour, mn: String = "MN1") -> SourceReading {
            SourceReading(mn: mn, kind: kind, time: t(time), pollutant: "a21026", texts: ["Avg": avg, "Flag": "N"])
        }
        try await s.writeSourceBatch(SourceWriteBatch(readings: [r("20240131230000", "10"), r("20240201000000", "20"), r("20240201000000", "21", kind: .minute)]))
        // Re-sent: the same hour again with a corrected value, and an hour of another device.
        try await s.writeSourceBatch(SourceWriteBatch(readings: [r("20240201000000", "22"), r("20240201000000", "5", mn: "MN2")]))
        let got = try await s.sourceReadings(mn: "MN1", kind: .hour, from: t("20240101000000"), to: t("20240229235959"))
        try expect(got.map(\.texts["Avg"]) == ["10", "22"], "one row per hour, the re-sent one replacing it, got \(got.map(\.texts))")
        try expect(got.first?.time == t("20240131230000"), "data times round-trip across a month boundary")
        let all = try await s.sourceReadings(kind: .hour, from: t("20240201000000"), to: t("20240201000000"))
        try expect(all.map(\.mn) == ["MN1", "MN2"], "every device's hour, in MN order, got \(all.map(\.mn))")
        let minute = try await s.sourceReadings(mn: "MN1", kind: .minute, from: t("20240201000000"), to: t("20240201000000"))
        try expect(minute.first?.texts["Avg"] == "21", "kinds are kept apart")
    }

    static func alarmsAndPackets(_ s: any ConformingStore) async throws {
        let a = SourceAlarm(id: "O2|a21026|hour|exceedance|20240201000000", kind: .exceedance, mn: "MN1", outlet: "O2", enterprise: code,
                            region: RegionCode("140105")!, pollutant: "a21026", period: .hour, limit: 35, unit: "mg/m3", firstValue: 40,
                            maxValue: 40, count: 1, firstAt: t("20240201000000"), lastAt: t("20240201000000"), state: .open)
        let now = Date(timeIntervalSince1970: 1_706_745_600)
        try await s.writeSourceBatch(SourceWriteBatch(
            packets: [SourcePacketRecord(receivedAt: now.addingTimeInterval(-86_400 * 200), peer: "10.0.0.1:5000", mn: "MN1", cn: "2061", outcome: "accepted", raw: "##old"),
                      SourcePacketRecord(receivedAt: now, peer: "10.0.0.1:5000", mn: nil, cn: nil, outcome: "crc", raw: "##bad")],
            devices: [DeviceStatus(mn: "MN1", lastSeen: 100, peer: "a", status: ["RtdInterval": "30"])], alarms: [a]))
        var closed = a
        closed.state = .closed
        closed.closedBy = "sheng"
        try await s.writeSourceBatch(SourceWriteBatch(devices: [DeviceStatus(mn: "MN1", lastSeen: 200, peer: "b", status: ["MinInterval": "10"])], alarms: [closed]))
        try expect(try await s.sourceAlarms(activeOnly: true).isEmpty, "a closed alarm is not active")
        try expect(try await s.sourceAlarms(activeOnly: false).first?.closedBy == "sheng", "the alarm was replaced whole")
        let st = try await s.sourceDeviceStatus()
        try expect(st.first?.lastSeen == 200 && st.first?.peer == "b" && st.first?.status == ["RtdInterval": "30", "MinInterval": "10"],
                   "device states merge: the later time and peer, status items united, got \(st)")
        try expect(try await s.sourcePackets(mn: nil, limit: 10).map(\.raw) == ["##bad", "##old"], "packets newest first")
        let purged = try await s.purgeSourcePackets(before: now.addingTimeInterval(-86_400 * 180))
        try expect(purged == 1, "one packet older than 180 days is purged, got \(purged)")
        try expect(try await s.sourcePackets(mn: "MN1", limit: 10).isEmpty, "the purged packet is gone")
    }
}
