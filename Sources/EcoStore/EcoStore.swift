public import EcoCore
public import Foundation

/// Who changes data, when, why and from what source. Every write of observations carries one.
public struct ChangeContext: Sendable {
    /// Who changes the data (a user name).
    public var actor: String
    /// When.
    public var at: Date
    /// Why (kept in the audit trail).
    public var reason: String?
    /// The client's network address, for changes made over HTTP.
    public var address: String?
    /// The client's user agent, for changes made over HTTP.
    public var userAgent: String?
    /// The versions the writer's edit was based on, by cell (0: the writer saw the cell empty). A write to a cell
    /// whose stored version differs is refused (`StoreError.stale`), so that two people editing the same cell never
    /// silently overwrite each other. Cells not listed are written whatever their version (imports of whole files).
    public var expectedVersions: [ObservationKey: Int]

    /// Creates a context.
    public init(actor: String, at: Date, reason: String? = nil, address: String? = nil, userAgent: String? = nil,
                expectedVersions: [ObservationKey: Int] = [:]) {
        self.actor = actor
        self.at = at
        self.reason = reason
        self.address = address
        self.userAgent = userAgent
        self.expectedVersions = expectedVersions
    }
}

/// One reporting unit of the workflow: a region's figures of one year in one framework. A unit that has been
/// submitted, approved or published is locked: its values are not written until it is returned or unapproved.
public struct ReportUnit: Sendable, Hashable, Comparable {
    /// The framework id.
    public var framework: String
    /// The region reporting.
    public var region: RegionCode
    /// The year reported.
    public var year: Int

    /// Creates a unit.
    public init(framework: String, region: RegionCode, year: Int) {
        self.framework = framework
        self.region = region
        self.year = year
    }

    /// The unit a cell belongs to.
    public init(_ key: ObservationKey) {
        self.init(framework: key.framework, region: key.region, year: key.year)
    }

    public static func < (a: ReportUnit, b: ReportUnit) -> Bool {
        (a.framework, a.year, a.region) < (b.framework, b.year, b.region)
    }
}

/// A cell a write was refused for, with what it holds now.
public struct RefusedCell: Sendable, Hashable, CustomStringConvertible {
    /// The cell.
    public var key: ObservationKey
    /// What it holds now (nil: empty).
    public var current: ObservationValue?
    /// Its stored version now (0: empty).
    public var currentVersion: Int
    /// The version the writer expected (stale writes), or nil.
    public var expectedVersion: Int?

    /// Creates a refused cell.
    public init(key: ObservationKey, current: ObservationValue?, currentVersion: Int, expectedVersion: Int?) {
        self.key = key
        self.current = current
        self.currentVersion = currentVersion
        self.expectedVersion = expectedVersion
    }

    /// `140100 pm25 2024`.
    public var description: String { "\(key.region.rawValue) \(key.indicator) \(key.year)" }
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
    /// Cells that held no value.
    public var inserted = 0
    /// Cells whose value changed (audited).
    public var updated = 0
    /// Cells written with the value they held.
    public var unchanged = 0
    /// Cells left alone because of the write policy.
    public var kept = 0

    /// Creates a summary.
    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0, kept: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
        self.kept = kept
    }
}

/// A filter over stored observations, with keyset paging: pass the last key of a page as `after`.
public struct ObservationQuery: Sendable {
    /// The framework id.
    public var framework: String
    /// Only this region.
    public var region: RegionCode?
    /// Only this indicator.
    public var indicator: String?
    /// Only these years.
    public var years: ClosedRange<Int>?
    /// False to leave out synthetic demo values.
    public var includeSynthetic: Bool
    /// Only keys after this one (the last key of the previous page).
    public var after: ObservationKey?
    /// At most this many.
    public var limit: Int?

    /// Creates a query.
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
    /// The framework id.
    public var id: String
    /// The version number, 1 for the first import.
    public var version: Int
    /// When it was imported.
    public var importedAt: Date
    /// Who imported it.
    public var importedBy: String
    /// Its number of indicators.
    public var indicatorCount: Int

    /// Creates a version record.
    public init(id: String, version: Int, importedAt: Date, importedBy: String, indicatorCount: Int) {
        self.id = id
        self.version = version
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.indicatorCount = indicatorCount
    }
}

/// Creating and migrating the schema, and the revision every cache compares against.
public protocol StoreLifecycle: Sendable {
    /// Creates or migrates the schema forward. Safe to call on every start.
    func migrate() async throws
    /// Names of the migration steps applied, in order.
    func appliedMigrations() async throws -> [String]
    /// A number that grows with every change to the stored data (regions, frameworks, values, conditions,
    /// boundaries, domain results). Caches of derived results compare it to know when to rebuild.
    func revision() async throws -> Int
    /// A number that grows with every change the public's view can show: unit states, regions, frameworks, outlines and
    /// basic conditions — not values, which a published unit no longer accepts (a published unit is locked). The
    /// published view is rebuilt when it moves, not at every value written elsewhere.
    func publishedRevision() async throws -> Int
}

