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
