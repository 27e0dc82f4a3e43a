import EcoCore
import EcoServices
import EcoStoreSQLite
import Foundation
import XCTest

/// Runs the built `ecoprov` binary as a user would, on a temporary database.
final class CLITests: CLITestCase {
    private func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func testInitListsFrameworksAndCounties() throws {
        let initOut = try run(["init"]).out
        XCTAssertTrue(initOut.contains("shanxi-2021, eco-province-2007, mee-demo-2019"), initOut)
        let fws = try XCTUnwrap(json(run(["framework", "list", "--format", "json"]).out) as? [[String: Any]])
        XCTAssertEqual(fws.map { $0["id"] as? String }, ["eco-province-2007", "mee-demo-2019", "shanxi-2021"])
        XCTAssertEqual(fws.map { $0["indicators"] as? Int }, [16, 40, 25])
        let counties = try XCTUnwrap(json(run(["region", "list", "--level", "county", "--format", "json"]).out) as? [[String: Any]])
        XCTAssertEqual(counties.count, 117)
        let table = try run(["region", "list", "--level", "city", "--lang", "en"]).out
        XCTAssertTrue(table.contains("140100  Taiyuan City") && table.hasSuffix("11 regions\n"), table)
    }

    func testABadFileIsRefusedWithLocatedReasonsAndChangesNothing() throws {
        try run(["init"])
        try run(["demo", "--seed", "9"])
        let before = try run(["export", "--format", "json"]).out
        let bad = dir.appendingPathComponent("bad.csv")
        try "region,indicator,year,value\n140100,pm25,2024,33\n140100,forest_cover,2024,130\n140199,pm25,2024,3\n".write(to: bad, atomically: true, encoding: .utf8)
        let (_, err) = try run(["import", bad.path, "--lang", "en"], expectExit: 1)
        XCTAssertEqual(err.split(separator: "\n").map(String.init), [
            "\(bad.path):3:4: value 130 is outside the physical range of % (0–100)",
            "\(bad.path):4:1: unknown division code 140199",
            "\(bad.path): 2 problems; nothing was imported",
        ])
        XCTAssertEqual(try run(["export", "--format", "json"]).out, before)
    }

    func testImportHistoryAndDryRun() throws {
        let file = dir.appendingPathComponent("ok.csv")
        try "region,indicator,year,value,source\n140100,pm25,2024,33,太原市监测站\n".write(to: file, atomically: true, encoding: .utf8)
        XCTAssertTrue(try run(["import", file.path, "--dry-run", "--lang", "en"]).out.contains("1 valid rows (1 new, 0 changed values)"))
        XCTAssertTrue(try run(["import", file.path, "--reason", "annual report", "--lang", "en"]).out.contains("1 new"))
        try "region,indicator,year,value,source\n140100,pm25,2024,34,复核\n".write(to: file, atomically: true, encoding: .utf8)
        try run(["import", file.path, "--reason", "checked"])
        let history = try XCTUnwrap(json(run(["history", "--region", "140100", "--indicator", "pm25", "--format", "json"]).out) as? [[String: Any]])
        XCTAssertEqual(history.map { $0["new"] as? String }, ["33", "34"])
        XCTAssertEqual(history.map { $0["old"] as? String }, [nil, "33"])
        XCTAssertEqual(history.map { $0["actor"] as? String }, ["cli-test", "cli-test"])
        XCTAssertEqual(history.last?["reason"] as? String, "checked")
    }

    func testFrameworkImportKeepsOldVersionsAndRefusesBadFiles() throws {
        let exported = dir.appendingPathComponent("sx.json")
        try run(["framework", "export", "shanxi-2021", "--out", exported.path])
        var doc = try XCTUnwrap(json(String(contentsOf: exported, encoding: .utf8)) as? [String: Any])
        var indicators = try XCTUnwrap(doc["indicators"] as? [[String: Any]])
        indicators[0]["name"] = ["zh": "农村居民人均可支配收入", "en": "Rural per-capita disposable income"]
        doc["indicators"] = indicators
        try JSONSerialization.data(withJSONObject: doc).write(to: exported)
        XCTAssertTrue(try run(["framework", "import", exported.path]).out.contains("stored shanxi-2021 version 2"))
        XCTAssertTrue(try run(["framework", "import", exported.path]).out.contains("identical to stored version 2"))
        let v1 = try run(["framework", "show", "shanxi-2021", "--version", "1", "--format", "json"]).out
        XCTAssertTrue(v1.contains("农民年人均纯收入"))
        indicators[1]["unit"] = "yuan"
        indicators[2]["comparator"] = "<="
        doc["indicators"] = indicators
        try JSONSerialization.data(withJSONObject: doc).write(to: exported)
        let refused = try run(["framework", "import", exported.path], expectExit: 1).out
        XCTAssertTrue(refused.contains("indicator urban_income: unit 'yuan' is not a known unit"), refused)
        XCTAssertTrue(refused.contains("indicator env_industry_share: comparator '<=' does not fit direction 'higher'"), refused)
    }

