public import EcoCore
public import EcoKit
import Foundation

/// A region's air figures for a month or for the year to date, computed by the air domain (HJ 663 statistics over
/// the period's days; 综合指数 by 环办监测〔2018〕19号) and handed to this domain by the services.
public struct MonthlyAirFigures: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The city or county.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// The month (1…12): the month itself, or the last month of the year to date.
    public var month: Int
    /// True for January to `month`, false for the month alone.
    public var yearToDate: Bool
    /// 综合指数 (two decimals).
    public var compositeIndex: Double?
    /// PM2.5 mean, µg/m³ (integer).
    public var pm25: Double?
    /// PM10 mean, µg/m³.
    public var pm10: Double?
    /// SO2 mean, µg/m³.
    public var so2: Double?
    /// 优良天数比例, %.
    public var goodDayRatio: Double?
    /// Valid data: every pollutant has its GB 3095 Table 4 daily values in each month of the period (≥ 27, 25 in
    /// February). A region without valid data ranks last.
    public var valid: Bool

    /// Creates figures.
    public init(region: RegionCode, year: Int, month: Int, yearToDate: Bool, compositeIndex: Double?, pm25: Double?, pm10: Double?, so2: Double?,
                goodDayRatio: Double?, valid: Bool) {
        self.region = region; self.year = year; self.month = month; self.yearToDate = yearToDate; self.compositeIndex = compositeIndex
        self.pm25 = pm25; self.pm10 = pm10; self.so2 = so2; self.goodDayRatio = goodDayRatio; self.valid = valid
    }
}

/// One region in a ranking.
public struct RankEntry: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The region.
    public var region: RegionCode
    /// Rank by 综合指数, 1 = cleanest; equal indices share a rank (1, 2, 2, 4); regions without valid data share the
    /// last rank (the number of valid regions + 1).
    public var rank: Int
    /// Valid data for the period.
    public var valid: Bool
    /// This period's figures.
    public var current: MonthlyAirFigures
    /// The same period a year earlier (nil without data).
    public var previous: MonthlyAirFigures?
    /// 综合指数 change year on year, % (one decimal).
    public var indexChange: Double?
    /// PM2.5 change year on year, % (one decimal).
    public var pm25Change: Double?
    /// Rank by improvement (the largest fall of the index first), among regions with both years valid.
    public var improvementRank: Int?
}

/// A published-style ranking of the cities or the counties for a month or the year to date.
public struct AirRanking: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// `city` or `county`.
    public var level: String
    /// The year.
    public var year: Int
    /// The month (the last month of the year to date).
    public var month: Int
    /// True for the year to date.
    public var yearToDate: Bool
    /// Entries in rank order (ties by code).
    public var entries: [RankEntry]
    /// How many best and worst are listed (cities 3, counties 10).
    public var listSize: Int
    /// The best `listSize` by rank.
    public var best: [RegionCode]
    /// The worst `listSize` (ties at the boundary included; regions without valid data first).
    public var worst: [RegionCode]
    /// The most improved `listSize`.
    public var mostImproved: [RegionCode]
    /// The least improved `listSize`.
    public var leastImproved: [RegionCode]
    /// Mean 综合指数 of the valid regions (two decimals).
    public var average: Double?

    /// Ranks `current` against `previous` (the same period a year earlier, matched by region).
    public static func rank(level: String, year: Int, month: Int, yearToDate: Bool, current: [MonthlyAirFigures], previous: [MonthlyAirFigures],
                            listSize: Int) -> AirRanking {
        let prior = Dictionary(previous.map { ($0.region, $0) }, uniquingKeysWith: { a, _ in a })
        let validIndex = current.filter { $0.valid && $0.compositeIndex != nil }
        let sorted = current.sorted { a, b in
            let x = a.valid ? a.compositeIndex ?? .infinity : .infinity, y = b.valid ? b.compositeIndex ?? .infinity : .infinity
            return (x, a.region) < (y, b.region)
        }
        var entries: [RankEntry] = []
        for f in sorted {
            let ok = f.valid && f.compositeIndex != nil
            let rank = ok ? 1 + validIndex.filter { ($0.compositeIndex ?? 0) < (f.compositeIndex ?? 0) }.count : validIndex.count + 1
            let p = prior[f.region].flatMap { $0.valid ? $0 : nil }
            entries.append(RankEntry(region: f.region, rank: rank, valid: ok, current: f, previous: prior[f.region],
                                     indexChange: ok ? change(f.compositeIndex, p?.compositeIndex) : nil,
                                     pm25Change: ok ? change(f.pm25, p?.pm25) : nil, improvementRank: nil))
        }
        let changes = entries.compactMap(\.indexChange)
        for i in entries.indices {
            guard let c = entries[i].indexChange else { continue }
            entries[i].improvementRank = 1 + changes.filter { $0 < c }.count
        }
        let improving = entries.filter { $0.improvementRank != nil }
        let n = max(1, listSize)
        let byImprovement = improving.sorted { ($0.improvementRank ?? 0, $0.region) < ($1.improvementRank ?? 0, $1.region) }
        let avg = validIndex.isEmpty ? nil : GBT8170Rounding.round(validIndex.compactMap(\.compositeIndex).reduce(0, +) / Double(validIndex.count), decimals: 2)
        return AirRanking(level: level, year: year, month: month, yearToDate: yearToDate, entries: entries, listSize: n,
                          best: entries.filter { $0.valid && $0.rank <= n }.map(\.region),
                          worst: entries.filter { inBottom($0, n, entries) }.sorted { ($0.rank, $0.region) > ($1.rank, $1.region) }.map(\.region),
                          mostImproved: byImprovement.filter { ($0.improvementRank ?? .max) <= n }.map(\.region),
                          leastImproved: byImprovement.filter { e in improving.filter { ($0.improvementRank ?? 0) > (e.improvementRank ?? 0) }.count < n }.reversed().map(\.region),
                          average: avg)
    }

    /// In the bottom `n`: fewer than `n` regions rank strictly worse (so a tie at the boundary is inside).
    public static func inBottom(_ e: RankEntry, _ n: Int, _ all: [RankEntry]) -> Bool { all.filter { $0.rank > e.rank }.count < n }

    /// The entry of a region.
    public func entry(_ region: RegionCode) -> RankEntry? { entries.first { $0.region == region } }

    /// (a − b) / b × 100, one decimal; nil without both or with b = 0.
    public static func change(_ a: Double?, _ b: Double?) -> Double? {
        guard let a, let b, b != 0 else { return nil }
        return GBT8170Rounding.round((a - b) / b * 100, decimals: 1)
    }
}
