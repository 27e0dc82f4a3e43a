import EcoAir
import EcoCore
import EcoDemo
import EcoIngest
import EcoKit
import EcoServices
import EcoStore
import EcoStoreSQLite
import XCTest

final class AirPipelineTests: XCTestCase {
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-air-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func file(_ name: String, _ text: String) throws -> String {
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    func testStationsFileIsValidatedWholly() throws {
        let tree = RegionTree(try BuiltinData.regions())
        let ok = AirCSV.readStations(Data("code,name,region,class,lon,lat\nA1,坞城,140105,national,112.55,37.85\n".utf8), file: "s.csv", regions: tree)
        XCTAssertEqual(ok.stations.map(\.code), ["A1"])
        let bad = AirCSV.readStations(Data("code,name,region,class,lon,lat\nA1,x,149999,national,112,37\nA2,y,140105,mobile,200,37\nA2,z,140105,国控,112,37\n".utf8),
                                      file: "s.csv", regions: tree)
        XCTAssertEqual(bad.stations.count, 0, "one bad row refuses the whole stations file")
        XCTAssertEqual(bad.problems.map(\.description), [
            "s.csv:2:3: '149999' is not a current city or county code",
            "s.csv:3:4: class 'mobile' is not national, provincial or county",
            "s.csv:3:5: longitude '200' is not a number from −180 to 180",
        ])
    }

    func testHourlyRowsStreamWithBadRowsReportedAndMidnightAsHour24() async throws {
        let path = try file("h.csv", """
            station,time,SO2,NO2,PM10,CO,O3,PM2_5,flag
            A1,2024-01-01 01:00,10,20,30,0.5,40,25,
            A1,2024-01-02 00:00,11,21,31,0.6,41,26,
            B9,2024-01-01 02:00,1,1,1,1,1,1,
            A1,2024-01-01 02:30,1,1,1,1,1,1,
            A1,2024-01-01 03:00,-4,1,1,1,1,1,
            A1,2024-01-01 04:00,1,1,1,900,1,1,
            A1,2024-01-01 05:00,1,1,1
            A1,2024-01-01 06:00,1,x,1,1,1,1,
            A1,2024-01-01 07:00,1,1,1,1,1,1,H
            A1,2024-01-01 08:00,,,,,,,
            """)
        var got: [AirHour] = []
        let s = try await AirCSV.streamHours(path: path, stations: ["A1": 0]) { _, hour in got.append(hour) }
        XCTAssertEqual(s.rows, 10)
        XCTAssertEqual(s.good, 4)
        XCTAssertEqual(s.bad, 6)
        XCTAssertEqual(s.flagged, 1)
        XCTAssertEqual(s.problems.map { "\($0.line):\($0.column): \($0.message)" }, [
            "4:1: unknown station 'B9'",
            "5:2: time '2024-01-01 02:30' is not YYYY-MM-DD HH:00 (hour-ending local time)",
            "6:3: negative concentration -4",
            "7:6: absurd concentration 900 (above 500)",
            "8:5: expected 9 fields as in the header, found 5",
            "9:4: 'x' is not a number",
        ])
        // "2024-01-02 00:00" is the 24th hour of 1 January.
        XCTAssertEqual(got[1].day.description, "2024-01-01")
        XCTAssertEqual(got[1].hour, 24)
        XCTAssertEqual(got[2].isValid, false)
        XCTAssertEqual(got[2].flag, "H")
        XCTAssertEqual(got[0].station, "A1")
        XCTAssertEqual(got[0].values.3, 500, "CO 0.5 mg/m³ in thousandths")
    }

    /// Two stations of 太原市, January 2024, worked by hand. Station A: PM2.5 = d (the day of the month) every hour,
    /// PM10 = 2d, SO2 10, NO2 20, CO 0.5, O3 50; station B: the same + 2 for PM2.5 and PM10. The city's daily PM2.5 is
    /// the mean (d + d + 2)/2 = d + 1 (2…32), PM10 2d + 1.
    func testAStationMonthByHand() throws {
        let data = AirYearData(year: 2024, stations: 2)
        for d in 1...31 {
            for h in 1...24 {
                for s in 0..<2 {
                    // Day 10 of station A misses 5 hours: 19 values, so its daily means are invalid and the city
                    // value that day is station B's alone (PM2.5 12).
                    if s == 0, d == 10, h <= 5 { continue }
                    let x: Int64 = Int64(d + 2 * s) * 1000
                    let pm10: Int64 = 2 * x - (s == 1 ? 2000 : 0)
                    data.add(AirHour(station: s == 0 ? "A" : "B", day: CivilDay(year: 2024, month: 1, day: d), hour: h,
                                     values: (10_000, 20_000, pm10, 500, 50_000, x), flag: nil), station: s)
                }
            }
        }
        let days = AirEvaluation.regionDays(data, stations: [0, 1])
        let jan = Array(days.prefix(31))
        let expected: [Int64?] = (1...31).map { (d: Int) -> Int64? in
            let v: Int = d == 10 ? 12 : d + 1
            return Int64(v * 1000)
        }
        XCTAssertEqual(jan.map { $0.values.pm25 }, expected)
        // Station A still has a valid MDA8 on day 10 (windows ending 11:00…24:00 have ≥ 6 hours: 14 windows), so
        // both stations count that day, though its PM2.5 mean is B's alone.
        XCTAssertEqual(jan[9].stations, 2)
        XCTAssertTrue(jan.allSatisfy(\.complete))
        // Day 31: PM2.5 32 → ⌈50·32/35⌉ = 46; PM10 63 → 50 + ⌈50·13/100⌉ = 57; O3 MDA8 50 → 25; AQI 57, primary PM10.
        XCTAssertEqual(jan[30].aqi.aqi, 57)
        XCTAssertEqual(jan[30].aqi.primary, [.pm10])
        let s = AirEvaluation.annual(jan, year: 2024, stationHours: 0)
        XCTAssertEqual(s.validDays, 31)
        XCTAssertEqual(s.goodDays, 31)
        XCTAssertEqual(s.goodDayRatio, 100)
        XCTAssertEqual(s.heavyDays, 0)
        // PM2.5 mean: (Σ_{d=1..31}(d + 1) − 11 + 12) / 31 = (527 + 1) / 31 = 17.03 → 17.
        XCTAssertEqual(s.pm25Annual, 17)
        // P95 of {2…32 with 11 replaced by 12}: sorted, k = 1 + 30·0.95 = 29.5 → X(29) = 30, X(30) = 31 → 30.5 → 30 (half to even).
        XCTAssertEqual(s.pm25P95, 30)
        // SO2 10, NO2 20 flat; CO P95 0.5; O3 P90 50.
        XCTAssertEqual(s.so2P98, 10)
        XCTAssertEqual(s.coP95, 0.5)
        XCTAssertEqual(s.o3P90, 50)
        // Index: 10/60 + 20/40 + PM10/70 + 17/35 + 0.5/4 + 50/160, PM10 mean (Σ(2d + 1) − 21 + 22)/31 = (1023 + 1)/31 = 33.03 → 33:
        // 0.16667 + 0.5 + 0.47143 + 0.48571 + 0.125 + 0.3125 = 2.0613 → 2.06.
        XCTAssertEqual(s.pm10Annual, 33)
        XCTAssertEqual(s.compositeIndex, 2.06)
        XCTAssertEqual(s.attained, true)
        XCTAssertEqual(s.dailyCounts[.pm25], 31)
        XCTAssertEqual(s.complete[.pm25], false, "31 daily values < 324: the year is incomplete (GB 3095 Table 4)")
        XCTAssertEqual(s.exceedance, [:], "nothing above its limit")
    }

    func testImportIsIdempotentAndFeedsTheIndicators() async throws {
        let store = try SQLiteStore(path: dir.appendingPathComponent("air.sqlite").path)
        _ = try await Bootstrap.initialize(store, actor: "t", at: Date())
        let tree = RegionTree(try await store.regions())
        let out = try AirDemo.write(stations: 22, year: 2023, seed: 5, tree: tree, directory: dir)
        let (stations, problems) = AirCSV.readStations(try Data(contentsOf: URL(fileURLWithPath: out.stationsPath)), file: "s", regions: tree)
        XCTAssertEqual(problems.count, 0)
        try await store.upsertAirStations(stations)
        let services = Services(store: store, actor: "t")
        let first = try await services.importAirHours(paths: [out.hoursPath])
        XCTAssertEqual(first[0].good + first[0].bad, out.rows)
        let data1 = try await AirAnalysis.loadYear(2023, store: store, stations: stations)
        _ = try await services.importAirHours(paths: [out.hoursPath])
        let data2 = try await AirAnalysis.loadYear(2023, store: store, stations: stations)
        XCTAssertEqual(data1.hoursStored, data2.hoursStored, "re-importing the same file changes nothing")
        let (cities, province) = AirAnalysis.evaluate(data2, stations: stations, tree: tree)
        XCTAssertEqual(cities.count, 11)
        let p = try XCTUnwrap(province)
        XCTAssertEqual(p.statistics.heavyDays, cities.reduce(0) { $0 + $1.statistics.heavyDays })
        guard let fw = try await store.framework(id: "shanxi-2021", version: nil) else { return XCTFail("no framework") }
        let writes = AirFeed.observations(cities + [p], framework: fw)
        XCTAssertEqual(Set(writes.map(\.key.indicator)), ["good_air_days_ratio", "pm25", "air_quality"])
        XCTAssertTrue(writes.allSatisfy { $0.synthetic && ($0.source ?? "").contains("station-hours, HJ 663-2013") })
        // Written with keepReal, synthetic values never replace the published 2023 province figures.
        _ = try await store.write(writes, policy: .keepReal, context: ChangeContext(actor: "t", at: Date()))
        let pm = try await store.observations(ObservationQuery(framework: fw.id, region: RegionCode("140000"), indicator: "pm25", years: 2023...2023))
        XCTAssertEqual(pm.first?.value, .number(37))

        // The stored evaluation: what /air reads. A later hourly import makes it stale until `air annual` runs again.
        let before = try await services.storedAirYear(2023)
        XCTAssertNil(before, "nothing is stored before an evaluation runs")
        let run = try await services.evaluateAir(year: 2023, framework: fw.id)
        let evaluated = try await services.storedAirYear(2023)
        var stored = try XCTUnwrap(evaluated)
        XCTAssertEqual(stored.results.count, 12)
        XCTAssertEqual(stored.results.last?.region.rawValue, "140000", "cities first, then the province")
        XCTAssertEqual(stored.results.first?.statistics.pm25Annual, run.cities.first?.statistics.pm25Annual)
        XCTAssertEqual(stored.ranks, run.ranks)
        XCTAssertFalse(stored.stale)
        try await store.writeAirHours([AirHour(station: stations[0].code, day: CivilDay(year: 2023, month: 6, day: 1), hour: 5,
                                               values: (1_000, 1_000, 1_000, 100, 1_000, 1_000), flag: nil)])
        let later = try await services.storedAirYear(2023)
        stored = try XCTUnwrap(later)
        XCTAssertTrue(stored.stale, "station-hours written after the evaluation make it stale")
        // A framework whose feeds bind other ids gets the values under those ids, and nothing under the built-in ones.
        var other = fw
        other.feeds = [FeedBinding(feed: "air", figure: "pm25Annual", indicator: "forest_cover")]
        XCTAssertEqual(Services.problems(in: other), [])
        other.feeds = [FeedBinding(feed: "air", figure: "pm25Annual", indicator: "pm25")]
        let fed = AirFeed.observations(run.all, framework: other)
        XCTAssertEqual(Set(fed.map(\.key.indicator)), ["pm25"])
        XCTAssertEqual(fed.count, 12)
        other.feeds = nil
        XCTAssertTrue(AirFeed.observations(run.all, framework: other).isEmpty, "a framework without air bindings gets no air values")
        other.feeds = [FeedBinding(feed: "air", figure: "pm26Annual", indicator: "pm25"), FeedBinding(feed: "water", figure: "x", indicator: "pm25")]
        XCTAssertEqual(Services.problems(in: other).map(\.kind), [.badFeed, .badFeed, .badFeed], "unknown figure, fed twice, unknown feed")
    }

    /// The parallel loader gives the same year as a single pass: the file is cut in two at a line start, a station-hour
    /// repeated in the second part replaces the first (the last row read wins, also when it is flagged), and problems
    /// keep their line numbers in the whole file.
    func testParallelLoaderEqualsOnePassAndTheLastRowWins() async throws {
        var lines = ["station,time,SO2,NO2,PM10,CO,O3,PM2_5,flag"]
        for h in 1...23 { lines.append("A1,2024-03-05 \(String(format: "%02d", h)):00,10,20,30,0.5,40,\(h),") }
        for h in 1...23 { lines.append("B2,2024-03-05 \(String(format: "%02d", h)):00,11,21,31,0.6,41,\(h + 100),") }
        lines.append("A1,2024-03-05 01:00,10,20,30,0.5,40,77,")      // repeats A1 01:00 late in the file
        lines.append("A1,2024-03-05 02:00,10,20,30,0.5,40,88,H")     // repeats A1 02:00, flagged: the hour becomes invalid
        lines.append("A1,2024-03-05 03:00,10,20,30,0.5,40,-1,")      // bad row near the end
        let path = try file("p.csv", lines.joined(separator: "\n") + "\n")
        let tree = RegionTree(try BuiltinData.regions())
        let stations = [AirStation(code: "A1", name: "a", region: RegionCode("140105")!, stationClass: .national, lon: 112, lat: 37),
                        AirStation(code: "B2", name: "b", region: RegionCode("140105")!, stationClass: .national, lon: 112, lat: 37)]
        _ = tree
        let (one, s1) = try await Services.loadAirYear(2024, fromFile: path, stations: stations, parts: 1)
        let (two, s2) = try await Services.loadAirYear(2024, fromFile: path, stations: stations, parts: 2)
        let day = CivilDay(year: 2024, month: 3, day: 5).index - CivilDay(year: 2024, month: 1, day: 1).index
        for data in [one, two] {
            let pm = data.hours(station: 0, day: day, .pm25)
            XCTAssertEqual(pm[0], 77_000, "the later row of 01:00 wins")
            XCTAssertNil(pm[1], "the later, flagged row of 02:00 makes the hour invalid")
            XCTAssertEqual(pm[2], 3_000)
            XCTAssertEqual(data.hours(station: 1, day: day, .pm25)[22], 123_000)
        }
        XCTAssertEqual(s1.problems.map { "\($0.line):\($0.column)" }, ["50:8"])
        XCTAssertEqual(s2.problems.map { "\($0.line):\($0.column)" }, ["50:8"], "line numbers count from the top of the whole file")
        XCTAssertEqual(s1.good, s2.good)
        XCTAssertEqual(one.hoursStored, two.hoursStored)
    }
}

/// The hourly file's columns are found by the header's names, quotes are undone, refusals are counted by reason.
final class AirHeaderTests: XCTestCase {
    private func parse(_ text: String) -> (AirCSV.Summary, [AirHour]) {
        var got: [AirHour] = []
        let s = AirCSV.parseHours(Data(text.utf8), file: "h.csv", stations: ["1003A": 0]) { _, h in got.append(h) }
        return (s, got)
    }

