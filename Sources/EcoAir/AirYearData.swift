import EcoCore
public import EcoKit
public import EcoStandards
import Foundation

/// A year of hourly values for a set of stations, held as one fixed-size matrix per station (days × 24 hours × 6
/// pollutants, Int32 thousandths, `missing` where absent): memory depends on stations × days, not on file size, and
/// a repeated (station, hour) simply overwrites — the last value read wins, as in the store.
/// Not thread-safe: one owner writes at a time (the parallel loader gives each thread its own and merges them);
/// once written it may be read from several threads.
public final class AirYearData: @unchecked Sendable {
    public let year: Int
    public let firstDay: CivilDay
    public let dayCount: Int
    public private(set) var stationCount: Int
    /// One buffer per station, allocated on its first hour (manually managed: the per-hour write is the hot path
    /// of the air benchmark, and an array property paid a uniqueness and exclusivity check on every write).
    @exclusivity(unchecked) private var matrix: [UnsafeMutablePointer<Int32>?]
    /// 1 where a (station, hour) was written — by a valid or a flagged row — so that a later part of a file can
    /// replace it when parts are merged.
    @exclusivity(unchecked) private var written: [UnsafeMutablePointer<UInt8>?]
    /// Station-hours with at least one value (a repeated hour counts once); counted when asked, so that the
    /// per-hour write stays minimal.
    public var hoursStored: Int { (0..<stationCount).reduce(0) { $0 + validHours(station: $1) } }
    static let missing = Int32.min

    public init(year: Int, stations: Int) {
        self.year = year
        firstDay = CivilDay(year: year, month: 1, day: 1)
        dayCount = CivilDay(year: year + 1, month: 1, day: 1).index - firstDay.index
        stationCount = stations
        matrix = Array(repeating: nil, count: stations)
        written = Array(repeating: nil, count: stations)
    }

    deinit {
        for m in matrix { m?.deallocate() }
        for w in written { w?.deallocate() }
    }

    private func buffer(_ s: Int) -> UnsafeMutablePointer<Int32> {
        if let m = matrix[s] { return m }
        let m = UnsafeMutablePointer<Int32>.allocate(capacity: dayCount * 24 * 6)
        m.initialize(repeating: Self.missing, count: dayCount * 24 * 6)
        matrix[s] = m
        let w = UnsafeMutablePointer<UInt8>.allocate(capacity: dayCount * 24)
        w.initialize(repeating: 0, count: dayCount * 24)
        written[s] = w
        return m
    }

    /// Takes every station-hour that `later` (the data of a later part of the same file) wrote, as if its rows had
    /// been read after this one's: the last row read wins.
    public func merge(later: AirYearData) {
        guard later.dayCount == dayCount, later.stationCount == stationCount else { return }
        for s in 0..<stationCount {
            guard let lm = later.matrix[s], let lw = later.written[s] else { continue }
            guard let m = matrix[s], let w = written[s] else {
                // This part never saw the station (files come grouped by station): take the buffers as they are.
                matrix[s] = lm
                written[s] = lw
                later.matrix[s] = nil
                later.written[s] = nil
                continue
            }
            for h in 0..<(dayCount * 24) where lw[h] != 0 {
                for p in 0..<6 { m[h * 6 + p] = lm[h * 6 + p] }
                w[h] = 1
            }
        }
    }

    /// Stores one station-hour given by its parts (the hot path of the file loader; `add` wraps it).
    @inline(__always)
    public func store(station s: Int, day dayIndex: Int, hour: Int, values v: AirValues, valid: Bool) -> Bool {
        let d = dayIndex - firstDay.index
        guard d >= 0, d < dayCount, s >= 0, s < stationCount, hour >= 1, hour <= 24 else { return false }
        let m = buffer(s)
        let slot = d * 24 + hour - 1
        written[s]?[slot] = 1
        let base = slot * 6
        @inline(__always) func put(_ p: Int, _ x: Int64?) { m[base + p] = valid ? (x.map { Int32(clamping: $0) } ?? Self.missing) : Self.missing }
        put(0, v.0); put(1, v.1); put(2, v.2); put(3, v.3); put(4, v.4); put(5, v.5)
        return true
    }

    /// Stores one station-hour of this year for the station at index `station` (others are ignored and return
    /// false). An invalid (flagged) hour is stored as missing, so it replaces an earlier valid value of the same hour.
    @discardableResult
    public func add(_ h: AirHour, station: Int) -> Bool {
        let day = h.day
        return store(station: station, day: day.index, hour: h.hourEnd - day.index * 24, values: h.values, valid: h.isValid)
    }

    /// The 24 hour-ending values of one pollutant on one day.
    public func hours(station s: Int, day d: Int, _ p: AirPollutant) -> [Int64?] {
        guard let m = matrix[s], let pi = AirPollutant.allCases.firstIndex(of: p) else { return Array(repeating: nil, count: 24) }
        return (0..<24).map { h in
            let v = m[(d * 24 + h) * 6 + pi]
            return v == Self.missing ? nil : Int64(v)
        }
    }

    /// A station's daily values (day `d` of the year): means with ≥ 20 hours, the O3 maximum 1-hour value and MDA8,
    /// read in place from the matrix.
    public func daily(station s: Int, day d: Int) -> DailyConcentrations {
        guard s < stationCount, let m = matrix[s], d >= 0, d < dayCount else { return DailyConcentrations() }
        func hours(_ p: Int) -> HJ663.DayHours { HJ663.DayHours(base: UnsafePointer(m + d * 24 * 6 + p), stride: 6) }
        let o3 = hours(4)
        return DailyConcentrations(so2: HJ663.dailyMean(hours(0), .so2), no2: HJ663.dailyMean(hours(1), .no2),
                                   pm10: HJ663.dailyMean(hours(2), .pm10), co: HJ663.dailyMean(hours(3), .co),
                                   pm25: HJ663.dailyMean(hours(5), .pm25), o3Max1h: HJ663.dailyMax(o3),
                                   o3MDA8: HJ663.mda8(o3, limit: 160_000).value)
    }

    public func day(_ d: Int) -> CivilDay { firstDay.adding(d) }

    /// Station-hours of a station with at least one value.
    public func validHours(station s: Int) -> Int {
        guard s < stationCount, let m = matrix[s] else { return 0 }
        var n = 0
        for h in 0..<(dayCount * 24) where (0..<6).contains(where: { m[h * 6 + $0] != Self.missing }) { n += 1 }
        return n
    }
}