    func testRegionAttributesAreEditableAndValidated() throws {
        try run(["region", "set", "140122", "terrain=山区"])
        XCTAssertTrue(try run(["region", "show", "140122"]).out.contains("terrain: 山区"))
        let (_, err) = try run(["region", "set", "140122", "terrain=高原"], expectExit: 1)
        XCTAssertTrue(err.contains("attribute 'terrain' must be one of 山区 丘陵 平原 未知, got '高原'"), err)
    }

    func testAssessRankProgressReadinessAfterDemo() throws {
        try run(["demo"])
        let assessment = try XCTUnwrap(json(run(["assess", "--region", "140000", "--year", "2025", "--format", "json"]).out) as? [String: Any])
        XCTAssertEqual(assessment["region"] as? String, "140000")
        XCTAssertEqual(assessment["year"] as? Int, 2025)
        XCTAssertEqual(assessment["framework"] as? String, "shanxi-2021")
        for key in ["composite", "coverage", "vetoed", "rank"] { XCTAssertTrue(assessment.keys.contains(key), key) }
        let indicators = try XCTUnwrap(assessment["indicators"] as? [[String: Any]])
        XCTAssertEqual(indicators.count, 25)
        let keys = ["indicator", "direction", "comparator", "value", "target", "milestone", "periodStart", "startValue", "attained", "gap",
                    "expected", "onSchedule", "csi", "forecast", "api", "outlook", "requiredAnnualChange", "cagrRatio", "cagrScore",
                    "cagrCategory", "status", "derived"]
        for ind in indicators { for k in keys { XCTAssertTrue(ind.keys.contains(k), "\(ind["indicator"] ?? "?") lacks \(k)") } }
        // PM2.5 at the province: 2020 is the published 46 (B-d), the 2025 target 41, so E_2025 = 41 and the gap is 41 − y.
        let pm = try XCTUnwrap(indicators.first { $0["indicator"] as? String == "pm25" })
        XCTAssertEqual(pm["direction"] as? String, "lower")
        XCTAssertEqual(pm["startValue"] as? Double, 46)
        XCTAssertEqual(pm["target"] as? Double, 41)
        XCTAssertEqual(pm["expected"] as? Double, 41)
        let value = try XCTUnwrap(pm["value"] as? Double)
        XCTAssertEqual(try XCTUnwrap(pm["gap"] as? Double), 41 - value, accuracy: 1e-9)
        // In the milestone year the schedule looks to 2030 (target 35): the change needed is (35 − y)/(2030 − 2025).
        XCTAssertEqual(pm["outlookMilestone"] as? Int, 2030)
        XCTAssertEqual(try XCTUnwrap(pm["requiredAnnualChange"] as? Double), (35 - value) / 5, accuracy: 1e-9)
        let milestones = try XCTUnwrap(pm["milestones"] as? [[String: Any]])
        XCTAssertEqual(milestones.map { $0["milestone"] as? Int }, [2025, 2030])
        XCTAssertEqual(milestones[0]["result"] as? String, value <= 41 ? "attained" : "missed", "2025 judged on the 2025 value")
        XCTAssertTrue(milestones[1]["result"] is NSNull)

        let rank = try XCTUnwrap(json(run(["rank", "--level", "city", "--year", "2025", "--format", "json"]).out) as? [[String: Any]])
        XCTAssertEqual(rank.map { $0["rank"] as? Int }, Array(1...11).map { Optional($0) })
        let composites = rank.compactMap { $0["composite"] as? Double }
        XCTAssertEqual(composites, composites.sorted(by: >))
        let counties = try XCTUnwrap(json(run(["rank", "--level", "county", "--parent", "140100", "--year", "2025", "--format", "json"]).out) as? [[String: Any]])
        XCTAssertEqual(counties.count, 10)
        XCTAssertTrue(try run(["rank", "--level", "county", "--year", "2025"]).out.split(separator: "\n").count == 119)

        let series = try XCTUnwrap(json(run(["progress", "--region", "140000", "--indicator", "pm25", "--format", "json"]).out) as? [[String: Any]])
        XCTAssertEqual(series.map { $0["year"] as? Int }, Array(2020...2030).map { Optional($0) })
        XCTAssertEqual(series.first?["value"] as? Double, 46)

        try run(["condition", "set", "--year", "2025", "--condition", "plan", "--status", "met", "--evidence", "晋政发〔2022〕2号"])
        let readiness = try XCTUnwrap(json(run(["readiness", "--year", "2025", "--format", "json"]).out) as? [String: Any])
        XCTAssertEqual(readiness["indicatorCount"] as? Int, 25)
        XCTAssertEqual((readiness["cities"] as? [Any])?.count, 11)
        XCTAssertEqual((readiness["conditions"] as? [[String: Any]])?.first?["status"] as? String, "met")
        let (_, err) = try run(["assess", "--region", "149999", "--year", "2025"], expectExit: 1)
        XCTAssertTrue(err.contains("unknown division code 149999"), err)
    }

