public import EcoCore
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

/// The air domain's store facet: stations, station-hours and the stored annual evaluations. Every backend
/// implements it next to the core facets and passes the air checks of `EcoStoreConformance`.
public protocol AirStore: Sendable {
    /// Inserts or updates air monitoring stations by code.
    func upsertAirStations(_ stations: [AirStation]) async throws
    /// Every station, in code order.
    func airStations() async throws -> [AirStation]
    /// Writes station-hours in one transaction; a (station, hour) already stored is replaced (the last value read
    /// wins, so re-importing a file changes nothing). Bumps `airHoursRevision()`.
    func writeAirHours(_ hours: [AirHour]) async throws
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
