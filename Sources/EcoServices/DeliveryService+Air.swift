import EcoAir
public import EcoCore
public import EcoDelivery
import EcoKit
import EcoStore
import Foundation

/// The monthly air ranking, the 量化问责 triggers and the air reward/penalty, computed from the stored station-hours
/// by the air domain (HJ 663 period statistics) and judged by the delivery domain's rules.
extension Services {
    /// Per month 1…12 of `year`, the figures of every ranked region: the cities (from their evaluation stations) or
    /// the counties that have a station of their own (a county without one is not in the ranking; a county with
    /// stations but without valid data for a month ranks last). Empty when the year has no air data.
    public func monthlyAirFigures(year: Int, level: RegionLevel, yearToDate: Bool) async throws -> [Int: [MonthlyAirFigures]] {
        let key = "\(try await store.revision())/\(year)/\(level.rawValue)/\(yearToDate)"
        if let hit = MonthlyAirCache.shared.get(key) { return hit }
        let stations = try await store.airStations()
        let tree = try await tree()
        let data = try await AirAnalysis.loadYear(year, store: store, stations: stations)
        var members: [(RegionCode, [Int])] = []
        switch level {
        case .city:
            members = tree.current(level: .city).map { ($0.code, EvaluationStations.forCity($0.code, stations: stations, tree: tree)) }
        case .county:
            members = tree.current(level: .county).map { c in (c.code, stations.indices.filter { stations[$0].region == c.code }) }
        default:
            throw ServiceError.invalid("the monthly ranking is of cities or counties")
        }
        members = members.filter { !$0.1.isEmpty }
        var out: [Int: [MonthlyAirFigures]] = [:]
        var any = false
        for (region, idx) in members {
            let days = AirEvaluation.regionDays(data, stations: idx)
            for m in 1...12 {
                let (s, valid) = AirPeriod.statistics(days, year: year, month: m, yearToDate: yearToDate)
                if s.validDays > 0 { any = true }
                out[m, default: []].append(MonthlyAirFigures(region: region, year: year, month: m, yearToDate: yearToDate, compositeIndex: s.compositeIndex,
                                                             pm25: s.pm25Annual, pm10: s.pm10Annual, so2: s.so2Annual, goodDayRatio: s.goodDayRatio, valid: valid))
            }
        }
        let result = any ? out : [:]
        MonthlyAirCache.shared.put(key, result)
        return result
    }

    /// The latest month, not after the current one, with valid city air figures in this or the two years before; nil
    /// when there is none (the monthly pages then ask for data first).
    public func latestAirMonth() async throws -> YearMonth? {
        let now = today
        for year in stride(from: now.year, through: now.year - 2, by: -1) {
            let figures = try await monthlyAirFigures(year: year, level: .city, yearToDate: false)
            let last = (1...12).reversed().first { m in (year < now.year || m <= now.components.month) && (figures[m] ?? []).contains { $0.valid } }
            if let m = last { return YearMonth(year: year, month: m) }
        }
        return nil
    }

    /// Computes, ahead of the first reader, the monthly figures the monthly page and its API read first (the latest
    /// month's year and the year before, cities and counties, month and year to date): a year of station-hours is
    /// otherwise evaluated on the first request (seconds for two years of 44 stations). Errors are ignored.
    public func warmMonthlyAirFigures() async {
        guard let m = try? await latestAirMonth() else { return }
        for year in [m.year, m.year - 1] {
            for level in [RegionLevel.city, .county] {
                for ytd in [false, true] { _ = try? await monthlyAirFigures(year: year, level: level, yearToDate: ytd) }
            }
        }
    }

    /// The ranking of the cities or counties for `month` (or January to it), against the same period a year earlier.
    public func rankMonthly(_ month: YearMonth, level: RegionLevel, yearToDate: Bool = false) async throws -> AirRanking {
        let now = try await monthlyAirFigures(year: month.year, level: level, yearToDate: yearToDate)
        guard let current = now[month.month], current.contains(where: { $0.valid || $0.compositeIndex != nil }) else {
            throw ServiceError.invalid("there is no air data for \(month): import station-hours first (ecoprov air import)")
        }
        let before = try await monthlyAirFigures(year: month.year - 1, level: level, yearToDate: yearToDate)[month.month] ?? []
        let sizes = try await deliveryRules().listSizes.value
        return AirRanking.rank(level: level.rawValue, year: month.year, month: month.month, yearToDate: yearToDate, current: current, previous: before,
                               listSize: sizes[level.rawValue] ?? (level == .city ? 3 : 10))
    }

    /// Everything that fires in `month`: the county rules on the monthly county rankings (this month and the months
    /// before it that the rules look at), the city rule on the city ranking for January to `month` (a warning before
    /// December), and the water rule on the binding water indicators' assessment.
    public func accountability(_ month: YearMonth, framework id: String = Services.defaultFramework) async throws -> [TriggerFiring] {
        let rules = try await deliveryRules()
        let back = max(month.month, rules.accountability.consecutiveMonths.value)
        var counties: [YearMonth: AirRanking] = [:]
        for k in 0..<back {
            let m = month.adding(-k)
            if let r = try? await rankMonthly(m, level: .county) { counties[m] = r }
        }
        guard counties[month] != nil else { throw ServiceError.invalid("there is no county air data for \(month)") }
        let city = try? await rankMonthly(month, level: .city, yearToDate: true)
        var water: [WaterTargetYear] = []
        do {
            let engine = try await engine(framework: id)
            let last = month.month == 12 ? month.year : month.year - 1
            for y in (last - rules.accountability.waterYears.value + 1)...last {
                for a in engine.assessAll(year: y) where a.level == .city {
                    for i in a.indicators where rules.accountability.waterIndicators.value.contains(i.indicator) {
                        let met: Bool? = i.status == .attained || i.status == .onSchedule ? true : i.status.isLagging ? false : nil
                        water.append(WaterTargetYear(region: a.region, year: y, indicator: i.indicator, value: i.value?.number, target: i.expected, met: met))
                    }
                }
            }
        }
        return Accountability.evaluate(month: month, counties: counties, cityYearToDate: city, water: water, rules: rules)
    }

    /// Every city's reward and penalty for `month`, with the arithmetic.
    public func rewardPenalty(_ month: YearMonth) async throws -> [CityRewardPenalty] {
        guard let current = try await monthlyAirFigures(year: month.year, level: .city, yearToDate: false)[month.month] else {
            throw ServiceError.invalid("there is no city air data for \(month)")
        }
        let previous = try await monthlyAirFigures(year: month.year - 1, level: .city, yearToDate: false)[month.month] ?? []
        return RewardPenalty.month(month, current: current, previous: previous, rules: try await deliveryRules())
    }
}

/// The monthly figures by store revision (a year of station-hours is read and evaluated once per revision).
final class MonthlyAirCache: @unchecked Sendable {
    static let shared = MonthlyAirCache()
    private let lock = NSLock()
    private var entries: [String: [Int: [MonthlyAirFigures]]] = [:]

    func get(_ key: String) -> [Int: [MonthlyAirFigures]]? { lock.lock(); defer { lock.unlock() }; return entries[key] }

    func put(_ key: String, _ value: [Int: [MonthlyAirFigures]]) {
        lock.lock(); defer { lock.unlock() }
        if entries.count > 32 { entries.removeAll() }
        entries[key] = value
    }
}
