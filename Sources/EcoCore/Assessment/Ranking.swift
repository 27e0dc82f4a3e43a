import Foundation

/// Ranking of regions by the published rules (issue #3): composite score descending; ties broken by the number of
/// indicators attained (more first), then by code. A vetoed region (一票否决) ranks after all others; a region
/// without any data is listed after those and given no rank.
public enum Ranking {
    /// Positions into `items`, best first.
    public static func order(_ items: [RegionAssessment]) -> [Int] {
        items.indices.sorted { a, b in
            let x = items[a], y = items[b]
            let gx = group(x), gy = group(y)
            if gx != gy { return gx < gy }
            let cx = x.composite ?? -1, cy = y.composite ?? -1
            if cx != cy { return cx > cy }
            if x.attainedCount != y.attainedCount { return x.attainedCount > y.attainedCount }
            return x.region < y.region
        }
    }

    private static func group(_ a: RegionAssessment) -> Int {
        a.composite == nil ? 2 : a.vetoed ? 1 : 0
    }

    /// One row of a ranking table.
    public struct Entry: Sendable, Hashable {
        /// The position, nil for a region without data.
        public var rank: Int?
        public var assessment: RegionAssessment
        public var previousRank: Int?
        /// Places gained since the previous year (positive = moved up); nil without a previous rank.
        public var rankChange: Int? { rank.flatMap { r in previousRank.map { $0 - r } } }
    }

    /// Ranks `current` (one year) and compares with the same regions ranked in `previous` (the year before).
    public static func table(current: [RegionAssessment], previous: [RegionAssessment]) -> [Entry] {
        let prevOrder = order(previous)
        var prevRank: [RegionCode: Int] = [:]
        for (p, idx) in prevOrder.enumerated() where previous[idx].composite != nil { prevRank[previous[idx].region] = p + 1 }
        return order(current).enumerated().map { p, idx in
            Entry(rank: current[idx].composite == nil ? nil : p + 1, assessment: current[idx], previousRank: prevRank[current[idx].region])
        }
    }
}
