import Foundation

/// The regions a ranking covers: one level, optionally only those under one region (e.g. the counties of a
/// city). The one filter the CLI's `rank`, `/ranking` and `/api/v1/ranking` use.
public struct RankingScope: Sendable, Hashable {
    /// The level ranked.
    public var level: RegionLevel
    /// When set, only regions below this one.
    public var parent: RegionCode?

    /// Creates a scope.
    public init(level: RegionLevel, parent: RegionCode? = nil) {
        self.level = level
        self.parent = parent
    }

    /// The assessments of `list` inside the scope.
    public func filter(_ list: [RegionAssessment], tree: RegionTree) -> [RegionAssessment] {
        list.filter { a in a.level == level && (parent == nil || tree.lineage(of: a.region).dropFirst().contains { $0.code == parent }) }
    }
}

/// One category of a region's assessment: how many of its indicators are attained, and how many are in each
/// status (in `AssessmentStatus.allCases` order).
public struct CategorySummary: Sendable, Hashable {
    /// The category.
    public var category: Category
    /// Indicators of the category assessed for the region.
    public var total: Int
    /// Of those, attained.
    public var attained: Int
    /// Counts per status, in `AssessmentStatus.allCases` order.
    public var statusCounts: [Int]

    /// The summaries of every category of `framework`, in framework order.
    public static func of(_ assessment: RegionAssessment, framework: Framework) -> [CategorySummary] {
        framework.categories.map { cat in
            let items = assessment.indicators.filter { framework.indicator($0.indicator)?.category == cat.id }
            return CategorySummary(category: cat, total: items.count, attained: items.filter { $0.attained == true }.count,
                                   statusCounts: AssessmentStatus.allCases.map { st in items.filter { $0.status == st }.count })
        }
    }
}

extension AssessmentEngine {
    /// The ranking table of a scope in `year`, with rank change against `year − 1`.
    public func rankingTable(_ scope: RankingScope, year: Int) -> [Ranking.Entry] {
        Ranking.table(current: scope.filter(assessAll(year: year), tree: tree), previous: scope.filter(assessAll(year: year - 1), tree: tree))
    }
}

/// Who lags (issue #14): for one parent region and year, per indicator the children behind the plan
/// (`AssessmentStatus.isLagging`: behind schedule, regressing or a milestone missed) and those without data, and per
/// child the indicators it lags on.
public struct Laggards: Sendable, Hashable {
    /// One indicator: the children lagging on it and those without data, in code order.
    public struct ByIndicator: Sendable, Hashable {
        public var indicator: String
        public var lagging: [RegionCode]
        public var missing: [RegionCode]
    }

    /// One child: the indicators it lags on and those it has no data for, in table order.
    public struct ByRegion: Sendable, Hashable {
        public var region: RegionCode
        public var lagging: [String]
        public var missing: [String]
    }

    /// Per indicator, in the framework's table order.
    public var indicators: [ByIndicator]
    /// The children with at least one lagging or missing indicator, most lagging first (then most missing, then code).
    public var regions: [ByRegion]

    /// The laggards among `children` (the assessments of one parent's children in one year).
    public static func of(_ children: [RegionAssessment], framework: Framework) -> Laggards {
        let sorted = children.sorted { $0.region < $1.region }
        let byIndicator = framework.orderedIndicators.compactMap { ind -> ByIndicator? in
            var lagging: [RegionCode] = [], missing: [RegionCode] = []
            var applies = false
            for c in sorted {
                guard let a = c.indicators.first(where: { $0.indicator == ind.id }) else { continue }
                applies = true
                if a.status.isLagging { lagging.append(c.region) }
                if a.status == .noData || a.status == .incomplete { missing.append(c.region) }
            }
            return applies ? ByIndicator(indicator: ind.id, lagging: lagging, missing: missing) : nil
        }
        let byRegion = sorted.map { c in
            ByRegion(region: c.region, lagging: c.indicators.filter { $0.status.isLagging }.map(\.indicator),
                     missing: c.indicators.filter { $0.status == .noData || $0.status == .incomplete }.map(\.indicator))
        }.filter { !$0.lagging.isEmpty || !$0.missing.isEmpty }
        .sorted { ($0.lagging.count, $0.missing.count, $1.region) > ($1.lagging.count, $1.missing.count, $0.region) }
        return Laggards(indicators: byIndicator, regions: byRegion)
    }
}
