public import EcoAir
public import EcoCore
public import EcoKit
import EcoStandards
import EcoServices
import Foundation

/// The JSON row of an annual air evaluation, shared by `ecoprov air annual --format json` and `/api/v1/air/annual`.
/// Every key always present, `null` where a statistic cannot be computed.
public struct AirAnnualJSON: CompleteKeysEncodable, Sendable {
    public let region: String; public let name: String; public let year: Int; public let standard: String
    public let validDays: Int; public let goodDays: Int; public let goodDayRatio: Double?; public let heavyDays: Int
    public let so2Annual: Double?; public let no2Annual: Double?; public let pm10Annual: Double?; public let pm25Annual: Double?
    public let so2P98: Double?; public let no2P98: Double?; public let pm10P95: Double?; public let pm25P95: Double?
    public let coP95: Double?; public let o3P90: Double?; public let compositeIndex: Double?; public let compositeRank: Int?
    public let attained: Bool?; public let daysPerLevel: [Int]; public let stationHours: Int; public let synthetic: Bool
    /// Pollutants whose year meets GB 3095 Table 4, and the exceedance multiples of the statistics above their limits.
    public let complete: [String: Bool]; public let exceedance: [String: Double]
    /// `incomplete: N valid days (…)` when a pollutant misses the GB 3095 completeness rule, else null.
    public let incompleteNote: String?

    /// The rows of a set of results, with the cities' ranks by comprehensive index (`AirAnalysis.ranks`).
    public static func rows(_ results: [AirAnalysis.RegionResult], rank: [RegionCode: Int], tree: RegionTree, lang: Language) -> [AirAnnualJSON] {
        results.map { r in
            let s = r.statistics
            return AirAnnualJSON(region: r.region.rawValue, name: tree[r.region]?.name[lang] ?? "", year: s.year, standard: s.standard.evaluationName,
                                 validDays: s.validDays, goodDays: s.goodDays, goodDayRatio: s.goodDayRatio, heavyDays: s.heavyDays,
                                 so2Annual: s.so2Annual, no2Annual: s.no2Annual, pm10Annual: s.pm10Annual, pm25Annual: s.pm25Annual,
                                 so2P98: s.so2P98, no2P98: s.no2P98, pm10P95: s.pm10P95, pm25P95: s.pm25P95, coP95: s.coP95, o3P90: s.o3P90,
                                 compositeIndex: s.compositeIndex, compositeRank: rank[r.region], attained: s.attained,
                                 daysPerLevel: s.daysPerLevel, stationHours: s.stationHours, synthetic: r.synthetic,
                                 complete: Dictionary(uniqueKeysWithValues: s.complete.map { ($0.key.display, $0.value) }),
                                 exceedance: s.exceedance, incompleteNote: s.incompleteNote(needs: AirPollutant.allCases))
        }
    }
}

/// The JSON row of an air import run (`ecoprov air runs --format json`, `/api/v1/air/runs`). Times are ISO 8601 UTC.
public struct AirImportRunJSON: CompleteKeysEncodable, Sendable {
    public let id: Int64; public let file: String; public let size: Int64; public let actor: String
    public let startedAt: String; public let finishedAt: String?; public let rowsWritten: Int; public let rowsRefused: Int
    public let supersededBy: Int64?; public let abandonedAt: String?
    /// `finished`, `unfinished` (running, or killed halfway: its file is partly stored), `superseded` or `abandoned`.
    public let state: String

    /// The row of a run.
    public init(_ r: AirImportRun) {
        let f = Date.ISO8601FormatStyle()
        id = r.id; file = r.file; size = r.size; actor = r.actor
        startedAt = r.startedAt.formatted(f); finishedAt = r.finishedAt?.formatted(f)
        rowsWritten = r.rowsWritten; rowsRefused = r.rowsRefused; supersededBy = r.supersededBy; abandonedAt = r.abandonedAt?.formatted(f)
        state = r.state.rawValue
    }
}
