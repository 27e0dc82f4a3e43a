import EcoAir
import EcoCore
import EcoKit
import EcoStandards
import Foundation

/// The air facet's checks (`AirStore`): stations, station-hours and stored annual evaluations.
enum AirConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("air stations are upserted by code", stations),
        ("station-hours: the last write wins, values and flags round-trip, range and order hold", hours),
        ("annual evaluations are replaced per year and read back whole", annual),
        ("import runs count their batches; finishing supersedes the file's unfinished runs; abandoning needs an open run", runs),
    ]

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: "air: " + message()) }
    }

    static func station(_ code: String, _ name: String, synthetic: Bool = false) -> AirStation {
        AirStation(code: code, name: name, region: RegionCode("140105")!, stationClass: .national, lon: 112.5, lat: 37.8, synthetic: synthetic)
    }

    static func stations(_ s: any ConformingStore) async throws {
        try await s.upsertAirStations([station("B2", "乙"), station("A1", "甲")])
        try await s.upsertAirStations([station("A1", "甲站", synthetic: true)])
        let got = try await s.airStations()
        try expect(got.map(\.code) == ["A1", "B2"], "stations should be listed once each in code order, got \(got.map(\.code))")
        try expect(got.first?.name == "甲站" && got.first?.synthetic == true, "an upsert did not replace the station's fields")
    }

    static func hours(_ s: any ConformingStore) async throws {
        let day = CivilDay(year: 2024, month: 3, day: 5)
        let before = try await s.airHoursRevision()
        let revision = try await s.revision()
        try await s.writeAirHours([
            AirHour(station: "A1", day: day, hour: 1, values: (10_000, 20_000, 30_000, 500, 40_000, 7_000), flag: nil),
            AirHour(station: "A1", day: day, hour: 24, values: (nil, nil, nil, nil, nil, 35_500), flag: "H"),
            AirHour(station: "B2", day: day, hour: 2, values: (1, 2, 3, 4, 5, 6), flag: "N"),
        ])
        // The same hour again: replaces.
        try await s.writeAirHours([AirHour(station: "A1", day: day, hour: 1, values: (11_000, nil, nil, nil, nil, 8_000), flag: nil)])
        try expect(try await s.airHoursRevision() >= before + 2, "each batch of station-hours must bump airHoursRevision")
        try expect(try await s.revision() > revision, "station-hours must bump the revision")
        let box = Collected()
        let n = try await s.forEachAirHour(in: (day.index * 24)...(day.index * 24 + 24)) { box.add($0) }
        let got = box.items
        try expect(n == 3 && got.count == 3, "expected 3 station-hours, got \(n)")
        try expect(got.map { "\($0.station)@\($0.hour)" } == ["A1@1", "A1@24", "B2@2"], "order must be (station, hour): \(got.map { "\($0.station)@\($0.hour)" })")
        try expect(got[0].values.0 == 11_000 && got[0].values.1 == nil && got[0].values.5 == 8_000, "the last write of an hour must win whole")
        try expect(got[1].flag == "H" && !got[1].isValid && got[1].values.5 == 35_500 && got[1].day == day, "a flagged hour 24 must round-trip")
        try expect(got[2].values.3 == 4 && got[2].isValid, "thousandths must round-trip exactly")
        let none = try await s.forEachAirHour(in: (day.index * 24 + 25)...(day.index * 24 + 48)) { _ in }
        try expect(none == 0, "a range without hours must yield none")
    }

    static func annual(_ s: any ConformingStore) async throws {
        let days = (0..<3).map { d -> RegionDay in
            let v = DailyConcentrations(so2: 10_000, no2: 20_000, pm10: 60_000, co: 1_000, pm25: 40_000 + Int64(d) * 1_000, o3Max1h: 90_000, o3MDA8: 80_000)
            return RegionDay(day: CivilDay(year: 2024, month: 1, day: 1).adding(d), values: v, aqi: HJ633.daily(v, standard: .v2012),
                             complete: true, stations: 1)
        }
        let stats = AirEvaluation.annual(days, year: 2024, stationHours: 72)
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        let city = AirAnnualRecord(region: RegionCode("140100")!, statistics: stats, synthetic: true, hoursRevision: 3, computedAt: at)
        let province = AirAnnualRecord(region: RegionCode("140000")!, statistics: stats, synthetic: false, hoursRevision: 3, computedAt: at)
        try await s.saveAirAnnual([city, province], year: 2024)
        try await s.saveAirAnnual([city], year: 2023)
        var got = try await s.airAnnual(year: 2024)
        try expect(got.map(\.region.rawValue) == ["140000", "140100"], "records should come in region order, got \(got.map(\.region.rawValue))")
        try expect(got[1].statistics.pm25Annual == stats.pm25Annual && got[1].statistics.validDays == 3 && got[1].synthetic
                   && got[1].hoursRevision == 3 && got[1].computedAt == at, "a record must round-trip whole")
        try await s.saveAirAnnual([province], year: 2024)
        got = try await s.airAnnual(year: 2024)
        try expect(got.map(\.region.rawValue) == ["140000"], "saving a year must replace all of that year's records")
        try expect(try await s.airAnnualYears() == [2023, 2024], "airAnnualYears should list 2023 and 2024")
        try expect(try await s.airAnnual(year: 2022).isEmpty, "a year without records must be empty")
    }
}

