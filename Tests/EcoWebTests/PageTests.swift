import EcoAir
import EcoCore
import EcoKit
import EcoIngest
import EcoServices
import EcoStoreSQLite
import EcoStandards
import EcoWater
import EcoWeb
import Foundation
import Hummingbird
import XCTest

final class PageTests: XCTestCase {
    static let pages = ["/", "/map", "/map?level=county&indicator=pm25", "/regions/140000", "/regions/140100", "/regions/140105",
                        "/indicators", "/indicators/pm25", "/indicators/air_quality?level=county", "/ranking", "/frameworks",
                        "/frameworks?region=140100&a=shanxi-2021&b=mee-demo-2019", "/data", "/air?year=2024"]

    func testEveryPageRendersInChineseAndEnglish() async throws {
        for path in Self.pages {
            let zh = try await fetch(path)
            XCTAssertEqual(zh.status, .ok, path)
            XCTAssertTrue(zh.contentType.hasPrefix("text/html"), path)
            XCTAssertTrue(zh.body.contains("<html lang=\"zh-CN\">") && zh.body.contains("生态省建设管理平台"), path)
            XCTAssertFalse(zh.body.contains("{{"), "unrendered template tag on \(path)")
            let en = try await fetch(path + (path.contains("?") ? "&" : "?") + "lang=en")
            XCTAssertEqual(en.status, .ok, path)
            XCTAssertTrue(en.body.contains("<html lang=\"en\">") && en.body.contains(">EcoProvince<"), path)
            XCTAssertTrue(en.body.contains("id=\"lang-switch\">中文<"), "a visible switch back to Chinese on \(path)")
        }
    }

    func testOverviewShowsReadinessIndicatorsAndTheDemoBanner() async throws {
        let page = try await fetch("/?year=2025")
        XCTAssertTrue(page.body.contains("id=\"synthetic-banner\""))
        XCTAssertEqual(page.body.components(separatedBy: "<tr data-indicator=").count - 1, 25)
        XCTAssertTrue(page.body.contains("data-indicator=\"pm25\""))
        XCTAssertTrue(page.body.contains("class=\"spark\""))
        XCTAssertTrue(page.body.contains("id=\"readiness\""))
        // PM2.5's 2025 target at the province is ≤ 41 and its 2030 target ≤ 35, each in its milestone column.
        let pm = try XCTUnwrap(page.body.components(separatedBy: "data-indicator=\"pm25\"").dropFirst().first?.components(separatedBy: "</tr>").first)
        XCTAssertTrue(pm.contains("<span class=\"target\">≤ 41</span>"), pm)
        XCTAssertTrue(pm.contains("<span class=\"target\">≤ 35</span>"), pm)
    }

    func testMapDrawsTilesForEveryCityAndCountyWithLinks() async throws {
        let cities = try await fetch("/map?level=city&year=2025")
        XCTAssertEqual(cities.body.components(separatedBy: "<a href=\"/regions/14").count - 1, 11)
        XCTAssertTrue(cities.body.contains("<title>"))
        let counties = try await fetch("/map?level=county&indicator=pm25&year=2025")
        XCTAssertEqual(counties.body.components(separatedBy: "<a href=\"/regions/14").count - 1, 117)
    }

    func testRegionPageHasChartsAndChildren() async throws {
        let page = try await fetch("/regions/140100?year=2025")
        XCTAssertTrue(page.body.contains("id=\"region-name\">太原市"))
        XCTAssertTrue(page.body.contains("id=\"chart-pm25\""))
        // Links to the counties in the children's table (not the page's own view and language switches).
        let children = try XCTUnwrap(page.body.components(separatedBy: "id=\"children\"").dropFirst().first?.components(separatedBy: "</table>").first)
        XCTAssertEqual(children.components(separatedBy: "<a href=\"/regions/1401").count - 1, 10, "Taiyuan has 10 counties")
    }

    func testRankingListsElevenCitiesAndAllCounties() async throws {
        let page = try await fetch("/ranking?year=2025")
        let cityTable = page.body.components(separatedBy: "id=\"ranking-county\"")[0]
        XCTAssertEqual(cityTable.components(separatedBy: "<tr data-code=").count - 1, 11)
        XCTAssertEqual(page.body.components(separatedBy: "<tr data-code=").count - 1, 128)
    }

    func testUserErrorsGiveTheRightStatus() async throws {
        let cases: [(String, HTTPResponse.Status)] = [("/regions/999999", .notFound), ("/regions/abc", .badRequest), ("/?year=abc", .badRequest),
                                                      ("/?year=1990", .badRequest), ("/indicators/nope", .notFound), ("/map?level=town", .badRequest),
                                                      ("/?framework=nope", .notFound), ("/map?level=county&indicator=river_water_consumption", .badRequest)]
        for (path, status) in cases {
            let r = try await fetch(path)
            XCTAssertEqual(r.status, status, path)
            XCTAssertTrue(r.body.contains("<html"), "an error page, not a bare message: \(path)")
        }
    }

