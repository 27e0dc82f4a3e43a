public import EcoCore
public import EcoStandards
public import Foundation

/// The rules of the sources domain that no standard fixes: which data flags count, when a device is offline, how
/// long raw packets are kept, and how many values a day should bring. Each carries its certainty; the defaults are
/// this platform's reading (`reconstructed`), loaded from `sources-policy.json` and replaceable with `--policy FILE`.
public struct SourcesPolicy: Sendable, Codable, Equatable {
    /// Flags whose values are compared with limits. HJ 212-2017 Table 8: only N is "instrument working normally";
    /// F stopped, M maintenance, S manual set value, D fault, C calibration, T above the measuring range and B
    /// communication fault are not measurements of the discharge and open no exceedance.
    public var evaluatedFlags: Set<String>
    /// Flags whose values count as valid for the validity rate (有效率).
    public var validFlags: Set<String>
    /// Flags that raise an over-range alarm instead of an exceedance (T: the true value is above the instrument's range).
    public var overRangeFlags: Set<String>
    /// Minutes without a valid frame after which a device is offline.
    public var offlineAfterMinutes: Int
    /// Days the raw packets are kept as evidence.
    public var keepRawDays: Int
    /// The values of each kind a device should send per day (hour: 24).
    public var expectedPerDay: [String: Int]
    /// The kind the daily rates are computed on.
    public var rateKind: HJ212DataKind
    /// `reconstructed` (this platform's reading) or `official` (a rule read in an official text).
    public var certainty: String
    /// Where the rule comes from, shown beside the rates (Chinese, and English).
    public var source: String
    /// The English text of `source`.
    public var sourceEn: String?

    /// Creates a policy.
    public init(evaluatedFlags: Set<String> = ["N"], validFlags: Set<String> = ["N"], overRangeFlags: Set<String> = ["T"],
                offlineAfterMinutes: Int = 30, keepRawDays: Int = 180, expectedPerDay: [String: Int] = ["hour": 24],
                rateKind: HJ212DataKind = .hour, certainty: String = "reconstructed", source: String = "", sourceEn: String? = nil) {
        self.evaluatedFlags = evaluatedFlags
        self.validFlags = validFlags
        self.overRangeFlags = overRangeFlags
        self.offlineAfterMinutes = offlineAfterMinutes
        self.keepRawDays = keepRawDays
        self.expectedPerDay = expectedPerDay
        self.rateKind = rateKind
        self.certainty = certainty
        self.source = source
        self.sourceEn = sourceEn
    }

    /// Why a policy cannot be used, nil when it can.
    public var problem: String? {
        if !(1...10_080).contains(offlineAfterMinutes) { return "offlineAfterMinutes must be 1–10080" }
        if !(1...3650).contains(keepRawDays) { return "keepRawDays must be 1–3650" }
        guard let e = expectedPerDay[rateKind.rawValue], (1...86_400).contains(e) else { return "expectedPerDay needs a count 1–86400 for \(rateKind.rawValue)" }
        return nil
    }
}

/// What an alarm is about.
public enum AlarmKind: String, Sendable, Codable, CaseIterable {
    /// A valid value above its permit limit (超标).
    case exceedance
    /// A value flagged above the instrument's range (超量程).
    case overRange = "over_range"

    /// The Chinese name.
    public var zh: String { self == .exceedance ? "超标" : "超量程" }
}

/// The states of an alarm: open → acknowledged → closed, each with who and when.
public enum AlarmState: String, Sendable, Codable, CaseIterable {
    /// Raised, nobody has seen it.
    case open
    /// Seen and being handled.
    case acknowledged
    /// Handled.
    case closed

    /// The Chinese name.
    public var zh: String { switch self { case .open: "未处理"; case .acknowledged: "已确认"; case .closed: "已关闭" } }
}

/// An alarm on one outlet's pollutant and period. While it is open or acknowledged, later exceedances of the same
/// (outlet, pollutant, period, kind) extend it instead of opening new ones.
public struct SourceAlarm: Sendable, Codable, Equatable {
    /// `outlet|pollutant|period|kind|first data time`.
    public var id: String
    /// Exceedance or over-range.
    public var kind: AlarmKind
    /// The device that sent the value.
    public var mn: String
    /// The outlet.
    public var outlet: String
    /// The enterprise's credit code.
    public var enterprise: String
    /// The region of the enterprise.
    public var region: RegionCode
    /// The factor code.
    public var pollutant: String
    /// The averaging period.
    public var period: HJ212DataKind
    /// The limit and its unit (nil for an over-range alarm on a pollutant without a limit).
    public var limit: Double?
    /// The limit's unit.
    public var unit: String?
    /// The first value that raised it, and the largest since.
    public var firstValue: Double
    /// The largest value since it opened.
    public var maxValue: Double
    /// How many values exceeded (distinct data times: a re-sent packet does not count again).
    public var count: Int
    /// The data times counted (compact `YYYYMMDDhhmmss`), up to `SourceAlarm.trackedTimes`; beyond that the count
    /// grows without the check.
    public var times: [String]?
    /// The data time of the first and the last exceeding value.
    public var firstAt: HJ212Time
    /// The data time of the last exceeding value.
    public var lastAt: HJ212Time
    /// Its state.
    public var state: AlarmState
    /// Who acknowledged it, and when.
    public var acknowledgedBy: String?
    /// When it was acknowledged.
    public var acknowledgedAt: Date?
    /// Who closed it, and when.
    public var closedBy: String?
    /// When it was closed.
    public var closedAt: Date?
    /// The handler's note.
    public var note: String?

