public import EcoCore
public import EcoKit
public import EcoStandards

/// The level a transmission rate is summed at.
public enum RateLevel: String, Sendable, Codable, CaseIterable {
    /// Per data logger.
    case device
    /// Per outlet (its devices summed).
    case outlet
    /// Per enterprise.
    case enterprise
    /// Per region (the enterprise's region and every region above it).
    case region
}

/// The daily data transmission rates (数据传输有效率) of one device, outlet, enterprise or region.
///
/// 数据传输率 = values received ÷ values expected; 数据有效率 = valid values ÷ values received; 数据传输有效率 =
/// 传输率 × 有效率 (= valid ÷ expected). This is the national assessment's definition as this project reads it
/// (the reference notes give no text for it: certainty `reconstructed`, the counts in `SourcesPolicy`). A value is
/// one period of the policy's rate kind (hourly by default: 24 a day) with at least one reading; it is valid when
/// every reading of that period carries a valid flag (N). Higher levels sum the counts, they do not average rates.
public struct TransmissionRate: Sendable, Codable, Equatable {
    /// The level.
    public var level: RateLevel
    /// MN, outlet id, credit code or region code.
    public var id: String
    /// The day.
    public var date: CivilDay
    /// Periods expected.
    public var expected: Int
    /// Periods received.
    public var received: Int
    /// Periods received with every reading valid.
    public var valid: Int
    /// The hours (period start) missing, for a device; empty above.
    public var missing: [Int]

    /// 数据传输率, 0–1; nil when nothing was expected.
    public var transmission: Double? { expected > 0 ? Double(received) / Double(expected) : nil }
    /// 数据有效率, 0–1; nil when nothing was received.
    public var validity: Double? { received > 0 ? Double(valid) / Double(received) : nil }
    /// 数据传输有效率 = 传输率 × 有效率.
    public var effective: Double? { transmission.map { $0 * (validity ?? 0) } }
}

/// The rate computation (pure).
public enum TransmissionRates {
    /// The rates of a day at a level, from that day's readings of the policy's kind. `parent` gives a region's
    /// parent for the region roll-up.
    public static func compute(date: CivilDay, readings: [SourceReading], index: SourceIndex, policy: SourcesPolicy,
                               level: RateLevel, parent: (RegionCode) -> RegionCode?) -> [TransmissionRate] {
        let expected = policy.expectedPerDay[policy.rateKind.rawValue] ?? 24
        let slot = 86_400 / max(expected, 1)
        // Per device: slot → all flags valid so far.
        var slots: [String: [Int: Bool]] = [:]
        for r in readings where r.kind == policy.rateKind && r.time.civilDay == date && index.devices[r.mn] != nil {
            let s = (r.time.hour * 3600 + r.time.minute * 60 + r.time.second) / slot
            guard s < expected else { continue }
            let ok = policy.validFlags.contains(r.flag)
            slots[r.mn, default: [:]][s] = (slots[r.mn]?[s] ?? true) && ok
        }
        var devices: [TransmissionRate] = []
        for d in index.registry.devices {
            let got = slots[d.mn] ?? [:]
            devices.append(TransmissionRate(level: .device, id: d.mn, date: date, expected: expected, received: got.count,
                                            valid: got.values.filter { $0 }.count,
                                            missing: (0..<expected).filter { got[$0] == nil }.map { $0 * slot / 3600 }))
        }
        switch level {
        case .device: return devices
        case .outlet: return sum(devices, level: .outlet, date: date) { [index.devices[$0.id]?.outlet].compactMap { $0 } }
        case .enterprise: return sum(devices, level: .enterprise, date: date) { [index.devices[$0.id]?.enterprise].compactMap { $0 } }
        case .region:
            return sum(devices, level: .region, date: date) { r in
                var out: [String] = []
                var code = index.region(ofDevice: r.id)
                while let c = code { out.append(c.rawValue); code = parent(c) }
                return out
            }
        }
    }

    static func sum(_ rows: [TransmissionRate], level: RateLevel, date: CivilDay, keys: (TransmissionRate) -> [String]) -> [TransmissionRate] {
        var acc: [String: TransmissionRate] = [:]
        for r in rows {
            for k in keys(r) {
                var a = acc[k] ?? TransmissionRate(level: level, id: k, date: date, expected: 0, received: 0, valid: 0, missing: [])
                a.expected += r.expected
                a.received += r.received
                a.valid += r.valid
                acc[k] = a
            }
        }
        return acc.sorted { $0.key < $1.key }.map(\.value)
    }
}

/// A device's connection state.
public struct DeviceStatus: Sendable, Codable, Equatable {
    /// The MN.
    public var mn: String
    /// When the last valid frame arrived.
    public var lastSeen: Double?
    /// The peer address of the last frame.
    public var peer: String?
    /// The latest status items (facility states, intervals, boot time, information codes).
    public var status: [String: String]

    /// Creates a status.
    public init(mn: String, lastSeen: Double?, peer: String?, status: [String: String]) {
        self.mn = mn
        self.lastSeen = lastSeen
        self.peer = peer
        self.status = status
    }

    /// Online when a frame arrived within the policy's minutes before `now` (seconds since 1970).
    public func isOnline(now: Double, policy: SourcesPolicy) -> Bool {
        guard let lastSeen else { return false }
        return now - lastSeen <= Double(policy.offlineAfterMinutes * 60)
    }
}
