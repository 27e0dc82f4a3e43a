import EcoKit
import Foundation

/// A reported value: a number, or a level for qualitative indicators.
public enum ObservationValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case level(String)

    public var number: Double? {
        if case .number(let v) = self { return v }
        return nil
    }

    /// The canonical text form, used in CSV, audit records and comparisons: numbers without a trailing `.0`.
    public var description: String {
        switch self {
        case .number(let v): return NumberText.shortest(v)
        case .level(let l): return l
        }
    }
}

/// Identifies one cell: (framework, indicator, region, year).
public struct ObservationKey: Sendable, Hashable, Comparable {
    public var framework: String
    public var indicator: String
    public var region: RegionCode
    public var year: Int

    public init(framework: String, indicator: String, region: RegionCode, year: Int) {
        self.framework = framework
        self.indicator = indicator
        self.region = region
        self.year = year
    }

    public static func < (a: ObservationKey, b: ObservationKey) -> Bool {
        (a.framework, a.region, a.indicator, a.year) < (b.framework, b.region, b.indicator, b.year)
    }
}

/// A stored value with where it came from.
public struct Observation: Sendable, Hashable {
    public var key: ObservationKey
    public var value: ObservationValue
    /// The publication, file or process the value came from.
    public var source: String?
    public var note: String?
    /// Certainty mark for values taken from the reference publications; nil for ordinary reports.
    public var certainty: Certainty?
    /// True for synthetic demo data (示例数据), which is never shown as real.
    public var synthetic: Bool
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(key: ObservationKey, value: ObservationValue, source: String? = nil, note: String? = nil,
                certainty: Certainty? = nil, synthetic: Bool = false, updatedAt: Date? = nil, updatedBy: String? = nil) {
        self.key = key
        self.value = value
        self.source = source
        self.note = note
        self.certainty = certainty
        self.synthetic = synthetic
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
}

/// One append-only record of a change to a reported value.
public struct AuditRecord: Sendable, Hashable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var key: ObservationKey
    /// Nil when the cell was empty before.
    public var oldValue: String?
    public var newValue: String?
    public var reason: String?
    public var source: String?

    public init(id: Int64, at: Date, actor: String, key: ObservationKey, oldValue: String?, newValue: String?,
                reason: String?, source: String?) {
        self.id = id
        self.at = at
        self.actor = actor
        self.key = key
        self.oldValue = oldValue
        self.newValue = newValue
        self.reason = reason
        self.source = source
    }
}