/// The divisions and their outlines.
public protocol RegionStore: Sendable {
    /// Inserts or updates regions by code (attributes included).
    func upsertRegions(_ regions: [Region]) async throws
    /// Every stored region, retired codes included, in code order.
    func regions() async throws -> [Region]
    /// Stores region outlines, replacing earlier ones of the same codes.
    func saveBoundaries(_ boundaries: [RegionBoundary]) async throws
    /// Stored outlines, optionally only of regions of one level.
    func boundaries(level: RegionLevel?) async throws -> [RegionBoundary]
}

/// Versioned indicator frameworks.
public protocol FrameworkStore: Sendable {
    /// Stores `framework` as a new version when it differs from the latest stored version of the same id (the
    /// version field of the argument is ignored). Returns the framework as stored, with its version.
    func saveFramework(_ framework: Framework, actor: String, at: Date) async throws -> (framework: Framework, isNew: Bool)
    /// The latest version of each framework.
    func latestFrameworks() async throws -> [Framework]
    /// One version of a framework; the latest when `version` is nil.
    func framework(id: String, version: Int?) async throws -> Framework?
    /// Every stored version of a framework, oldest first.
    func frameworkVersions(id: String) async throws -> [FrameworkVersionInfo]
}

/// Indicator values, basic conditions and their append-only audit trail.
///
/// Every method that changes values runs in one transaction: either every cell and its audit records are
/// written, or nothing is.
public protocol ObservationStore: Sendable {
    /// Writes values in one transaction, appending one audit record per changed cell. The `updatedAt` and
    /// `updatedBy` of the arguments are ignored: the context says who and when.
    func write(_ observations: [Observation], policy: WritePolicy, context: ChangeContext) async throws -> WriteSummary
    /// Stored values matching the query, in key order.
    ///
    /// `write` refuses the whole batch — nothing written — with `StoreError.stale` when a cell's stored version is
    /// not the one `context.expectedVersions` states, and with `StoreError.locked` when it would change a cell of a
    /// unit whose workflow status is submitted, approved or published.
    func observations(_ query: ObservationQuery) async throws -> [Observation]
    /// The audit records of one region and indicator (all years), oldest first. Basic-condition changes are
    /// audited under the indicator name `bc:<condition id>`.
    func auditTrail(framework: String, region: RegionCode, indicator: String) async throws -> [AuditRecord]
    /// Records a basic condition's status for a region and year (replacing the previous one) and audits the change.
    func setBasicCondition(_ record: BasicConditionRecord, context: ChangeContext) async throws
    /// Recorded basic conditions of a framework, optionally of one year.
    func basicConditions(framework: String, year: Int?) async throws -> [BasicConditionRecord]
    /// Every audit record of a framework in row order, and its chain's head (for `AuditChain.verify`).
    func auditChain(framework: String) async throws -> (records: [AuditRecord], head: AuditHead?)
    /// The frameworks that have audit records or a chain head.
    func auditedFrameworks() async throws -> [String]
}

/// The store core: every backend implements these facets (and each domain's own facet, declared in the domain
/// module, e.g. `AirStore` in EcoAir). SQLite (`SQLiteStore`) is the embedded default; every backend must pass the
/// conformance suite (`EcoStoreConformance`). No backend type appears here.
public protocol EcoStore: StoreLifecycle, RegionStore, FrameworkStore, ObservationStore {}

/// Errors a store raises for data that cannot be stored.
public enum StoreError: Error, CustomStringConvertible {
    case corruptFramework(id: String, version: Int, detail: String)
    case database(String)
    /// Cells whose stored version moved on since the writer read them.
    case stale([RefusedCell])
    /// Cells of units that are submitted, approved or published.
    case locked([RefusedCell])

    /// One sentence saying what failed.
    public var description: String {
        switch self {
        case .corruptFramework(let id, let version, let detail):
            return "stored framework \(id) version \(version) cannot be read: \(detail)"
        case .database(let detail): return "database error: \(detail)"
        case .stale(let cells):
            let list = cells.prefix(10).map { c in
                "\(c) (now \(c.current?.description ?? "empty"), version \(c.currentVersion); your edit was based on version \(c.expectedVersion ?? 0))"
            }.joined(separator: "; ")
            return "nothing was saved: someone changed \(cells.count == 1 ? "this value" : "\(cells.count) values") after you read \(cells.count == 1 ? "it" : "them"): \(list)\(cells.count > 10 ? "; …" : "")"
        case .locked(let cells):
            let list = cells.prefix(10).map(\.description).joined(separator: "; ")
            return "nothing was saved: \(cells.count) value\(cells.count == 1 ? " is" : "s are") in a report that is submitted, approved or published (return or unapprove it first): \(list)\(cells.count > 10 ? "; …" : "")"
        }
    }
}
