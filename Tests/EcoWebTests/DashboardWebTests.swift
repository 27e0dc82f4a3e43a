import EcoIngest
import EcoWeb
import Foundation
import Hummingbird
import XCTest

/// The dashboard of issue #14 as a reader meets it: milestone results and outlooks, who lags, the latest-data
/// fallback, the region picker, errors in the page's language, readable colours, and no English data text on
/// Chinese pages.
final class DashboardWebTests: XCTestCase {
    /// The inside of the table with this id.
    private func table(_ body: String, id: String) throws -> String {
        try XCTUnwrap(body.components(separatedBy: "id=\"\(id)\"").dropFirst().first?.components(separatedBy: "</table>").first, "no table \(id)")
    }

    private func row(_ body: String, indicator: String) throws -> String {
        try XCTUnwrap(body.components(separatedBy: "data-indicator=\"\(indicator)\"").dropFirst().first?.components(separatedBy: "</tr>").first)
    }

    func testTheOverviewOf2025ShowsItsResultsThe2030OutlookAndTheLaggingCities() async throws {
        let page = try await fetch("/?year=2025").body
        XCTAssertTrue(page.contains("id=\"headline-2025\"") && page.contains("2025 年目标：按期达标情况"))
        XCTAssertTrue(page.contains("id=\"headline-2030\"") && page.contains("2030 年目标：按趋势展望"))
        XCTAssertTrue(page.contains("<th>2025 目标年结果</th>") && page.contains("<th>2030 展望</th>"))
        // Every indicator row carries a 2025 result (reached in 2025) and a 2030 outlook.
        let rows = page.components(separatedBy: "<tr data-indicator=").dropFirst()
        XCTAssertEqual(rows.count, 25)
        let results = ["按期达标", "未按期达标", "无数据"], outlooks = ["可如期达标", "需加快进度", "偏离目标", "数据不足"]
        for r in rows {
            let cells = r.components(separatedBy: "class=\"milestone\"").dropFirst().map { $0.components(separatedBy: "</td>")[0] }
            XCTAssertEqual(cells.count, 2, String(r.prefix(80)))
            XCTAssertTrue(results.contains { cells[0].contains($0) }, cells[0])
            XCTAssertTrue(outlooks.contains { cells[1].contains($0) } || cells[1].contains("无目标值"), cells[1])
            XCTAssertFalse(r.contains(">滞后于序时进度<"), "in its milestone year a missed target is 未按期达标, never behind schedule")
        }
        // The lagging cities: the panel lists cities with links, and each row counts them out of 11.
        XCTAssertTrue(page.contains("id=\"lag-table\""))
        let lagTable = try table(page, id: "lag-table")
        XCTAssertGreaterThan(lagTable.components(separatedBy: "<a href=\"/regions/14").count - 1, 0)
        let pm = try row(page, indicator: "pm25")
        XCTAssertTrue(pm.range(of: #"[0-9]+ / 11</a>"#, options: .regularExpression) != nil, pm)
        XCTAssertTrue(pm.contains("parent=140000"), "the count links to the cities' values of the indicator")
    }

    func testTheDrillDownListsOnlyTheChildrenOfTheRegion() async throws {
        let page = try await fetch("/indicators/pm25?year=2025&parent=140100").body
        let values = try table(page, id: "values")
        // 太原市 itself and its 10 counties, nothing of other cities.
        XCTAssertEqual(values.components(separatedBy: "<tr><td>").count - 1, 11)
        XCTAssertFalse(values.contains("<td>140200</td>"))
        XCTAssertTrue(page.contains("太原市小店区"), "a county is named with its city")
    }

    func testAYearWithoutDataSaysSoAndShowsTheLatestValueWithItsYear() async throws {
        // The demo's values end in 2025: 2026 has none.
        let page = try await fetch("/?year=2026").body
        XCTAssertTrue(page.contains("id=\"empty-year\"") && page.contains("2026 年尚无任何数据"), "the empty year is explained")
        XCTAssertTrue(page.contains("year=2025\">有数据的最近年份: 2025"), "with a link to the latest year with data")
        XCTAssertTrue(page.contains("管理员可在“数据”页下载填报模板"), "an administrator is told how to add data")
        let forest = try row(page, indicator: "forest_cover")
        XCTAssertTrue(forest.contains("class=\"stale\"") && forest.contains("（2025）"), forest)
        XCTAssertTrue(forest.contains(">无数据<"), "the 2026 status stays 无数据: an old value does not score for 2026")
        let rankingPage = try await fetch("/ranking?year=2026").body
        XCTAssertFalse(rankingPage.contains("<td class=\"num\" data-v=\"1\">1"), "no rank is handed to regions without data")
        XCTAssertEqual(rankingPage.components(separatedBy: "data-v=\"9999\">—").count - 1, 128, "every region listed, none ranked")
        let publicPage = try await fetch("/?year=2026", as: .anonymous).body
        XCTAssertTrue(publicPage.contains("id=\"empty-year\""))
        XCTAssertFalse(publicPage.contains("ecoprov ") || publicPage.contains("管理员可在"), "no administrator hint for the public")
    }

    func testTheRankingNamesCountiesWithTheirCityFiltersByCityAndDownloads() async throws {
        let page = try await fetch("/ranking?year=2025").body
        XCTAssertTrue(page.contains("阳泉市城区") && page.contains("晋城市城区"), "two counties named 城区 are told apart")
        XCTAssertTrue(page.contains("<th data-sort>一票否决</th>"), "a veto column")
        let taiyuan = try await fetch("/ranking?year=2025&city=140100").body
        let counties = try table(taiyuan, id: "ranking-county")
        XCTAssertEqual(counties.components(separatedBy: "<tr data-code=").count - 1, 10, "太原's 10 counties only")
        let csv = try await fetch("/tables/ranking.csv?level=county&city=140100&year=2025")
        XCTAssertTrue(csv.body.hasPrefix("\u{FEFF}排名,名次变化,代码,地区,综合得分"), String(csv.body.prefix(40)))
        XCTAssertEqual(csv.body.split(separator: "\n").count, 11)
    }

    func testRegionPickerFindsByPinyinNameAndCode() async throws {
        let one = try await fetch("/regions?q=taiyuan")
        XCTAssertEqual(one.status, .seeOther)
        XCTAssertEqual(one.headers[.location], "/regions/140100")
        let code = try await fetch("/regions?q=140105")
        XCTAssertEqual(code.headers[.location], "/regions/140105")
        // 城区 exists in several cities: listed, each with its city.
        let many = try await fetch("/regions?q=%E5%9F%8E%E5%8C%BA").body
        XCTAssertTrue(many.contains("阳泉市城区") && many.contains("晋城市城区"), many)
        let none = try await fetch("/regions?q=zzzz").body
        XCTAssertTrue(none.contains("没有找到匹配的地区"))
    }

    func testErrorsAndUnknownPathsArePagesInThePagesLanguage() async throws {
        let unknown = try await fetch("/no/such/page")
        XCTAssertEqual(unknown.status, .notFound)
        XCTAssertTrue(unknown.body.contains("<html lang=\"zh-CN\">") && unknown.body.contains("没有这个页面"), unknown.body)
        let year = try await fetch("/?year=abc")
        XCTAssertEqual(year.status, .badRequest)
        XCTAssertTrue(year.body.contains("<title>请求有误"), "a bad parameter is not 未找到")
        XCTAssertTrue(year.body.contains("参数 year 应为"), year.body)
        let en = try await fetch("/?year=abc&lang=en")
        XCTAssertTrue(en.body.contains("year must be a whole number"))
        let api = try await fetch("/api/v1/nope")
        XCTAssertEqual(api.status, .notFound)
        XCTAssertFalse(api.body.contains("<html"), "the API keeps its plain answer")
    }

    func testTheIndicatorTableDownloadsAsCSVAndAChartAsSVG() async throws {
        let csv = try await fetch("/tables/indicators.csv?region=140000&year=2025")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.body.hasPrefix("\u{FEFF}#,指标,单位,本年值"), String(csv.body.prefix(80)))
        XCTAssertEqual(csv.body.split(separator: "\n").count, 26, "a header and 25 rows")
        let svg = try await fetch("/charts/trend.svg?region=140100&indicator=pm25")
        XCTAssertEqual(svg.status, .ok)
        XCTAssertTrue(svg.contentType.hasPrefix("image/svg+xml") && svg.body.contains("<svg"))
        let map = try await fetch("/charts/map.svg?level=county&indicator=pm25&year=2025")
        XCTAssertTrue(map.contentType.hasPrefix("image/svg+xml"))
        XCTAssertEqual(map.body.components(separatedBy: "<a href=\"/regions/14").count - 1, 117)
        XCTAssertTrue(map.body.contains("μg/m³"), "the legend carries the unit")
        let qualitative = try await fetch("/charts/trend.svg?region=140100&indicator=air_quality")
        XCTAssertEqual(qualitative.status, .notFound)
    }

    /// Every background the pages put behind text has a text colour of WCAG AA contrast (4.5:1), computed here
    /// independently from the served stylesheet.
    func testBadgeColoursMeetWCAGContrast() async throws {
        let css = try await fetch("/static/site.css").body
        func luminance(_ hex: Substring) -> Double {
            let v = UInt32(hex.dropFirst(), radix: 16) ?? 0
            func lin(_ c: UInt32) -> Double { let x = Double(c & 0xff) / 255; return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4) }
            return 0.2126 * lin(v >> 16) + 0.7152 * lin(v >> 8) + 0.0722 * lin(v)
        }
        let regex = try Regex(#"background: (#[0-9a-fA-F]{6}); color: (#[0-9a-fA-F]{6});"#)
        var checked = 0
        for m in css.matches(of: regex) {
            guard let bg = m.output[1].substring, let fg = m.output[2].substring else { continue }
            let a = luminance(bg), b = luminance(fg)
            let ratio = (max(a, b) + 0.05) / (min(a, b) + 0.05)
            XCTAssertGreaterThanOrEqual(ratio, 4.5, "\(bg) with \(fg)")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 20)
    }

    /// The zh pages show no English sentence of the data files: every English provenance note or source of the
    /// frameworks (three or more Latin words) and the feeds' English notes are absent from what a Chinese reader sees.
    func testChinesePagesShowNoEnglishSentencesFromTheDataFiles() async throws {
        var english: Set<String> = []
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/EcoIngest/Resources/data")
        let words = try Regex("[A-Za-z]{3,}")
        func walk(_ x: Any, key: String) {
            if let d = x as? [String: Any] { for (k, v) in d { walk(v, key: k) } }
            else if let a = x as? [Any] { for v in a { walk(v, key: key) } }
            else if let s = x as? String, key == "source" || key == "note",
                    s.matches(of: words).count >= 3 { english.insert(s) }
        }
        for id in BuiltinData.frameworkIds {
            walk(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("frameworks/\(id).json"))), key: "")
        }
        XCTAssertGreaterThan(english.count, 30)
        let pages = ["/", "/?year=2025", "/regions/140100?year=2025", "/indicators", "/indicators/pm25", "/indicators/forest_cover",
                     "/indicators/co2_intensity_reduction", "/indicators/surface_water_good_share?year=2025", "/frameworks",
                     "/ranking", "/air", "/water", "/map?indicator=pm25"]
        for path in pages {
            let body = try await fetch(path).body
            for s in english {
                // Compare on a distinctive prefix that stops before any character the page escapes.
                let probe = String(s.prefix { !"'\"&<>".contains($0) }.prefix(28))
                guard probe.count >= 12 else { continue }
                XCTAssertFalse(body.contains(probe), "\(path) shows the English data text “\(s)”")
            }
            for feed in ["computed from", "incomplete:", "station-hours", "synthetic demo data", "frameworks.md", "(S19)"] {
                XCTAssertFalse(body.contains(feed), "\(path) shows '\(feed)'")
            }
        }
    }
}
