import EcoCore
import EcoStandards
import EcoStore
import Foundation

/// Ties the air pipeline together: import files into the store, load a year back, evaluate cities and the
/// province, and turn the results into indicator values. Computation is EcoStandards'; this only moves data.
public enum AirAnalysis {
    /// Streams hourly files into the store in batches of 50,000 rows (the good rows of a file are kept even when
    /// others are refused; a repeated station-hour replaces the stored one).
    public static func importHours(paths: [String], store: any EcoStore, progress: ((String, Double) -> Void)? = nil) async throws -> [AirCSV.Summary] {
        let stations = try await store.airStations()
        var index: [String: Int] = [:]
        for (i, s) in stations.enumerated() { index[s.code] = i }
        var summaries: [AirCSV.Summary] = []
        for path in paths {
            var batch: [AirHourRow] = []
            batch.reserveCapacity(60_000)
            let summary = try await AirCSV.streamHours(path: path, stations: index, progress: progress.map { p in { p(path, $0) } },
                                                       afterChunk: {
                                                           // Written once 50,000 rows have gathered, and at the end.
                                                           if batch.count >= 50_000 {
                                                               try await store.writeAirHours(batch)
                                                               batch.removeAll(keepingCapacity: true)
                                                           }
                                                       }) { h in
                let v = h.values
                batch.append(AirHourRow(station: stations[h.station].code, hourEnd: h.hourEnd, values: [v.0, v.1, v.2, v.3, v.4, v.5], flag: h.flag))
            }
            if !batch.isEmpty { try await store.writeAirHours(batch) }
            summaries.append(summary)
        }
        return summaries
    }

    /// Loads one year of stored station-hours (hours ending 01:00 on 1 January … 24:00 on 31 December).
    public static func loadYear(_ year: Int, store: any EcoStore, stations: [AirStation]) async throws -> AirYearData {
        let data = AirYearData(year: year, stations: stations.count)
        var index: [String: Int] = [:]
        for (i, s) in stations.enumerated() { index[s.code] = i }
        let first = CivilDay(year: year, month: 1, day: 1).index * 24 + 1
        let last = CivilDay(year: year + 1, month: 1, day: 1).index * 24
        let box = Box(data: data, index: index)
        _ = try await store.forEachAirHour(in: first...last) { row in box.add(row) }
        return data
    }

    /// Lets `concurrentPerform` write distinct slots of one buffer.
    struct SendableBuffer<T>: @unchecked Sendable {
        let base: UnsafeMutableBufferPointer<T>
        init(_ b: UnsafeMutableBufferPointer<T>) { base = b }
    }

    /// A mutable sink for the store's row callback.
    final class Box: @unchecked Sendable {
        let data: AirYearData
        let index: [String: Int]
        init(data: AirYearData, index: [String: Int]) { self.data = data; self.index = index }

        func add(_ row: AirHourRow) {
            guard let s = index[row.station] else { return }
            let day = CivilDay(index: Int((Double(row.hourEnd - 1) / 24).rounded(.down)))
            let hour = row.hourEnd - day.index * 24
            let v = row.values
            data.add(AirHourRecord(station: s, day: day, hour: hour, values: (v[0], v[1], v[2], v[3], v[4], v[5]),
                                   valid: row.flag == nil || row.flag == "N"))
        }
    }