    /// `aqi --hourly` with SO2 1 h above 800: without the 24 h mean it says which value is missing; with it, HJ 633-2012
    /// takes the 24 h sub-index: 300 → 100 + ⌈50·(300 − 150)/(475 − 150)⌉ = 100 + ⌈23.08⌉ = 124.
    func testAQINamesTheMissingFallbackValue() throws {
        let (without, _) = try run(["aqi", "--hourly", "--so2", "900", "--no2", "40", "--standard", "2012"], database: false)
        XCTAssertTrue(without.contains("SO2 1 h 900 is above 800: HJ 633-2012 takes the SO2 sub-index from the 24 h mean, which is missing (give --so2-24h)"), without)
        XCTAssertTrue(without.contains("AQI 20"), "NO2 40 → ⌈50·40/100⌉ = 20 is all that is left: \(without)")
        let (with, _) = try run(["aqi", "--hourly", "--so2", "900", "--so2-24h", "300", "--standard", "2012", "--format", "json"], database: false)
        let j = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(with.utf8)) as? [String: Any])
        XCTAssertEqual(j["aqi"] as? Int, 124)
        XCTAssertEqual((j["missingFallback"] as? [String])?.count, 0)
        try run(["aqi", "--hourly", "--so2", "900", "--so2-24h", "-1"], expectExit: 64, database: false)
    }

    /// `water class`: NH3-N 1.2 mg/L is Ⅳ (1.0 < 1.2 ≤ 1.5), (1.2 − 1.0)/1.0 = 0.20 over Ⅲ; TP 0.04 is Ⅲ in a lake
    /// (0.025 < 0.04 ≤ 0.05) but Ⅱ in a river; river TN and a 7-decimal value are refused with one sentence.
    func testWaterClass() throws {
        let (nh3, _) = try run(["water", "class", "--item", "NH3-N", "--value", "1.2"], database: false)
        XCTAssertTrue(nh3.hasPrefix("氨氮 NH3-N 1.2 mg/L (river): Ⅳ类 轻度污染，超Ⅲ类 0.20 倍"), nh3)
        let (lake, _) = try run(["water", "class", "--item", "TP", "--value", "0.04", "--water-body", "lake", "--format", "json"], database: false)
        XCTAssertTrue(lake.contains(#""className" : "Ⅲ类""#), lake)
        let (river, _) = try run(["water", "class", "--item", "总磷", "--value", "0.04", "--format", "csv"], database: false)
        XCTAssertTrue(river.contains("TP,0.04,mg/L,river,II,Ⅱ类,优,"), river)
        let tn = try run(["water", "class", "--item", "TN", "--value", "1"], expectExit: 1, database: false)
        XCTAssertTrue(tn.err.contains("TN is not evaluated for a river"), tn.err)
        let fine = try run(["water", "class", "--item", "Hg", "--value", "0.0000501"], expectExit: 1, database: false)
        XCTAssertTrue(fine.err.contains("at most 6 decimals"), fine.err)
    }

    /// The water path a user takes: demo files, import, evaluate by basin, compensation with its arithmetic.
    func testWaterDemoImportEvaluateCompensation() throws {
        try run(["init"])
        try run(["demo", "water", "--sections", "40", "--years", "2024-2025", "--out", dir.path])
        try run(["water", "sections", "import", dir.appendingPathComponent("sections-water.csv").path])
        let (imported, _) = try run(["water", "import", dir.appendingPathComponent("samples-water.csv").path])
        XCTAssertTrue(imported.hasPrefix("imported "), imported)
        let (basins, _) = try run(["water", "evaluate", "--year", "2025", "--level", "basin", "--format", "json"])
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(basins.utf8)) as? [[String: Any]])
        XCTAssertEqual(Set(rows.compactMap { $0["key"] as? String }), ["黄河", "海河", "汾河"])
        for r in rows {
            // The rating follows from the shares by 22号 §6.4 (all these have ≥ 5 sections).
            let good = try XCTUnwrap(r["shareGood"] as? Double), bad = try XCTUnwrap(r["shareWorseThanV"] as? Double)
            let expected = good >= 90 ? "优" : good >= 75 ? "良好" : bad < 20 ? "轻度污染" : bad < 40 ? "中度污染" : "重度污染"
            XCTAssertEqual(r["rating"] as? String, expected)
        }
        // The province's 地表水国考断面优良水体比例 is the fed value: the 国考 share of the stored evaluation, one decimal.
        let (assess, _) = try run(["assess", "--region", "140000", "--year", "2025", "--format", "json"])
        let doc = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(assess.utf8)) as? [String: Any])
        let indicators = try XCTUnwrap((doc["indicators"] ?? (doc["assessments"] as? [[String: Any]])?.first?["indicators"]) as? [[String: Any]])
        let good = try XCTUnwrap(indicators.first { $0["indicator"] as? String == "surface_water_good_share" })
        let (provinceJSON, _) = try run(["water", "evaluate", "--year", "2025", "--level", "province", "--format", "json", "--dry-run"])
        let province = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(provinceJSON.utf8)) as? [[String: Any]])?.first { $0["nationalOnly"] as? Bool == true })
        XCTAssertEqual(good["value"] as? Double, try XCTUnwrap(province["shareGood"] as? Double))
        let (yr, _) = try run(["water", "compensation", "--year", "2025", "--scheme", "yellow-river-yjs-2025", "--format", "json"])
        let lines = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(yr.utf8)) as? [[String: Any]])
        XCTAssertFalse(lines.isEmpty)
        XCTAssertTrue(lines.allSatisfy { $0["section"] as? String == "FLDDQ" && ($0["arithmetic"] as? String)?.contains("share 0.5") == true })
        let (vertical, _) = try run(["water", "compensation", "--year", "2025", "--month", "3"])
        XCTAssertTrue(vertical.contains("per region (万元):"), vertical)
        try run(["water", "compensation", "--year", "2025", "--scheme", "nope"], expectExit: 1)
    }
}