    func testColumnsByNameInAnyOrderAndQuotedFields() {
        // Before: read by position, so PM2.5 was stored as SO2 without a word, and "1003A" was an unknown station.
        let (s, got) = parse("station,time,PM2_5,SO2,NO2,PM10,CO,O3\n\"1003A\",\"2024-05-01 10:00\",35,8,20,50,0.6,90\n")
        XCTAssertEqual(s.good, 1, "\(s.problems)")
        XCTAssertEqual(got.first?.station, "1003A")
        XCTAssertEqual(got.first?.values.5, 35_000, "PM2.5 in its own slot")
        XCTAssertEqual(got.first?.values.0, 8_000, "SO2 in its own slot")
        XCTAssertEqual(got.first?.values.3, 600, "CO 0.6 mg/m³")
        // Chinese names and a flag column first.
        let (s2, got2) = parse("标识,站点,时间,so2,no2,pm10,co,o3,pm2.5\nH,1003A,2024-05-01 11:00,1,2,3,0.1,5,6\n")
        XCTAssertEqual(s2.good, 1, "\(s2.problems)")
        XCTAssertEqual(got2.first?.flag, "H")
        XCTAssertEqual(s2.flagged, 1)
    }

    func testAHeaderlessFileAndBadRowsAreSummarisedByReason() {
        let (s, got) = parse("1003A,2024-05-01 10:00,8,20,50,0.6,90,35\n1003A,2024-05-01 11:00,8,20,50,0.6,90,35\n")
        XCTAssertTrue(got.isEmpty)
        XCTAssertEqual(s.problems.first?.description, "h.csv:1:1: the first line must be the header station,time,SO2,NO2,PM10,CO,O3,PM2_5[,flag] (columns are found by name); missing: station, time, SO2, NO2, PM10, CO, O3, PM2_5")
        var many = "station,time,SO2,NO2,PM10,CO,O3,PM2_5\n"
        for h in 1...23 { many += "B9,2024-05-01 \(h < 10 ? "0" : "")\(h):00,1,1,1,1,1,1\n" }
        many += "1003A,2024-05-01 01:00,x,1,1,1,1,1\n1003A,\"2024-05-01 02:00,1,1,1,1,1,1\n"
        let (s2, _) = parse(many)
        XCTAssertEqual(s2.badByReason, ["unknownStation": 23, "notANumber": 1, "quote": 1])
        XCTAssertEqual(s2.bad, 25)
    }
}

/// Crashes the fuzzer found, kept as regression tests (the inputs are also replayed from Fuzz/Crashes).
final class AirFuzzRegressionTests: XCTestCase {
    /// A quoted field holding an escaped quote (`""`) recursed without end: after unquoting, the literal quote was
    /// taken for a new quoted field. Now the line is unquoted once and the literal quote is part of the station code.
    func testAnEscapedQuoteIsUnquotedOnce() {
        var got: [AirHour] = []
        let s = AirCSV.parseHours(Data("station,time,SO2,NO2,PM10,CO,O3,PM2_5\n\"10\"\"1A\",2024-01-01 01:00,1,1,1,1,1,1\n".utf8),
                                  file: "q.csv", stations: ["10\"1A": 0]) { _, h in got.append(h) }
        XCTAssertEqual(s.good, 1, "\(s.problems)")
        XCTAssertEqual(got.first?.station, "10\"1A")
    }
}