    /// Loads one year straight from an hourly file, without storing it: the file is cut into `parts` pieces at line
    /// starts, parsed in parallel into one `AirYearData` each, and merged in file order (the last row read wins, as
    /// in the store). Problems carry their line numbers in the whole file. Used by `air annual --files` and the
    /// benchmark; memory is one year matrix per part.
    public static func loadYear(_ year: Int, fromFile path: String, stations: [AirStation], parts: Int = 2) async throws -> (AirYearData, AirCSV.Summary) {
        let index = Dictionary(stations.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { $1 })
        let ranges = try AirCSV.split(path: path, parts: max(1, parts))
        let count = stations.count
        let results = try await withThrowingTaskGroup(of: (Int, AirYearData, AirCSV.Summary).self) { group in
            for (k, range) in ranges.enumerated() {
                group.addTask {
                    let data = AirYearData(year: year, stations: count)
                    let summary = try await AirCSV.streamHours(path: path, stations: index, byteRange: range, sink: data) { h in
                        data.add(AirHourRecord(station: h.station, day: h.day, hour: h.hour, values: h.values, valid: h.valid))
                    }
                    return (k, data, summary)
                }
            }
            var out: [(Int, AirYearData, AirCSV.Summary)] = []
            for try await r in group { out.append(r) }
            return out.sorted { $0.0 < $1.0 }
        }
        guard let first = results.first else { return (AirYearData(year: year, stations: count), AirCSV.Summary()) }
        var total = first.2
        var linesBefore = first.2.lines
        for (_, data, summary) in results.dropFirst() {
            first.1.merge(later: data)
            total.rows += summary.rows; total.good += summary.good; total.bad += summary.bad; total.flagged += summary.flagged
            total.problems += summary.problems.map {
                AirCSV.Problem(file: $0.file, line: $0.line + linesBefore, column: $0.column, message: $0.message)
            }
            linesBefore += summary.lines
        }
        total.lines = linesBefore
        return (first.1, total)
    }

    public struct RegionResult: Sendable {
        public var region: RegionCode
        public var statistics: AnnualAirStatistics
        public var synthetic: Bool
    }

    /// The annual statistics of every city with stations, and of the province from them.
    public static func evaluate(_ data: AirYearData, stations: [AirStation], tree: RegionTree, forcing standard: AirStandard? = nil) -> (cities: [RegionResult], province: RegionResult?) {
        let list = tree.current(level: .city)
        // Cities are independent: two at a time on the two cores (the data is only read here).
        var slots = [RegionResult?](repeating: nil, count: list.count)
        slots.withUnsafeMutableBufferPointer { out in
            let buffer = SendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: list.count) { i in
                let city = list[i]
                let members = EvaluationStations.forCity(city.code, stations: stations, tree: tree)
                guard !members.isEmpty else { return }
                let days = AirEvaluation.regionDays(data, stations: members, forcing: standard)
                let hours = members.reduce(0) { $0 + data.validHours(station: $1) }
                buffer.base[i] = RegionResult(region: city.code, statistics: AirEvaluation.annual(days, year: data.year, stationHours: hours, forcing: standard),
                                              synthetic: members.contains { stations[$0].synthetic })
            }
        }
        let cities = slots.compactMap { $0 }
        let province = tree.current(level: .province).first.flatMap { p in
            AirEvaluation.province(cities.map(\.statistics), year: data.year).map {
                RegionResult(region: p.code, statistics: $0, synthetic: cities.contains { $0.synthetic })
            }
        }
        return (cities, province)
    }

    /// The framework values the results give: 优良天数比例, PM2.5 annual mean and air quality attained (达标/未达标),
    /// for the indicators of the framework that exist, with the provenance "computed from N station-hours, HJ 663-…".
    public static func indicatorWrites(_ results: [RegionResult], framework: Framework) -> [ObservationWrite] {
        var out: [ObservationWrite] = []
        for r in results {
            let s = r.statistics
            let source = "computed from \(s.stationHours.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) station-hours, \(s.standard.evaluationName)"
            func add(_ id: String, _ value: ObservationValue?) {
                guard let value, let ind = framework.indicator(id), case .success = ValueRules.parse(value.description, for: ind) else { return }
                out.append(ObservationWrite(key: ObservationKey(framework: framework.id, indicator: id, region: r.region, year: s.year),
                                            value: value, source: source, synthetic: r.synthetic))
            }
            add("good_air_days_ratio", s.goodDayRatio.map { .number($0) })
            add("pm25", s.pm25Annual.map { .number($0) })
            add("air_quality", s.attained.map { .level($0 ? "达标" : "未达标") })
        }
        return out
    }
}