extension CLITests {
    /// `ecoprov import FILE.xlsx` on workbooks written by openpyxl (Tests/EcoSheetTests/Fixtures): the first sheet,
    /// or the one `--sheet` names, with problems placed on their cells.
    func testImportXLSX() throws {
        try run(["init"])
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("EcoSheetTests/Fixtures")
        let good = fixtures.appendingPathComponent("openpyxl-observations.xlsx").path
        XCTAssertTrue(try run(["import", good, "--lang", "en"]).out.contains("imported 3 rows (sheet 填报): 3 new"))
        let history = try XCTUnwrap(json(run(["history", "--region", "140100", "--indicator", "forest_cover", "--format", "json"]).out) as? [[String: Any]])
        XCTAssertEqual(history.map { $0["new"] as? String }, ["20.3"], "the formula's cached value")
        let types = fixtures.appendingPathComponent("openpyxl-types.xlsx").path
        let (_, err) = try run(["import", types, "--sheet", "数据", "--lang", "en"], expectExit: 1)
        XCTAssertEqual(err.split(separator: "\n").first.map(String.init),
                       "\(types)!数据!E2: cannot read the file: the cell has the formula =B2*2 but no computed value (the file was saved by a tool that does not calculate): open it in Excel or WPS and save it, or paste the values")
    }
}
