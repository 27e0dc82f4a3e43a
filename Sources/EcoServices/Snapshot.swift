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

    /// One region's assessment in `year`, with its rank among siblings and its indicators' milestones.
    public func assessment(region: RegionCode, year: Int) -> RegionAssessment? {
        assessAll(year: year).first { $0.region == region }.map(engine.withMilestones)
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

    /// The snapshot of a framework as `view` shows it, at the store's current revision; nil for an unknown
    /// framework.
    ///
    /// Stale-while-revalidate: when the store moved on and a snapshot of the view exists, the reader gets that one at
    /// once and one rebuild starts in the background (at most one per view at a time), so that after a write 500
    /// waiting readers cause one rebuild and none of them waits for it. A reader with no snapshot yet waits for the
    /// build. A page can therefore lag a write by one rebuild (about 0.2 s with the demo data); this server's own
    /// writes call `refresh()` before they answer, so the writer's next page shows its change.
    public func snapshot(framework id: String, view: ViewScope = .everything) async throws -> Snapshot? {
        let revision = try await revision(of: view)
        let key = id + "|" + view.cacheKey
        if let hit = cache[key] {
            if hit.revision >= revision { return hit }
            if building[key] == nil { startBuild(key, framework: id, view: view, revision: revision) }
            return hit
        }
        if building[key] == nil { startBuild(key, framework: id, view: view, revision: revision) }
        return try await building[key]?.task.value
    }

    /// Brings every cached view up to the store's current revision and waits for it (after a write of this server).
    public func refresh() async throws {
        for (key, stale) in cache {
            let revision = try await revision(of: stale.view)
            guard stale.revision < revision else { continue }
            while (cache[key]?.revision ?? -1) < revision {
                if building[key] == nil { startBuild(key, framework: stale.framework.id, view: stale.view, revision: revision) }
                guard let pending = building[key] else { break }
                _ = try await pending.task.value
                await finish(key, task: pending.task, revision: pending.revision)
            }
        }
    }

    private var building: [String: (revision: Int, task: Task<Snapshot?, any Error>)] = [:]
    private var treeCache: (revision: Int, tree: RegionTree)?

    /// The region tree, kept until the published revision (which regions bump) moves.
    public func tree() async throws -> RegionTree {
        let revision = try await store.publishedRevision()
        if let t = treeCache, t.revision == revision { return t.tree }
        let tree = RegionTree(try await store.regions())
        treeCache = (revision, tree)
        return tree
    }

    /// The counter a view's snapshot is valid for: the published view only changes with `publishedRevision()` (a
    /// published unit's values are locked), every other view with any write.
    func revision(of view: ViewScope) async throws -> Int {
        view == .published ? try await store.publishedRevision() : try await store.revision()
    }

    /// Starts the one build of a view; when it ends, its snapshot replaces an older one.
    private func startBuild(_ key: String, framework id: String, view: ViewScope, revision: Int) {
        let store = self.store
        let task = Task { try await Self.build(store, framework: id, view: view, revision: revision) }
        building[key] = (revision, task)
        Task { await self.finish(key, task: task, revision: revision) }
    }

    private func finish(_ key: String, task: Task<Snapshot?, any Error>, revision: Int) async {
        let built = try? await task.value
        if building[key]?.revision == revision { building[key] = nil }
        if let built, (cache[key]?.revision ?? -1) < built.revision { cache[key] = built }
    }

    /// Builds one snapshot from the store.
    static func build(_ store: any ServiceStore, framework id: String, view: ViewScope, revision: Int) async throws -> Snapshot? {
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
        return Snapshot(revision: revision, view: view, engine: inputs.engine,
                        frameworks: try await store.latestFrameworks(), observations: byKey, boundaries: boundaries,
                        hasSynthetic: obs.contains { $0.synthetic },
                        conditions: conditions, assessments: AssessmentCache())
    }
}
