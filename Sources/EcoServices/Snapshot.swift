import EcoStore
import EcoAir
public import EcoCore
import Foundation

/// Everything a page or endpoint reads, for one framework at one revision of the store. Immutable, so requests
/// share it without locks.
public struct Snapshot: Sendable {
    /// The store revision it was built at.
    public let revision: Int
    /// The data it shows.
    public let view: ViewScope
    /// The assessment engine over the framework's values.
    public let engine: AssessmentEngine
    /// The latest version of every framework.
    public let frameworks: [Framework]
    /// The framework's values by key.
    public let observations: [ObservationKey: Observation]
    /// Stored outlines by level and code.
    public let boundaries: [RegionLevel: [RegionCode: RegionBoundary]]
    /// True when any value of the framework is synthetic demo data (the pages then show a banner).
    public let hasSynthetic: Bool
    /// Recorded basic conditions of the framework, every year.
    public let conditions: [BasicConditionRecord]
    /// Assessments per year, computed on first use of a year.
    let assessments: AssessmentCache

    /// The framework of the snapshot.
    public var framework: Framework { engine.framework }
    /// The region tree.
    public var tree: RegionTree { engine.tree }

    /// Every current region assessed in `year`, with sibling ranks.
    public func assessAll(year: Int) -> [RegionAssessment] { assessments.get(year) { engine.assessAll(year: $0) } }

    /// One region's assessment in `year`, with its rank among siblings.
    public func assessment(region: RegionCode, year: Int) -> RegionAssessment? {
        assessAll(year: year).first { $0.region == region }
    }

    /// The latest year with any value, capped to the last milestone (the default year of the pages).
    public var defaultYear: Int {
        let last = framework.milestones.last ?? framework.baseYear
        return min(last, observations.keys.map(\.year).max() ?? framework.baseYear)
    }
}

/// A small lock-protected memo of per-year assessments (computing one year of all regions takes about 1 ms).
final class AssessmentCache: @unchecked Sendable {
    private let lock = NSLock()
    private var byYear: [Int: [RegionAssessment]] = [:]

    func get(_ year: Int, compute: (Int) -> [RegionAssessment]) -> [RegionAssessment] {
        lock.lock()
        if let hit = byYear[year] { lock.unlock(); return hit }
        lock.unlock()
        let value = compute(year)
        lock.lock()
        byYear[year] = value
        lock.unlock()
        return value
    }
}

/// Builds snapshots from the store and keeps the latest per framework; a change anywhere (this server's upload or
/// another process writing the same database) bumps the store's revision and the next request rebuilds.
public actor SiteData {
    /// The store snapshots are read from.
    public nonisolated let store: any ServiceStore
    private var cache: [String: Snapshot] = [:]

    /// Snapshots of `store`.
    public init(store: any ServiceStore) {
        self.store = store
    }

    /// The snapshot of a framework as `view` shows it, at the store's current revision (rebuilt when the revision
    /// moved); nil for an unknown framework.
    public func snapshot(framework id: String, view: ViewScope = .everything) async throws -> Snapshot? {
        let revision = try await store.revision()
        let key = id + "|" + view.cacheKey
        if let hit = cache[key], hit.revision == revision { return hit }
        // Snapshots of an older revision are dropped, so that the cache holds at most one per view.
        cache = cache.filter { $0.value.revision == revision }
        guard let inputs = try await AssessmentInputs.load(store, framework: id, view: view) else { return nil }
        let tree = inputs.tree, obs = inputs.observations
        var byKey: [ObservationKey: Observation] = [:]
        for o in obs { byKey[o.key] = o }
        var boundaries: [RegionLevel: [RegionCode: RegionBoundary]] = [:]
        for b in try await store.boundaries(level: nil) {
            guard let level = tree[b.code]?.level else { continue }
            boundaries[level, default: [:]][b.code] = b
        }
        let filter = ViewFilter(view, states: view == .everything ? [] : try await store.reportStates(framework: id, year: nil), tree: tree)
        let conditions = try await store.basicConditions(framework: id, year: nil)
            .filter { filter.shows(ReportUnit(framework: id, region: $0.region, year: $0.year)) }
        let snapshot = Snapshot(revision: revision, view: view, engine: inputs.engine,
                                frameworks: try await store.latestFrameworks(), observations: byKey, boundaries: boundaries,
                                hasSynthetic: obs.contains { $0.synthetic },
                                conditions: conditions, assessments: AssessmentCache())
        cache[key] = snapshot
        return snapshot
    }
}