    func testNoPageReferencesAnExternalURL() async throws {
        for path in Self.pages {
            let body = try await fetch(path).body
            for attribute in ["src=\"", "href=\"", "action=\"", "url("] {
                for part in body.components(separatedBy: attribute).dropFirst() {
                    let target = part.prefix(while: { $0 != "\"" && $0 != ")" })
                    XCTAssertFalse(target.hasPrefix("http") || target.hasPrefix("//"), "\(path) references \(target)")
                }
            }
        }
        for file in ["site.css", "site.js"] {
            let body = try await fetch("/static/\(file)").body
            XCTAssertFalse(body.contains("http://") || body.contains("https://"), file)
        }
    }

    func testEveryInterfaceStringExistsInBothLanguages() throws {
        let r = try WebResources.load()
        XCTAssertEqual(Set(r.strings[.zh]?.keys ?? [:].keys), Set(r.strings[.en]?.keys ?? [:].keys))
        // Every {{t.key}} a template uses is defined (Mustache would silently render a missing key as nothing).
        XCTAssertGreaterThan(r.templateStringKeys.count, 50)
        XCTAssertEqual(r.templateStringKeys.subtracting(r.strings[.zh]?.keys.map { $0 } ?? []), [])
    }

    func testUploadAppliesNothingWhenARowFailsAndImportsAGoodFile() async throws {
        let (_, store) = try await WebFixture.shared.get()
        let before = try await contentDigest(store)
        let bad = "region,indicator,year,value\n140100,pm25,2026,33\n140100,forest_cover,2026,130\n"
        let refused = try await fetch("/data/upload?framework=shanxi-2021&lang=en&file=bad.csv", method: .post, body: bad)
        XCTAssertEqual(refused.status, .unprocessableContent)
        XCTAssertTrue(refused.body.contains("bad.csv:3:4: value 130 is outside the physical range of % (0–100)"), refused.body)
        let after = try await contentDigest(store)
        XCTAssertEqual(before, after)
        let good = "region,indicator,year,value\n140100,pm25,2026,33\n"
        let dry = try await fetch("/data/upload?framework=shanxi-2021&file=good.csv&dryRun=true", method: .post, body: good)
        XCTAssertEqual(dry.status, .ok)
        let afterDry = try await contentDigest(store)
        XCTAssertEqual(afterDry, before, "a dry run writes nothing")
        let applied = try await fetch("/data/upload?framework=shanxi-2021&file=good.csv", method: .post, body: good)
        XCTAssertTrue(applied.body.contains("id=\"upload-ok\""), applied.body)
        let series = try await fetch("/api/v1/series?region=140100&indicator=pm25")
        let points = try XCTUnwrap(json(series.body) as? [[String: Any]])
        XCTAssertEqual(points.first { $0["year"] as? Int == 2026 }?["value"] as? Double, 33, "the upload is visible at once")
    }

    func testAirPageHasACalendarAndTheAnnualTable() async throws {
        let page = try await fetch("/air?year=2024&city=140100")
        XCTAssertEqual(page.status, .ok)
        // 2024 has 366 days: one cell each (grey where the day has no AQI), plus 6 legend swatches.
        let calendar = page.body.components(separatedBy: "id=\"calendar\"")[1].components(separatedBy: "</svg>")[0]
        XCTAssertEqual(calendar.components(separatedBy: "<rect").count - 1, 366 + 6)
        XCTAssertEqual(page.body.components(separatedBy: "<tr data-code=").count - 1, 12, "11 cities and the province")
        let unknown = try await fetch("/air?year=2024&city=999999")
        XCTAssertEqual(unknown.status, .notFound)
        // The table is what `air annual` stored: Taiyuan's row shows the stored PM2.5, and the page says when it ran.
        let stored = try await WebFixture.shared.get().0.services.storedAirYear(2024)
        let taiyuan = try XCTUnwrap(stored?.results.first { $0.region.rawValue == "140100" })
        let row = page.body.components(separatedBy: "<tr data-code=\"140100\">")[1].components(separatedBy: "</tr>")[0]
        XCTAssertTrue(row.contains("<td class=\"num\">\(NumberText.shortest(taiyuan.statistics.pm25Annual))</td>"), row)
        XCTAssertTrue(page.body.contains("id=\"air-computed\""))
        XCTAssertFalse(page.body.contains("id=\"air-stale\""))
        // The fixture's killed import run: the page warns, naming the file (escaped).
        let warning = page.body.components(separatedBy: "id=\"air-unfinished\">")[1].components(separatedBy: "</p>")[0]
        XCTAssertTrue(warning.contains("第 2 次导入（文件 /data/&lt;b&gt;late&lt;/b&gt;.csv"), warning)
        XCTAssertFalse(page.body.contains("<b>late"))
        let runsBody = try await fetch("/api/v1/air/runs").body
        let runs = try XCTUnwrap(json(runsBody) as? [[String: Any]])
        XCTAssertEqual(runs.map { $0["state"] as? String }, ["unfinished", "finished"])
        XCTAssertEqual(runs.map { $0["rowsRefused"] as? Int }, [0, 1])
        // A year without a stored evaluation says so instead of showing an empty table silently.
        let missing = try await fetch("/air?year=2023")
        XCTAssertEqual(missing.status, .ok)
        XCTAssertTrue(missing.body.contains("id=\"air-missing\""))
        XCTAssertEqual(missing.body.components(separatedBy: "<tr data-code=").count - 1, 0)
    }