extension AirConformance {
    static func runs(_ s: any ConformingStore) async throws {
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        let day = CivilDay(year: 2024, month: 3, day: 5)
        func hours(_ n: Int) -> [AirHour] {
            (1...n).map { AirHour(station: "A1", day: day, hour: $0, values: (1, 2, 3, 4, 5, 6), flag: nil) }
        }
        let killed = try await s.startAirImport(file: "/data/h.csv", size: 100, actor: "t", at: at)
        try await s.writeAirHours(hours(3), run: killed)
        try await s.writeAirHours(hours(2), run: killed)
        var open = try await s.openAirImports()
        try expect(open.map(\.id) == [killed] && open.first?.rowsWritten == 5 && open.first?.state == .unfinished,
                   "an unfinished run must be open with the rows of its batches (3 + 2), got \(open)")
        let other = try await s.startAirImport(file: "/data/other.csv", size: 7, actor: "t", at: at)
        let again = try await s.startAirImport(file: "/data/h.csv", size: 100, actor: "t", at: at.addingTimeInterval(60))
        try await s.writeAirHours(hours(24), run: again)
        try await s.finishAirImport(again, rowsRefused: 2, at: at.addingTimeInterval(90))
        let all = try await s.airImportRuns()
        try expect(all.map(\.id) == [again, other, killed], "runs must be listed newest first, got \(all.map(\.id))")
        try expect(all[0].state == .finished && all[0].rowsWritten == 24 && all[0].rowsRefused == 2 && all[0].finishedAt == at.addingTimeInterval(90),
                   "a finished run must round-trip: \(all[0])")
        try expect(all[2].state == .superseded && all[2].supersededBy == again, "finishing a file's run must supersede its unfinished run")
        open = try await s.openAirImports()
        try expect(open.map(\.id) == [other], "only the other file's run is still open, got \(open.map(\.id))")
        try expect(try await s.abandonAirImport(other, at: at), "an open run can be abandoned")
        try expect(try await !s.abandonAirImport(other, at: at), "an abandoned run cannot be abandoned again")
        try expect(try await !s.abandonAirImport(again, at: at), "a finished run cannot be abandoned")
        try expect(try await s.openAirImports().isEmpty, "no run is open after the abandon")
        var refused = false
        do { try await s.finishAirImport(again, rowsRefused: 0, at: at) } catch { refused = true }
        try expect(refused, "finishing a run twice must fail")
    }
}

/// Collects station-hours from the store's callback.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [AirHour] = []
    func add(_ h: AirHour) { lock.withLock { list.append(h) } }
    var items: [AirHour] { lock.withLock { list } }
}
