public import EcoAir
public import EcoCore
import EcoIngest
public import EcoKit
public import EcoServices
import Foundation

/// The documents of the resources that both the CLI (`--format json`) and the API serve, each built in one place
/// from the same inputs, so that the two cannot drift apart (a test compares them).
public enum ResourceDocuments {
    /// `assess` / `/api/v1/assessment`: one region in one year, from the engine's ranked year.
    public static func assessment(_ engine: AssessmentEngine, region: RegionCode, year: Int) -> RegionAssessment? {
        engine.assessAll(year: year).first { $0.region == region }.map(engine.withMilestones)
    }

    /// `rank` / `/api/v1/ranking`: each row labelled with the view it was computed in.
    public static func ranking(_ engine: AssessmentEngine, scope: RankingScope, year: Int, view: DataView) -> [ViewLabelled<RankingRowJSON>] {
        RankingRowJSON.rows(engine.rankingTable(scope, year: year), tree: engine.tree).map { ViewLabelled($0, view: view) }
    }

    /// `progress` / `/api/v1/series`; nil when the indicator does not apply to the region's level.
    public static func series(_ engine: AssessmentEngine, region: RegionCode, indicator: String, view: DataView) -> [ViewLabelled<SeriesPointJSON>]? {
        engine.progressSeries(region: region, indicator: indicator)?.map { ViewLabelled(SeriesPointJSON($0), view: view) }
    }

    /// `readiness` / `/api/v1/readiness`; nil when the framework has no eco-city rule or the tree no province.
    public static func readiness(_ engine: AssessmentEngine, conditions: [BasicConditionRecord], year: Int, view: DataView) -> ViewLabelled<ReadinessJSON>? {
        engine.readiness(year: year, conditions: conditions).map { ViewLabelled(ReadinessJSON($0, framework: engine.framework.id), view: view) }
    }

    /// `region list` / `/api/v1/regions`.
    public static func regions(_ tree: RegionTree, level: RegionLevel?, parent: RegionCode?, includeRetired: Bool) -> [RegionJSON] {
        tree.listing(level: level, parent: parent, includeRetired: includeRetired).map(RegionJSON.init)
    }

    /// `export --format json` / `/api/v1/export`: every value of the framework in key order.
    public static func export(_ observations: [Observation]) -> [ObservationJSON] {
        observations.map(ObservationJSON.init)
    }

    /// `air annual --format json` / `/api/v1/air/annual`: the cities then the province.
    public static func airAnnual(_ results: [AirAnalysis.RegionResult], ranks: [RegionCode: Int], tree: RegionTree, lang: Language) -> [AirAnnualJSON] {
        AirAnnualJSON.rows(results, rank: ranks, tree: tree, lang: lang)
    }
}

/// A document labelled with the view of the data it was computed from (`"view": "published" | "internal"`): its own
/// keys plus `view`. Every document of the assessment, ranking, readiness and map carries one, in the CLI and the API.
public struct ViewLabelled<T: Encodable & Sendable>: Encodable, Sendable {
    /// The document.
    public let document: T
    /// The view.
    public let view: DataView

    /// Labels a document.
    public init(_ document: T, view: DataView) {
        self.document = document
        self.view = view
    }

    private enum Key: String, CodingKey { case view }

    public func encode(to encoder: any Encoder) throws {
        try document.encode(to: encoder)
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(view.rawValue, forKey: .view)
    }
}

/// The body of a yearly-figures import: `POST /api/v1/observations/import`.
public struct ImportResultJSON: Encodable, Sendable {
    /// True when the file had no problem.
    public let ok: Bool
    /// True when nothing was meant to be written.
    public let dryRun: Bool
    /// Data rows read.
    public let rows: Int
    /// Valid values in the file.
    public let valid: Int
    /// Values for empty cells.
    public let new: Int
    /// Values that differ from the stored ones.
    public let changed: Int
    /// Cells written that held no value (0 for a dry run).
    public let inserted: Int
    /// Cells whose value changed (0 for a dry run).
    public let updated: Int
    /// Cells written with the value they held (0 for a dry run).
    public let unchanged: Int
    /// The first `maxProblems` problems as sentences (`FILE:LINE:COLUMN: reason`).
    public let problems: [String]
    /// The number of problems (all of them, also past `maxProblems`).
    public let problemCount: Int
    /// The number of problems per reason (`badValue`, `unknownRegion`…).
    public let problemsByReason: [String: Int]

    /// Problems listed at most: past them, only the counts (a 40 MB bad file must not give a 47 MB answer).
    public static let maxProblems = 1000

    /// The document of an import outcome, its problems in `lang`.
    public init(_ o: ImportOutcome, lang: Language) {
        ok = o.problems.isEmpty
        dryRun = o.dryRun
        rows = o.rows
        valid = o.valid
        new = o.new
        changed = o.changed
        inserted = o.summary.inserted
        updated = o.summary.updated
        unchanged = o.summary.unchanged
        problems = o.problems.prefix(Self.maxProblems).map { $0.formatted(lang) }
        problemCount = o.problems.count
        problemsByReason = ImportProblem.countsByReason(o.problems)
    }
}
