import EcoCore
public import Foundation

/// The stored evaluation of a year: what `water evaluate` computed, read back by `/water` and the API.
public struct WaterYearRecord: Sendable, Codable {
    /// The year.
    public var year: Int
    /// Every section's year, and the months of each.
    public var sections: [SectionResult]
    /// Every aggregate (regions, basins, rivers).
    public var aggregates: [WaterAggregate]
    /// A counter of sample writes when it was computed: a later import makes the record stale.
    public var samplesRevision: Int
    /// When it was computed.
    public var computedAt: Date

    /// Creates a record.
    public init(year: Int, sections: [SectionResult], aggregates: [WaterAggregate], samplesRevision: Int, computedAt: Date) {
        self.year = year
        self.sections = sections
        self.aggregates = aggregates
        self.samplesRevision = samplesRevision
        self.computedAt = computedAt
    }
}

/// The water domain's store facet: sections, samples and the stored yearly evaluations. Every backend implements it
/// and passes the water checks of `EcoStoreConformance`.
public protocol WaterStore: Sendable {
    /// Inserts or updates sections by code, in one transaction.
    func upsertWaterSections(_ sections: [WaterSection]) async throws
    /// Every section, in code order.
    func waterSections() async throws -> [WaterSection]
    /// Writes samples in one transaction; a (section, date) already stored is replaced whole (re-importing a file
    /// changes nothing). Bumps `waterSamplesRevision()`.
    func writeWaterSamples(_ samples: [WaterSample]) async throws
    /// The samples of a year, in (section, date) order.
    func waterSamples(year: Int) async throws -> [WaterSample]
    /// A counter that grows with every write of samples.
    func waterSamplesRevision() async throws -> Int
    /// Replaces the stored evaluation of `record.year`.
    func saveWaterYear(_ record: WaterYearRecord) async throws
    /// The stored evaluation of a year, nil when none.
    func waterYear(_ year: Int) async throws -> WaterYearRecord?
    /// The years with a stored evaluation, ascending.
    func waterYears() async throws -> [Int]
}
