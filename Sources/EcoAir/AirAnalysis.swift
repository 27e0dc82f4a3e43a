public import EcoCore
import EcoKit
public import EcoStandards
import Foundation

/// The air pipeline over stored data: load a year of station-hours back from the store, evaluate cities and the
/// province. Computation is EcoStandards' (HJ 633, HJ 663, GB 3095) and `AirEvaluation`'s; this only moves data.
public enum AirAnalysis {
    /// Loads one year of stored station-hours (hours ending 01:00 on 1 January … 24:00 on 31 December).
    public static func loadYear(_ year: Int, store: any AirStore, stations: [AirStation]) async throws -> AirYearData {
        let data = AirYearData(year: year, stations: stations.count)
        var index: [String: Int] = [:]
        for (i, s) in stations.enumerated() { index[s.code] = i }
        let first = CivilDay(year: year, month: 1, day: 1).index * 24 + 1
        let last = CivilDay(year: year + 1, month: 1, day: 1).index * 24
        let box = Sink(data: data, index: index)
        _ = try await store.forEachAirHour(in: first...last) { hour in box.add(hour) }
        return data
    }

    /// Lets `concurrentPerform` write distinct slots of one buffer.
    struct SendableBuffer<T>: @unchecked Sendable {
        let base: UnsafeMutableBufferPointer<T>
        init(_ b: UnsafeMutableBufferPointer<T>) { base = b }
    }

    /// A mutable sink for the store's row callback (called on one thread at a time).
    final class Sink: @unchecked Sendable {
        let data: AirYearData
        let index: [String: Int]
        init(data: AirYearData, index: [String: Int]) { self.data = data; self.index = index }

        func add(_ hour: AirHour) {
            guard let s = index[hour.station] else { return }
            data.add(hour, station: s)
        }
    }

    /// The annual evaluation of one region.
    public struct RegionResult: Sendable {
        /// The city or the province.
        public var region: RegionCode
        /// Its HJ 663 statistics.
        public var statistics: AnnualAirStatistics
        /// True when any station used is synthetic.
        public var synthetic: Bool

        /// Creates a result.
        public init(region: RegionCode, statistics: AnnualAirStatistics, synthetic: Bool) {
            self.region = region
            self.statistics = statistics
            self.synthetic = synthetic
        }
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

    /// Ranks cities by comprehensive index, lower (cleaner) first; ties by code (环办监测〔2018〕19号 ranking).
    public static func ranks(_ cities: [RegionResult]) -> [RegionCode: Int] {
        let ranked = cities.filter { $0.statistics.compositeIndex != nil }
            .sorted { ($0.statistics.compositeIndex ?? 0, $0.region) < ($1.statistics.compositeIndex ?? 0, $1.region) }
        var out: [RegionCode: Int] = [:]
        for (i, r) in ranked.enumerated() { out[r.region] = i + 1 }
        return out
    }
}
