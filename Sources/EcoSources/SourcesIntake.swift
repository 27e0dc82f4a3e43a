public import EcoCore
public import EcoStandards
public import Foundation

/// One pollutant's values for one period of one device, as stored: keyed by (device, kind, time, pollutant), so a
/// re-sent packet (same DataTime) replaces the same rows and changes nothing.
public struct SourceReading: Sendable, Codable, Equatable {
    /// The device's MN.
    public var mn: String
    /// Real-time, minute, hour or day.
    public var kind: HJ212DataKind
    /// DataTime: the acquisition moment (real-time) or the start of the period.
    public var time: HJ212Time
    /// The factor code as sent.
    public var pollutant: String
    /// Every suffix and its text as sent (`Rtd`, `Avg`, `Min`, `Max`, `Cou`, `Flag`, `EFlag`, …), so nothing is lost.
    public var texts: [String: String]

    /// Creates a reading.
    public init(mn: String, kind: HJ212DataKind, time: HJ212Time, pollutant: String, texts: [String: String]) {
        self.mn = mn
        self.kind = kind
        self.time = time
        self.pollutant = pollutant
        self.texts = texts
    }

    /// The period's value: `-Rtd` for real-time, `-Avg` otherwise.
    public var value: Double? { texts[kind.valueSuffix].flatMap { HJ212Number($0)?.value } }
    /// The cumulative amount `-Cou`.
    public var cumulative: Double? { texts["Cou"].flatMap { HJ212Number($0)?.value } }
    /// The data flag (HJ 212-2017 Table 8); a reading without one is taken as N, since the standard makes the flag
    /// part of every value and devices that omit it send normal data.
    public var flag: String { texts["Flag"] ?? "N" }
}

/// Why a packet was refused; counted by this name on `/metrics` and kept with the raw bytes.
public enum SourceRefusal: String, Sendable, Codable, CaseIterable {
    /// The data segment did not parse (the error names the field).
    case malformed
    /// No device with this MN is registered.
    case unknownDevice = "unknown_mn"
    /// The password does not match the registered one.
    case password
    /// An upload without a valid DataTime.
    case dataTime = "data_time"
}

/// What the intake made of one frame.
public struct SourceIntake: Sendable {
    /// The parsed packet, nil when it did not parse.
    public var packet: HJ212Packet?
    /// The refusal, nil when accepted.
    public var refusal: SourceRefusal?
    /// One sentence on the refusal.
    public var detail: String?
    /// The readings to store (data uploads).
    public var readings: [SourceReading]
    /// Status items of non-data uploads (2021 facility states, 2081 boot time, 1061/1063 intervals, 3020 information…)
    /// as name → text, the latest kept per device.
    public var status: [String: String]
    /// The reply's data segment, nil when none is due.
    public var reply: String?

    /// The intake of a frame's segment for the registry: parse, authenticate (MN registered, PW equal), cut the CP of
    /// a data upload into readings, build the acknowledgement. Refused packets give no readings and no reply (a
    /// platform has no standard negative answer to an upload, hj212.md §7.5).
    public static func accept(_ segment: [UInt8], index: SourceIndex) -> SourceIntake {
        let packet: HJ212Packet
        do { packet = try HJ212Packet.parse(segment) } catch {
            return SourceIntake(packet: nil, refusal: .malformed, detail: error.description, readings: [], status: [:], reply: nil)
        }
        guard let device = index.devices[packet.mn] else {
            return .refused(packet, .unknownDevice, "MN \(packet.mn.prefix(32)) is not registered")
        }
        guard packet.pw == device.password else { return .refused(packet, .password, "wrong password for MN \(device.mn)") }
        var readings: [SourceReading] = []
        var status: [String: String] = [:]
        if let kind = HJ212DataKind(cn: packet.cn) {
            guard let t = packet.cp.field("DataTime"), let time = HJ212Time(t) else {
                return .refused(packet, .dataTime, "an upload \(packet.cn) needs DataTime=YYYYMMDDhhmmss")
            }
            for r in packet.cp.readings {
                readings.append(SourceReading(mn: device.mn, kind: kind, time: time, pollutant: r.code,
                                              texts: Dictionary(r.values.map { ($0.name, $0.value) }, uniquingKeysWith: { _, b in b })))
            }
        } else if HJ212Command.uploads.contains(packet.cn) {
            for f in packet.cp.fields { status[f.name] = f.value }
            for r in packet.cp.readings { for v in r.values { status["\(r.code)-\(v.name)"] = v.value } }
        }
        return SourceIntake(packet: packet, refusal: nil, detail: nil, readings: readings, status: status,
                            reply: HJ212Reply.segment(answering: packet))
    }

