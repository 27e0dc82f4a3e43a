import EcoAir
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import EcoStoreSQLite
import XCTest

final class ObservationCSVTests: XCTestCase {
    private var fw: Framework!
    private var tree: RegionTree!

    override func setUpWithError() throws {
        fw = try XCTUnwrap(BuiltinData.frameworks().first { $0.id == "shanxi-2021" })
        tree = RegionTree(try BuiltinData.regions())
    }

    private func read(_ text: String, file: String = "in.csv") -> ObservationCSV.Plan {
        ObservationCSV.read(Data(text.utf8), file: file, framework: fw, regions: tree)
    }

    /// (line, column, English message) of each problem.
    private func problems(_ text: String) -> [String] {
        read(text).problems.map { "\($0.line):\($0.column): \($0.message(.en))" }
    }

    func testACleanFileBecomesWrites() throws {
        let plan = read("region,indicator,year,value,source,note\n140000,forest_cover,2021,24.1,统计年鉴,\n140100,air_quality,2021,达标,,checked\n")
        XCTAssertEqual(plan.problems, [])
        XCTAssertEqual(plan.rows, 2)
        XCTAssertEqual(plan.writes.map(\.value), [.number(24.1), .level("达标")])
        XCTAssertEqual(plan.writes.map(\.source), ["统计年鉴", "in.csv"])
        XCTAssertEqual(plan.writes.map(\.note), [nil, "checked"])
        XCTAssertEqual(plan.writes.first?.key, ObservationKey(framework: "shanxi-2021", indicator: "forest_cover", region: RegionCode("140000")!, year: 2021))
    }

    func testEachRowErrorKindWithLineAndColumn() {
        let text = """
            region,indicator,year,value,source
            140000,forest_cover,2021,24.1,ok
            140100,forest_cover,2021,"12,5",x
            999999,pm25,2021,3
            14000,pm25,2021,3
            140000,good_air_days_ratio,2021,130
            140000,nope,2021,1
            140000,pm25,1999,1
            140000,pm25,20x1,1
            140000,pm25,2021,abc
            140202,pm25,2021,40
            140000,pm25,2021
            140000,forest_cover,2021,25
            140000,air_quality,2021,好
            140105,river_water_consumption,2021,30
            140000,pm25,2021,40,a,extra
            140000,pm25,2021,
            """
        XCTAssertEqual(problems(text), [
            "3:4: '12,5' uses a comma as decimal point; use '.' (12.5)",
            "4:1: unknown division code 999999",
            "5:1: '14000' is not a 6-digit division code",
            "6:4: value 130 is outside the physical range of % (0–100)",
            "7:2: indicator 'nope' is not in framework shanxi-2021",
            "8:3: year 1999 is outside 2000–2035",
            "9:3: year '20x1' is not a whole number",
            "10:4: 'abc' is not a number",
            "11:1: division code 140202 was retired on 2017-12-31; it has no 2021 data",
            "12:4: expected 5 fields, found 3",
            "13:3: same region, indicator and year as line 2",
            "14:4: '好' is not an allowed level (expected one of: 达标, 未达标)",
            "15:2: indicator river_water_consumption does not apply at county level",
            "16:6: expected 5 fields, found 6",
            "17:4: the value is empty; a value is expected",
        ])
        XCTAssertEqual(read(text).writes, [], "a file with problems yields nothing to write")
    }

    func testHeaderProblems() {
        XCTAssertEqual(problems(""), ["1:1: the file is empty; expected a header line region,indicator,year,value"])
        XCTAssertEqual(problems("region,indicator,year,amount\n"), [
            "1:4: unknown column 'amount' (known: region, indicator, year, value, source, note, certainty, synthetic, region_name, indicator_name, unit, target, previous)",
            "1:5: the header lacks the required column 'value'",
        ])
        XCTAssertEqual(problems("region,indicator,year,value,value\n"), ["1:5: column 'value' appears twice"])
    }

    func testLineNumbersCountBlankLinesAndQuotedLineBreaks() {
        let text = "region,indicator,year,value,note\n140000,pm25,2021,40,\"two\nlines\"\n\n140000,pm25,2022,x,\n"
        XCTAssertEqual(problems(text), ["5:4: 'x' is not a number"])
    }

    func testChineseHeadersTemplateColumnsAndShortRows() {
        let zh = "地区代码,指标,年份,数值,备注\n140000,pm25,2021,40\n"
        XCTAssertEqual(read(zh).problems, [])
        XCTAssertEqual(read(zh).writes.first?.value, .number(40))
        let template = "region,region_name,indicator,indicator_name,unit,year,value,source,note,target,previous\n" +
            "140100,太原市,pm25,细颗粒物,μg/m³,2021,44,,,2025: ≤ 41,46\n"
        XCTAssertEqual(read(template).writes.map(\.value), [.number(44)])
    }