    /// The water page shows what `water evaluate` stored: the basin table's shares recomputed from the sections' classes,
    /// a dot per section on the map, and a section's twelve months.
    func testWaterPageShowsTheStoredEvaluation() async throws {
        let page = try await fetch("/water?year=2025&section=W0002")
        XCTAssertEqual(page.status, .ok)
        let store = try await WebFixture.shared.get().1
        let stored = try await store.waterYear(2025)
        let record = try XCTUnwrap(stored)
        let yearly = record.sections.filter { $0.month == nil }
        let map = page.body.components(separatedBy: "id=\"water-map\"")[1].components(separatedBy: "</svg>")[0]
        XCTAssertEqual(map.components(separatedBy: "<circle").count - 1, yearly.count, "a dot per section")
        let history = page.body.components(separatedBy: "class=\"months\"")[1].components(separatedBy: "</table>")[0]
        XCTAssertEqual(history.components(separatedBy: "<td ").count - 1, 12)
        // The Yellow River basin row: its Ⅰ–Ⅲ share from the stored classes of its sections.
        let sections = try await store.waterSections()
        let yellow = Set(sections.filter { $0.basin == "黄河" }.map(\.code))
        let classes = yearly.filter { yellow.contains($0.section) }.compactMap(\.waterClass)
        let share = Double(classes.filter { $0 <= .III }.count) * 100 / Double(classes.count)
        let basins = page.body.components(separatedBy: "id=\"water-basins\"")[1].components(separatedBy: "</table>")[0]
        let row = basins.components(separatedBy: "<tr><td>黄河</td>")[1].components(separatedBy: "</tr>")[0]
        XCTAssertTrue(row.contains("<td class=\"num\">\(NumberText.fixed(GBT8170Rounding.round(share, decimals: 1), decimals: 1))</td>"), row)
        // The compensation table: each city's total is the sum of its lines from the API.
        let linesBody = try await fetch("/api/v1/water/compensation?year=2025").body
        let lines = try XCTUnwrap(json(linesBody) as? [[String: Any]])
        let taiyuanTotal = lines.filter { $0["region"] as? String == "140100" }.reduce(0.0) { $0 + ($1["amount"] as? Double ?? 0) }
        let comp = try XCTUnwrap(page.body.components(separatedBy: "id=\"water-compensation\"").dropFirst().first).components(separatedBy: "</table>")[0]
        let taiyuanRow = try XCTUnwrap(comp.components(separatedBy: "<tr><td>太原市</td>").dropFirst().first).components(separatedBy: "</tr>")[0]
        XCTAssertTrue(page.body.contains("name=\"section\""), "the section selector")
        XCTAssertTrue(taiyuanRow.contains("<strong>\(NumberText.shortest(GBT8170Rounding.round(taiyuanTotal, decimals: 2)))</strong>"), taiyuanRow)
        // Colours travel as data-bg (the CSP refuses inline styles): each has its rule in site.css.
        let css = try await fetch("/static/site.css").body
        for page in [page.body, try await fetch("/?year=2025").body] {
            let colours = Set(page.components(separatedBy: "data-bg=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) })
            XCTAssertFalse(colours.isEmpty)
            for c in colours { XCTAssertTrue(css.contains("[data-bg=\"\(c)\"] { background: \(c);"), "no CSS rule for \(c)") }
            XCTAssertFalse(page.contains(" style=\""), "inline styles are refused by the CSP")
        }
        let unknown = try await fetch("/water?section=nope")
        XCTAssertEqual(unknown.status, .notFound)
        let missing = try await fetch("/water?year=2019")
        XCTAssertTrue(missing.body.contains("id=\"water-missing\""))
    }

    func testTemplatesAndExportsDownload() async throws {
        let template = try await fetch("/data/template.csv?level=city&year=2026")
        XCTAssertTrue(template.body.hasPrefix("\u{FEFF}region,region_name,indicator"), "templates start with a BOM for Excel")
        XCTAssertEqual(template.body.split(separator: "\n").count, 1 + 11 * 25)
        let export = try await fetch("/data/export.csv")
        XCTAssertTrue(export.body.hasPrefix("\u{FEFF}region,indicator,year,value,source,note,certainty,synthetic"))
    }
}