    /// The MN field of a segment, found without parsing the whole packet (to pick the device's CRC variant before
    /// the CRC is checked).
    public static func mn(in segment: [UInt8]) -> String? {
        let key: [UInt8] = Array("MN=".utf8)
        var i = 0
        while i + 3 <= segment.count {
            if segment[i] == key[0], segment[i + 1] == key[1], segment[i + 2] == key[2], i == 0 || segment[i - 1] == 0x3B {
                var j = i + 3
                while j < segment.count, segment[j] != 0x3B, segment[j] != 0x26 { j += 1 }
                return String(decoding: segment[(i + 3)..<j], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            }
            i += 1
        }
        return nil
    }

    static func refused(_ p: HJ212Packet, _ r: SourceRefusal, _ detail: String) -> SourceIntake {
        SourceIntake(packet: p, refusal: r, detail: detail, readings: [], status: [:], reply: nil)
    }
}

/// A received frame kept as evidence for a configured number of days: accepted or refused, with its bytes.
public struct SourcePacketRecord: Sendable, Codable, Equatable {
    /// When the server received it.
    public var receivedAt: Date
    /// The peer's address.
    public var peer: String
    /// The MN it named, if it parsed that far.
    public var mn: String?
    /// The command code.
    public var cn: String?
    /// `accepted`, or the refusal's name, or a stream problem's (`crc`, `garbage`, …).
    public var outcome: String
    /// The frame's bytes as text (invalid UTF-8 replaced).
    public var raw: String

    /// Creates a record.
    public init(receivedAt: Date, peer: String, mn: String?, cn: String?, outcome: String, raw: String) {
        self.receivedAt = receivedAt
        self.peer = peer
        self.mn = mn
        self.cn = cn
        self.outcome = outcome
        self.raw = raw
    }
}

/// Tracks the sub-packets of split uploads (PNUM/PNO, hj212.md §2.1): each is stored as it comes (its CP is complete on
/// its own and the readings merge by (MN, CN, DataTime)); the tracker tells when a set is complete and which sets
/// timed out with gaps.
public struct SplitTracker: Sendable {
    struct Key: Hashable { var mn: String, cn: String, time: String }
    private var open: [Key: (count: Int, seen: Set<Int>, since: Date)] = [:]
    /// Seconds a set may stay incomplete.
    public var timeout: TimeInterval

    /// A tracker with a timeout (a few minutes in practice).
    public init(timeout: TimeInterval = 300) { self.timeout = timeout }

    /// Records a sub-packet; true when it completes its set.
    public mutating func record(_ p: HJ212Packet, at now: Date) -> Bool {
        guard let count = p.packetCount, let number = p.packetNumber else { return false }
        let key = Key(mn: p.mn, cn: p.cn, time: p.cp.field("DataTime") ?? p.qn ?? "")
        var entry = open[key] ?? (count, [], now)
        entry.seen.insert(number)
        if entry.seen.count >= entry.count { open[key] = nil; return true }
        open[key] = entry
        return false
    }

    /// The sets older than the timeout, removed, with their missing packet numbers.
    public mutating func expire(at now: Date) -> [(mn: String, cn: String, missing: [Int])] {
        var out: [(String, String, [Int])] = []
        for (k, v) in open where now.timeIntervalSince(v.since) > timeout {
            out.append((k.mn, k.cn, (1...max(v.count, 1)).filter { !v.seen.contains($0) }))
            open[k] = nil
        }
        return out
    }

    /// Sets waiting for sub-packets.
    public var pending: Int { open.count }
}
