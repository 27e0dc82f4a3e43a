import EcoCore
public import EcoKit
import EcoStandards
public import EcoStore
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

/// The water facet's tables, as every backend stores them (for `ecoprov store copy`).
public enum WaterTables {
    /// Sections, samples and yearly evaluations.
    public static let all: [StoredTable] = [
        StoredTable(name: "water_section", columns: [.init("code", .text), .init("document", .text)], key: ["code"]),
        StoredTable(name: "water_sample", columns: [.init("section", .text), .init("date", .date), .init("items", .text)],
                    key: ["section", "date"]),
        StoredTable(name: "water_year", columns: [.init("year", .integer), .init("document", .text)], key: ["year"]),
    ]
}

extension WaterSample {
    /// The item values as every backend stores them: item code → the import-format text (`SampleValue.text`).
    public var storedTexts: [String: String] { Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value.text) }) }

    /// A sample read back from its stored texts (an item or text no longer understood is left out).
    public init(stored section: String, date: CivilDay, texts: [String: String]) {
        var values: [WaterItem: SampleValue] = [:]
        for (k, t) in texts {
            guard let item = WaterItem(rawValue: k), let v = SampleValue(text: t) else { continue }
            values[item] = v
        }
        self.init(section: section, date: date, values: values)
    }
}