    func testGB18030AndBOMFilesReadCorrectly() throws {
        let text = "地区代码,指标,年份,数值,来源\n140100,forest_cover,2021,24.5,太原市统计局\n"
        let gb = try XCTUnwrap(TextDecoding.encodeGB18030(text))
        XCTAssertNil(String(data: gb, encoding: .utf8), "the fixture must not be valid UTF-8")
        // 太 is CC AB in GB18030.
        XCTAssertTrue(gb.range(of: Data([0xCC, 0xAB])) != nil)
        let plan = ObservationCSV.read(gb, file: "gb.csv", framework: fw, regions: tree)
        XCTAssertEqual(plan.problems, [])
        XCTAssertEqual(plan.encoding, .gb18030)
        XCTAssertEqual(plan.writes.first?.source, "太原市统计局")
        let bom = ObservationCSV.read(Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), file: "bom.csv", framework: fw, regions: tree)
        XCTAssertEqual(bom.encoding, .utf8BOM)
        XCTAssertEqual(bom.writes.first?.value, .number(24.5))
    }

    func testBytesThatAreNoTextAreRefusedInOneSentence() {
        let plan = ObservationCSV.read(Data([0x72, 0x65, 0xFF, 0xFF, 0xFF]), file: "bin.csv", framework: fw, regions: tree)
        XCTAssertEqual(plan.problems.map { $0.formatted(.en) },
                       ["bin.csv:1:1: cannot read the file: the file is neither UTF-8 nor GB18030 text; save it as \"CSV UTF-8\" from Excel"])
    }

    func testCertaintyAndSyntheticFlags() {
        let ok = read("region,indicator,year,value,certainty,synthetic\n140000,pm25,2020,46,B-d,\n140100,pm25,2020,50,,true\n")
        XCTAssertEqual(ok.writes.map(\.certainty), [.derived, nil])
        XCTAssertEqual(ok.writes.map(\.synthetic), [false, true])
        XCTAssertEqual(problems("region,indicator,year,value,certainty,synthetic\n140000,pm25,2020,46,C,maybe\n"), [
            "2:5: 'C' is not valid here (expected one of: A, B-d, B)",
            "2:6: 'maybe' is not valid here (expected one of: true, false)",
        ])
    }
}

/// The file-level refusals of the CSV reader and the spreadsheet-safety of exports (issue #9).
final class CSVSafetyTests: XCTestCase {
    private let fw = try! BuiltinData.frameworks().first { $0.id == "shanxi-2021" }!
    private let tree = RegionTree(try! BuiltinData.regions())

    private func problems(_ text: String) -> [String] {
        ObservationCSV.read(Data(text.utf8), file: "f.csv", framework: fw, regions: tree).problems.map { $0.formatted(.en) }
    }

    func testAnUnterminatedQuoteIsAnErrorAtTheLineItOpens() {
        // Before: the quote swallowed every line after it and the file imported one row with exit 0.
        let text = "region,indicator,year,value,source\n140100,pm25,2024,30,ok\n140100,pm25,2023,31,\"x,\n140100,pm25,2022,32,\n140100,pm25,2021,33,\n"
        XCTAssertEqual(problems(text), ["f.csv:3:5: cannot read the file: the quote opened on line 3 is never closed (it would swallow the rest of the file)"])
    }

    func testANulByteAndAnOverlongFieldAreRefused() {
        XCTAssertEqual(problems("region,indicator,year,value\n140100,pm25,2024,3\u{0}0\n"),
                       ["f.csv:2:4: cannot read the file: line 2 holds a NUL byte: this is not a text CSV file"])
        let long = String(repeating: "长", count: 4000)  // 12,000 bytes of UTF-8
        XCTAssertEqual(problems("region,indicator,year,value,note\n140100,pm25,2024,30,\(long)\n"),
                       ["f.csv:2:5: cannot read the file: the field starting on line 2 is longer than 10000 bytes"])
        // A quoted field may hold commas, quotes and line breaks: the line numbers after it still count them.
        XCTAssertEqual(problems("region,indicator,year,value,note\n140100,pm25,2024,30,\"a,\"\"b\"\"\nc\"\n140100,pm25,2023,abc,\n"),
                       ["f.csv:4:4: 'abc' is not a number"])
    }

    func testExportsNeutraliseFormulasAndImportRestoresThem() throws {
        // OWASP: a cell starting with = + - @ tab or CR gets a leading quote; a plain number does not.
        XCTAssertEqual(SpreadsheetText.neutralised("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")")
        XCTAssertEqual(SpreadsheetText.neutralised("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0")
        XCTAssertEqual(SpreadsheetText.neutralised("@SUM(A1)"), "'@SUM(A1)")
        XCTAssertEqual(SpreadsheetText.neutralised("+1"), "'+1")
        XCTAssertEqual(SpreadsheetText.neutralised("-1+2"), "'-1+2")
        XCTAssertEqual(SpreadsheetText.neutralised("\t=1+1"), "'\t=1+1")
        XCTAssertEqual(SpreadsheetText.neutralised("-3.5"), "-3.5", "a negative number stays a number")
        XCTAssertEqual(SpreadsheetText.neutralised("太原市"), "太原市")
        XCTAssertEqual(SpreadsheetText.restored("'=HYPERLINK(1)"), "=HYPERLINK(1)")
        XCTAssertEqual(SpreadsheetText.restored("'quoted'"), "'quoted'", "a quote not before a trigger stays")
        XCTAssertEqual(SpreadsheetText.restored("\t=1+1"), "\t=1+1", "a leading tab is not stripped")

        let o = Observation(key: ObservationKey(framework: fw.id, indicator: "pm25", region: RegionCode("140100")!, year: 2024),
                            value: .number(30), source: "=HYPERLINK(\"http://evil\",\"x\")", note: "\t=1+1")
        let csv = try CSVOutput.export([o])
        XCTAssertTrue(csv.hasPrefix("\u{FEFF}region,indicator"), "exports start with a BOM for Excel")
        XCTAssertFalse(csv.contains(",=HYPERLINK") || csv.contains(",\"=HYPERLINK"), csv)
        XCTAssertTrue(csv.contains("'=HYPERLINK"), csv)
        let back = ObservationCSV.read(Data(csv.utf8), file: "e.csv", framework: fw, regions: tree)
        XCTAssertEqual(back.problems.map { $0.formatted(.en) }, [])
        XCTAssertEqual(back.writes.first?.source, o.source, "the export imports back to the same text")
        XCTAssertEqual(back.writes.first?.note, o.note)
    }
}
