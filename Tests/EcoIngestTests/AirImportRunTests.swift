import EcoAir
import EcoCore
import EcoKit
import EcoServices
import EcoStore
import EcoStoreSQLite
import XCTest

/// Air import runs and incomplete years through the services, on a real SQLite store.
final class AirImportRunTests: XCTestCase {
    /// An interrupted import run (its rows half written) blocks `air annual` from feeding the assessment, with a sentence
    /// naming the run; re-importing the file supersedes it. A January-only year is fed marked incomplete, and never
    /// replaces a complete real value.
    func testUnfinishedRunBlocksTheFeedAndIncompleteYearsAreMarked() async throws {
        let db = try await TempDatabase.make()
        defer { db.remove() }
        let store = db.store
        let (fw, _) = try await db.shanxi()
        try await store.upsertAirStations([AirStation(code: "T1", name: "坞城", region: RegionCode("140105")!, stationClass: .national,
                                                      lon: 112.55, lat: 37.85, synthetic: false)])
        var lines = ["station,time,SO2,NO2,PM10,CO,O3,PM2_5,flag"]
        for d in 1...31 {
            for h in 1...23 { lines.append(String(format: "T1,2023-01-%02d %02d:00,10,20,60,0.8,50,30,", d, h)) }
        }
        let url = db.dir.appendingPathComponent("jan.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        let path = url.path
        let services = Services(store: store, actor: "t")
        // A run that started and wrote one batch, then died (what a SIGKILL leaves).
        let killed = try await store.startAirImport(file: URL(fileURLWithPath: path).standardizedFileURL.path, size: 1, actor: "t", at: Date())
        try await store.writeAirHours([AirHour(station: "T1", day: CivilDay(year: 2023, month: 1, day: 1), hour: 1,
                                               values: (10_000, 20_000, 60_000, 800, 50_000, 30_000), flag: nil)], run: killed)
        do {
            _ = try await services.evaluateAir(year: 2023, framework: fw.id)
            XCTFail("an unfinished run must block the feed")
        } catch let e as ServiceError {
            XCTAssertTrue(e.description.hasPrefix("air import run \(killed) of \(URL(fileURLWithPath: path).standardizedFileURL.path)"), e.description)
            XCTAssertTrue(e.description.contains("1 station-hours written) did not finish"), e.description)
        }
        let dry = try await services.evaluateAir(year: 2023, framework: fw.id, dryRun: true)
        XCTAssertEqual(dry.unfinishedImports.map(\.id), [killed], "a dry run computes and reports the open run")
        let storedYear = try await services.storedAirYear(2023)
        XCTAssertNil(storedYear, "nothing was stored by the refused and the dry run")

        // Re-import completes and supersedes the killed run.
        let summaries = try await services.importAirHours(paths: [path])
        XCTAssertEqual(summaries[0].good, 31 * 23)
        let runs = try await store.airImportRuns()
        XCTAssertEqual(runs.map(\.state), [.finished, .superseded])
        XCTAssertEqual(runs[0].rowsWritten, 713)                         // 31 days × 23 hours
        XCTAssertEqual(runs[1].supersededBy, runs[0].id)

        // A real, complete Taiyuan PM2.5 for 2023 is kept; the good-day ratio is fed marked incomplete (31 valid days).
        let taiyuan = RegionCode("140100")!
        _ = try await store.write([Observation(key: ObservationKey(framework: fw.id, indicator: "pm25", region: taiyuan, year: 2023),
                                               value: .number(38), source: "太原市 2023 环境状况公报")], policy: .replace, context: testContext)
        let run = try await services.evaluateAir(year: 2023, framework: fw.id)
        let city = try XCTUnwrap(run.cities.first { $0.region == taiyuan })
        XCTAssertEqual(city.statistics.validDays, 31)
        XCTAssertEqual(city.statistics.complete[.pm25], false)
        let stored = try await store.observations(ObservationQuery(framework: fw.id, region: taiyuan, years: 2023...2023))
        let pm = try XCTUnwrap(stored.first { $0.key.indicator == "pm25" })
        XCTAssertEqual(pm.value, .number(38), "an incomplete computation never replaces a complete real value")
        XCTAssertFalse(pm.isIncomplete)
        let good = try XCTUnwrap(stored.first { $0.key.indicator == "good_air_days_ratio" })
        XCTAssertEqual(good.value, .number(100))                         // AQI of every January day ≤ 100: 31/31
        XCTAssertEqual(good.note?.hasPrefix("incomplete: 31 valid days (GB 3095-2012 Table 4"), true, good.note ?? "no note")
        let provinceValues = try await store.observations(ObservationQuery(framework: fw.id, region: RegionCode("140000"), indicator: "pm25",
                                                                            years: 2023...2023))
        let province = try XCTUnwrap(provinceValues.first)
        XCTAssertEqual(province.value, .number(37), "the published province figure stays")
        // The assessment shows the incomplete ratio without scoring it.
        let engine = try await services.engine(framework: fw.id)
        let a = try XCTUnwrap(engine.assess(region: taiyuan, year: 2023)?.indicators.first { $0.indicator == "good_air_days_ratio" })
        XCTAssertEqual(a.status, .incomplete)
        XCTAssertNil(a.score)
    }
}