    /// Creates an alarm (not yet acknowledged or closed).
    public init(id: String, kind: AlarmKind, mn: String, outlet: String, enterprise: String, region: RegionCode, pollutant: String,
                period: HJ212DataKind, limit: Double?, unit: String?, firstValue: Double, maxValue: Double, count: Int,
                firstAt: HJ212Time, lastAt: HJ212Time, state: AlarmState) {
        self.id = id
        self.kind = kind
        self.mn = mn
        self.outlet = outlet
        self.enterprise = enterprise
        self.region = region
        self.pollutant = pollutant
        self.period = period
        self.limit = limit
        self.unit = unit
        self.firstValue = firstValue
        self.maxValue = maxValue
        self.count = count
        self.firstAt = firstAt
        self.lastAt = lastAt
        self.state = state
    }

    /// How many data times an alarm remembers to keep its count exact.
    public static let trackedTimes = 2000

    /// Whether it is not yet closed.
    public var isActive: Bool { state != .closed }
}

/// Compares readings with permit limits (pure): the limit of the reading's period (a real-time limit against
/// `-Rtd`, an hour limit against the hour's `-Avg`, …; an emission-rate limit in kg/h against `-Cou` over the
/// period's hours), only for flags the policy evaluates; over-range flags open an over-range alarm.
public enum AlarmEvaluation {
    /// The alarms after the readings: new ones, and active ones extended. `active` are the stored active alarms.
    public static func evaluate(_ readings: [SourceReading], index: SourceIndex, policy: SourcesPolicy,
                                active: [SourceAlarm]) -> [SourceAlarm] {
        var byKey: [String: SourceAlarm] = [:]
        for a in active where a.isActive { byKey[key(a.outlet, a.pollutant, a.period, a.kind)] = a }
        var changed: Set<String> = []
        // Readings come grouped by device: its registry entries are looked up once per run of its readings.
        var cached: (mn: String, device: SourceDevice, region: RegionCode, limits: [PermitLimit])?
        for r in readings {
            if cached?.mn != r.mn {
                guard let device = index.devices[r.mn], let region = index.region(ofDevice: r.mn) else { cached = nil; continue }
                cached = (r.mn, device, region, index.limits[device.outlet] ?? [])
            }
            guard let (_, device, region, limits) = cached else { continue }
            let limit = limits.first { $0.pollutant == r.pollutant && $0.period == r.kind }
            let kind: AlarmKind
            let value: Double
            if policy.overRangeFlags.contains(r.flag), let v = r.value {
                kind = .overRange; value = v
            } else if policy.evaluatedFlags.contains(r.flag), let limit, let v = measured(r, limit) {
                guard v > limit.limit else { continue }
                kind = .exceedance; value = v
            } else { continue }
            let k = key(device.outlet, r.pollutant, r.kind, kind)
            if var a = byKey[k] {
                var times = a.times ?? [a.firstAt.compact]
                let stamp = r.time.compact
                if times.contains(stamp) { continue }
                if times.count < SourceAlarm.trackedTimes { times.append(stamp); a.times = times }
                a.count += 1
                a.maxValue = max(a.maxValue, value)
                if r.time > a.lastAt { a.lastAt = r.time }
                byKey[k] = a
            } else {
                byKey[k] = SourceAlarm(id: "\(device.outlet)|\(r.pollutant)|\(r.kind.rawValue)|\(kind.rawValue)|\(r.time.compact)", kind: kind,
                                       mn: r.mn, outlet: device.outlet, enterprise: device.enterprise, region: region,
                                       pollutant: r.pollutant, period: r.kind, limit: limit?.limit, unit: limit?.unit,
                                       firstValue: value, maxValue: value, count: 1, firstAt: r.time, lastAt: r.time,
                                       state: .open)
                byKey[k]?.times = [r.time.compact]
            }
            changed.insert(k)
        }
        return changed.sorted().compactMap { byKey[$0] }
    }

    /// The reading's quantity in the limit's terms: the value for a concentration; for a rate (kg/h), `-Cou` (kg)
    /// divided by the period's hours (hour 1, day 24; real-time and minute have no rate).
    public static func measured(_ r: SourceReading, _ limit: PermitLimit) -> Double? {
        switch limit.basis {
        case .concentration: return r.value
        case .rate:
            switch r.kind {
            case .hour: return r.cumulative
            case .day: return r.cumulative.map { $0 / 24 }
            case .rtd, .minute: return nil
            }
        }
    }

    static func key(_ outlet: String, _ pollutant: String, _ period: HJ212DataKind, _ kind: AlarmKind) -> String {
        "\(outlet)|\(pollutant)|\(period.rawValue)|\(kind.rawValue)"
    }
}
