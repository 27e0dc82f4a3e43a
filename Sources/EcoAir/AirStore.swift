public import EcoCore
public import EcoStore
public import Foundation

/// The annual HJ 663 evaluation of one region as `air annual` stored it: the page and the assessment read this,
/// never a recomputation, so they cannot disagree.
public struct AirAnnualRecord: Sendable, Codable {
    /// The city or the province.
    public var region: RegionCode
    /// The statistics.
    public var statistics: AnnualAirStatistics
    /// True when any station used is synthetic demo data.
    public var synthetic: Bool
    /// `AirStore.airHoursRevision()` when the evaluation ran: a later hourly import makes the record stale.
    public var hoursRevision: Int
    /// When the evaluation ran.
    public var computedAt: Date

    /// Creates a record.
    public init(region: RegionCode, statistics: AnnualAirStatistics, synthetic: Bool, hoursRevision: Int, computedAt: Date) {
        self.region = region
        self.statistics = statistics
        self.synthetic = synthetic
        self.hoursRevision = hoursRevision
        self.computedAt = computedAt
    }
}

/// One import of an hourly file into the store (`ecoprov air import`): recorded before the first row is written,
/// its row count updated in the same transaction as each batch, and finished after the last one. A run that never
/// finished (the process was killed, the disk filled) leaves a partial file in the store: `air annual` reports it
/// and refuses to feed the assessment until the file is imported again (which supersedes the run) or the run is
/// abandoned.
public struct AirImportRun: Sendable, Hashable {
    /// The run's number, increasing.
    public var id: Int64
    /// The file as imported (an absolute path): a later finished run of the same file supersedes this one.
    public var file: String
    /// The file's size in bytes when the run started.
    public var size: Int64
    /// Who ran it.
    public var actor: String
    /// When it started.
    public var startedAt: Date
    /// When its last batch was written; nil while running or when it never finished.
    public var finishedAt: Date?
    /// Station-hours written so far (committed with each batch).
    public var rowsWritten: Int
    /// Rows refused (known when finished).
    public var rowsRefused: Int
    /// The later finished run of the same file that completed what this one left unfinished.
    public var supersededBy: Int64?
    /// When a user declared the unfinished run abandoned (`ecoprov air runs --abandon ID`).
    public var abandonedAt: Date?

    /// Creates a run record.
    public init(id: Int64, file: String, size: Int64, actor: String, startedAt: Date, finishedAt: Date?, rowsWritten: Int,
                rowsRefused: Int, supersededBy: Int64?, abandonedAt: Date?) {
        self.id = id
        self.file = file
        self.size = size
        self.actor = actor
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.rowsWritten = rowsWritten
        self.rowsRefused = rowsRefused
        self.supersededBy = supersededBy
        self.abandonedAt = abandonedAt
    }

    /// Unfinished, not superseded and not abandoned: its file is partly in the store.
    public var isOpen: Bool { state == .unfinished }

    /// Where a run stands.
    public enum State: String, Sendable, CaseIterable {
        /// Every batch written.
        case finished
        /// Still running, or killed halfway: its file is partly stored.
        case unfinished
        /// Unfinished, but a later run of the same file finished.
        case superseded
        /// Unfinished, and a user declared it abandoned.
        case abandoned
    }

    /// Where the run stands.
    public var state: State {
        finishedAt != nil ? .finished : supersededBy != nil ? .superseded : abandonedAt != nil ? .abandoned : .unfinished
    }
}

/// The air domain's store facet: stations, station-hours and the stored annual evaluations. Every backend
/// implements it next to the core facets and passes the air checks of `EcoStoreConformance`.
public protocol AirStore: Sendable {
    /// Inserts or updates air monitoring stations by code.
    func upsertAirStations(_ stations: [AirStation]) async throws
    /// Every station, in code order.
    func airStations() async throws -> [AirStation]
    /// Writes station-hours in one transaction; a (station, hour) already stored is replaced (the last value read
    /// wins, so re-importing a file changes nothing). Bumps `airHoursRevision()`. With a run, adds the batch's size
    /// to the run's `rowsWritten` in the same transaction.
    func writeAirHours(_ hours: [AirHour], run: Int64?) async throws
    /// Records the start of an import run (committed before any of its rows) and returns its id.
    func startAirImport(file: String, size: Int64, actor: String, at: Date) async throws -> Int64
    /// Marks a run finished with its refused-row count, and marks every earlier unfinished run of the same file as
    /// superseded by it, in one transaction.
    func finishAirImport(_ id: Int64, rowsRefused: Int, at: Date) async throws
    /// Marks an unfinished run abandoned; false when there is no such open run.
    func abandonAirImport(_ id: Int64, at: Date) async throws -> Bool
    /// Every run, newest first.
    func airImportRuns() async throws -> [AirImportRun]
    /// Calls `body` for every stored station-hour with `hourEnd` in the range, in (station, hour) order, without
    /// holding them all in memory; returns the number of rows.
    func forEachAirHour(in hours: ClosedRange<Int>, _ body: @Sendable (AirHour) -> Void) async throws -> Int
    /// A counter that grows with every write of station-hours.
    func airHoursRevision() async throws -> Int
    /// Replaces the stored evaluations of `year` by `records` (one per region), in one transaction.
    func saveAirAnnual(_ records: [AirAnnualRecord], year: Int) async throws
    /// The stored evaluations of a year, in region order (empty when `air annual` has not run for it).
    func airAnnual(year: Int) async throws -> [AirAnnualRecord]
    /// The years with stored evaluations, ascending.
    func airAnnualYears() async throws -> [Int]
}

extension AirStore {
    /// Writes station-hours outside any import run (demo data, tests).
    public func writeAirHours(_ hours: [AirHour]) async throws { try await writeAirHours(hours, run: nil) }

    /// The runs that never finished and were neither superseded nor abandoned.
    public func openAirImports() async throws -> [AirImportRun] { try await airImportRuns().filter(\.isOpen) }
}

/// The air facet's tables, as every backend stores them (for `ecoprov store copy`).
public enum AirTables {
    /// Stations, station-hours, stored evaluations and import runs.
    public static let all: [StoredTable] = [
        StoredTable(name: "air_station", columns: [
            .init("code", .text), .init("name", .text), .init("region", .text), .init("class", .text), .init("lon", .real),
            .init("lat", .real), .init("synthetic", .boolean),
        ], key: ["code"]),
        StoredTable(name: "air_hour", columns: [
            .init("station", .text), .init("hour_end", .integer), .init("so2", .integer), .init("no2", .integer),
            .init("pm10", .integer), .init("co", .integer), .init("o3", .integer), .init("pm25", .integer), .init("flag", .text),
        ], key: ["station", "hour_end"]),
        StoredTable(name: "air_annual", columns: [.init("region", .text), .init("year", .integer), .init("document", .text)],
                    key: ["year", "region"]),
        StoredTable(name: "air_import_run", columns: [
            .init("id", .integer), .init("file", .text), .init("size", .integer), .init("actor", .text),
            .init("started_at", .timestamp), .init("finished_at", .timestamp), .init("rows_written", .integer),
            .init("rows_refused", .integer), .init("superseded_by", .integer), .init("abandoned_at", .timestamp),
        ], key: ["id"]),
    ]
}
