import EcoAccess
import EcoCore
import EcoServices
import EcoStore
import EcoStoreSQLite
import EcoWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// No request and no stored value makes the server answer 5xx: every page and endpoint for every year 2000–2035,
/// reversed and out-of-range year ranges, on a database holding the most extreme numbers a store can hold.
final class ExtremeValueRouteTests: XCTestCase {
    func testEveryPageAndEndpointForEveryYearAndExtremeValuesAnswersWithoutA5xx() async throws {
        let store = try await makeTestStore("extreme")
        _ = try await Bootstrap.initialize(store, actor: "t", at: Date())
        let services = Services(store: store, actor: "t")
        _ = try await services.loadIndicatorDemo(framework: "shanxi-2021", seed: 7)
        // Written past the import's validation, as a direct database edit or another backend could: the largest and
        // smallest doubles, the smallest subnormal, a negative zero.
        let extremes: [Double] = [1e308, -1e308, Double.greatestFiniteMagnitude, 5e-324, -0.0, 0]
        var writes: [Observation] = []
        for (i, id) in ["pm25", "forest_cover", "good_air_days_ratio", "urban_income"].enumerated() {
            for (k, region) in ["140000", "140100", "140105"].enumerated() {
                for year in 2020...2025 {
                    let v = extremes[(i + k + year) % extremes.count]
                    writes.append(Observation(key: ObservationKey(framework: "shanxi-2021", indicator: id, region: RegionCode(region)!, year: year),
                                              value: .number(v), source: "extreme"))
                }
            }
        }
        _ = try await store.write(writes, policy: .replace, context: ChangeContext(actor: "t", at: Date()))
        // Published, so that the public's view (these requests carry no account) shows them.
        for region in ["140000", "140100", "140105"] {
            for year in 2020...2025 {
                let unit = ReportUnit(framework: "shanxi-2021", region: RegionCode(region)!, year: year)
                let audit = AuditRecord(key: ObservationKey(framework: "shanxi-2021", indicator: AuditRecord.workflowIndicator, region: unit.region, year: year),
                                        old: nil, new: "published", source: nil, context: ChangeContext(actor: "t", at: Date()))
                _ = try await store.transition(to: ReportState(unit: unit, status: .published, updatedAt: Date(), updatedBy: "t"), expected: nil, audit: audit)
            }
        }
        let web = try WebApp(store: store, actor: "t")
        let app = Application(router: web.router())
        let perYear = ["/", "/map", "/map?level=county&indicator=pm25", "/regions/140000", "/regions/140100", "/regions/140105",
                       "/indicators", "/indicators/pm25", "/ranking", "/frameworks", "/air", "/data",
                       "/api/v1/overview", "/api/v1/regions/140100", "/api/v1/assessment?region=140100", "/api/v1/assessment?region=140000",
                       "/api/v1/ranking?level=county", "/api/v1/readiness", "/api/v1/map?level=county&indicator=forest_cover",
                       "/api/v1/air/annual"]
        var uris: [String] = []
        for year in 2000...2035 {
            for p in perYear { uris.append(p + (p.contains("?") ? "&" : "?") + "year=\(year)") }
            uris.append("/api/v1/observations?from=\(year)&to=\(4035 - year)")
        }
        uris += ["/api/v1/series?region=140100&indicator=pm25", "/api/v1/series?region=140000&indicator=forest_cover",
                 "/api/v1/export", "/api/v1/observations?from=2021&to=2020", "/api/v1/observations?to=0", "/api/v1/observations?to=1999",
                 "/?year=1999", "/?year=2036", "/?year=-1", "/?year=99999999999999999999", "/regions/140100?year=0",
                 "/api/v1/assessment?region=140100&year=1e3", "/api/v1/observations?limit=99999999999999999999"]
        let all = uris
        let answers: [(String, UInt)] = try await app.test(.router) { client in
            var out: [(String, UInt)] = []
            for uri in all {
                out.append((uri, try await client.execute(uri: uri, method: .get) { UInt($0.status.code) }))
            }
            return out
        }
        let failures = answers.filter { $0.1 >= 500 }
        XCTAssertEqual(failures.map { "\($0.0) → \($0.1)" }, [])
        XCTAssertEqual(answers.count, uris.count)
        // Out-of-range and reversed years are refused with a 400, not quietly answered.
        let byURI = Dictionary(answers, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byURI["/api/v1/observations?from=2021&to=2020"], 400)
        XCTAssertEqual(byURI["/api/v1/observations?to=1999"], 400)
        XCTAssertEqual(byURI["/?year=1999"], 400)
        XCTAssertEqual(byURI["/regions/140100?year=2019"], 200, "a year before the base year is shown, without a trend")
        XCTAssertEqual(byURI["/api/v1/assessment?region=140100&year=2023"], 200)
        // The CLI's JSON copes too (no NaN in JSON): the assessment of the region with extremes encodes.
        let engine = try await services.engine(framework: "shanxi-2021")
        for year in 2020...2030 {
            for region in ["140000", "140100", "140105"] {
                let a = try XCTUnwrap(engine.assessAll(year: year).first { $0.region.rawValue == region })
                XCTAssertNoThrow(try JSONEncoder().encode(a), "\(region) \(year)")
            }
        }
    }
}
