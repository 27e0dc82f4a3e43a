import EcoCore
import Foundation

/// Who changes data, when, why and from what source. Every write of observations carries one.
public struct ChangeContext: Sendable {
    public var actor: String
    public var at: Date
    public var reason: String?

    public init(actor: String, at: Date, reason: String? = nil) {
        self.actor = actor
        self.at = at
        self.reason = reason
    }
}

/// One value to write.
public struct ObservationWrite: Sendable, Hashable {
    public var key: ObservationKey
    public var value: ObservationValue
    public var source: String?
    public var note: String?
    public var certainty: Certainty?
    public var synthetic: Bool

    public init(key: ObservationKey, value: ObservationValue, source: String? = nil, note: String? = nil,
                certainty: Certainty? = nil, synthetic: Bool = false) {
        self.key = key
        self.value = value
        self.source = source
        self.note = note
        self.certainty = certainty
        self.synthetic = synthetic
    }
}

/// What a write does to a cell that already holds a value.
public enum WritePolicy: Sendable {
    /// Replace it (a report or an import): the change is audited.
    case replace
    /// Leave any existing value alone (seeding published figures).
    case keepExisting
    /// Replace synthetic values only, never a real one (demo data).
    case keepReal
}

/// The outcome of a write, counted per cell.
public struct WriteSummary: Sendable, Hashable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0
    /// Cells left alone because of the write policy.
    public var kept = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, kept: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.kept = kept
    }
}

/// A filter over stored observations, with keyset paging: pass the last key of a page as `after`.
public struct ObservationQuery: Sendable {
    public var framework: String
    public var region: RegionCode?
    public var indicator: String?
    public var years: ClosedRange<Int>?
    public var includeSynthetic: Bool
    public var after: ObservationKey?
    public var limit: Int?

    public init(framework: String, region: RegionCode? = nil, indicator: String? = nil, years: ClosedRange<Int>? = nil,
                includeSynthetic: Bool = true, after: ObservationKey? = nil, limit: Int? = nil) {
        self.framework = framework
        self.region = region
        self.indicator = indicator
        self.years = years
        self.includeSynthetic = includeSynthetic
        self.after = after
        self.limit = limit
    }
}

/// A stored framework version with who imported it.
public struct FrameworkVersionInfo: Sendable, Hashable {
    public var id: String
    public var version: Int
    public var importedAt: Date
    public var importedBy: String
    public var indicatorCount: Int
}

/// The one storage protocol. SQLite (`SQLiteStore`) is the embedded default; a PostgreSQL backend implements the
/// same protocol and must pass the same conformance suite (`EcoStoreConformance`). No backend type appears here.
///
/// Every method that changes observations runs in one transaction: either every cell and its audit records are
/// written, or nothing is.
public protocol EcoStore: Sendable {
    /// Creates or migrates the schema forward. Safe to call on every start.
    func migrate() async throws
    /// Names of the migration steps applied, in order.
    func appliedMigrations() async throws -> [String]

    /// Inserts or updates regions by code (attributes included).
    func upsertRegions(_ regions: [Region]) async throws
    func regions() async throws -> [Region]

    /// Stores `framework` as a new version when it differs from the latest stored version of the same id (the
    /// version field of the argument is ignored). Returns the framework as stored, with its version.
    func saveFramework(_ framework: Framework, actor: String, at: Date) async throws -> (framework: Framework, isNew: Bool)
    /// The latest version of each framework.
    func latestFrameworks() async throws -> [Framework]
    /// One version of a framework; the latest when `version` is nil.
    func framework(id: String, version: Int?) async throws -> Framework?
    func frameworkVersions(id: String) async throws -> [FrameworkVersionInfo]

    /// Writes values in one transaction, appending one audit record per changed cell.
    func write(_ writes: [ObservationWrite], policy: WritePolicy, context: ChangeContext) async throws -> WriteSummary
    func observations(_ query: ObservationQuery) async throws -> [Observation]
    /// The audit records of one region and indicator (all years), oldest first. Basic-condition changes are
    /// audited under the indicator name `bc:<condition id>`.
    func auditTrail(framework: String, region: RegionCode, indicator: String) async throws -> [AuditRecord]

    /// Records a basic condition's status for a region and year (replacing the previous one) and audits the change.
    func setBasicCondition(_ record: BasicConditionRecord, context: ChangeContext) async throws
    /// Recorded basic conditions of a framework, optionally of one year.
    func basicConditions(framework: String, year: Int?) async throws -> [BasicConditionRecord]

    /// Stores region outlines, replacing earlier ones of the same codes.
    func saveBoundaries(_ boundaries: [RegionBoundary]) async throws
    /// Stored outlines, optionally only of regions of one level.
    func boundaries(level: RegionLevel?) async throws -> [RegionBoundary]

    /// A number that grows with every change to the stored data (regions, frameworks, values, conditions,
    /// boundaries). Caches of derived results compare it to know when to rebuild.
    func revision() async throws -> Int

    /// Inserts or updates air monitoring stations by code.
    func upsertAirStations(_ stations: [AirStation]) async throws
    func airStations() async throws -> [AirStation]
    /// Writes hourly station values in one transaction; a row for a (station, hour) already stored replaces it
    /// (the last value read wins, so re-importing a file changes nothing).
    func writeAirHours(_ rows: [AirHourRow]) async throws
    /// Calls `body` for every stored station-hour with `hourEnd` in the range, in (station, hour) order, without
    /// holding them all in memory; returns the number of rows.
    func forEachAirHour(in hours: ClosedRange<Int>, _ body: @Sendable (AirHourRow) -> Void) async throws -> Int
}

/// One stored station-hour: station code, the hour's end as hours since 1970-01-01 00:00 local time, the six
/// concentrations in thousandths (SO2, NO2, PM10, CO, O3, PM2.5; nil = missing) and the data flag.
public struct AirHourRow: Sendable, Hashable {
    public var station: String
    public var hourEnd: Int
    public var values: [Int64?]
    public var flag: String?

    public init(station: String, hourEnd: Int, values: [Int64?], flag: String?) {
        self.station = station
        self.hourEnd = hourEnd
        self.values = values
        self.flag = flag
    }
}

/// Errors a store raises for data that cannot be stored.
public enum StoreError: Error, CustomStringConvertible {
    case corruptFramework(id: String, version: Int, detail: String)
    case database(String)

    public var description: String {
        switch self {
        case .corruptFramework(let id, let version, let detail):
            return "stored framework \(id) version \(version) cannot be read: \(detail)"
        case .database(let detail): return "database error: \(detail)"
        }
    }
}
