import EcoKit
public import Foundation

/// A reported value: a number, or a level for qualitative indicators.
public enum ObservationValue: Sendable, Hashable, CustomStringConvertible {
    case number(Double)
    case level(String)

    /// The number, nil for a level.
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
    /// The framework id.
    public var framework: String
    /// The indicator id.
    public var indicator: String
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int

    /// Creates a key.
    public init(framework: String, indicator: String, region: RegionCode, year: Int) {
        self.framework = framework
        self.indicator = indicator
        self.region = region
        self.year = year
    }

    /// Ordered by framework, region, indicator, year (the store's key order).
    public static func < (a: ObservationKey, b: ObservationKey) -> Bool {
        (a.framework, a.region, a.indicator, a.year) < (b.framework, b.region, b.indicator, b.year)
    }
}

/// A stored value with where it came from.
public struct Observation: Sendable, Hashable {
    /// Which cell.
    public var key: ObservationKey
    /// The value.
    public var value: ObservationValue
    /// The publication, file or process the value came from.
    public var source: String?
    /// The reporter's note.
    public var note: String?
    /// Certainty mark for values taken from the reference publications; nil for ordinary reports.
    public var certainty: Certainty?
    /// True for synthetic demo data (示例数据), which is never shown as real.
    public var synthetic: Bool
    /// When it was last written (set by the store; ignored in writes).
    public var updatedAt: Date?
    /// Who wrote it last (set by the store; ignored in writes).
    public var updatedBy: String?
    /// The stored version: 1 when first written, one more at every change (set by the store; 0 for a value not read
    /// from it). A writer who edited a value it read states that version (`ChangeContext.expectedVersions`).
    public var version: Int

    /// The note prefix that marks a value as incomplete (e.g. `incomplete: 250 valid days` from an air year below the
    /// GB 3095 Table 4 completeness rule). Such a value is stored and shown, but the assessment gives it the status
    /// `incomplete` — no attainment, no score, not a point of any trend — instead of treating it as a normal value.
    /// A reporter may mark a value the same way in the note column.
    public static let incompletePrefix = "incomplete:"

    /// True when the note marks the value as incomplete (`incompletePrefix`).
    public var isIncomplete: Bool { note?.hasPrefix(Self.incompletePrefix) == true }

    /// Creates an observation.
    public init(key: ObservationKey, value: ObservationValue, source: String? = nil, note: String? = nil,
                certainty: Certainty? = nil, synthetic: Bool = false, updatedAt: Date? = nil, updatedBy: String? = nil, version: Int = 0) {
        self.version = version
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
    /// The record's number, increasing.
    public var id: Int64
    /// When the change was made.
    public var at: Date
    /// Who made it.
    public var actor: String
    /// The cell changed.
    public var key: ObservationKey
    /// Nil when the cell was empty before.
    public var oldValue: String?
    /// The value after the change; nil when removed.
    public var newValue: String?
    /// Why.
    public var reason: String?
    /// Where the new value came from.
    public var source: String?
    /// The client's network address (web and API changes).
    public var address: String?
    /// The client's user agent (web and API changes).
    public var userAgent: String?
    /// The record's place in its framework's audit chain (1, 2, …); nil for records from before the chain.
    public var seq: Int64?
    /// The hash of the record before it in the chain.
    public var previousHash: String?
    /// This record's hash (see `AuditChain` in EcoStore).
    public var hash: String?

    /// The indicator name under which workflow actions are audited (old and new value are the statuses).
    public static let workflowIndicator = "workflow"

    /// Creates a record.
    public init(id: Int64, at: Date, actor: String, key: ObservationKey, oldValue: String?, newValue: String?,
                reason: String?, source: String?, address: String? = nil, userAgent: String? = nil,
                seq: Int64? = nil, previousHash: String? = nil, hash: String? = nil) {
        self.address = address
        self.userAgent = userAgent
        self.seq = seq
        self.previousHash = previousHash
        self.hash = hash
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
