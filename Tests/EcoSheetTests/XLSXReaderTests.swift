import EcoKit
@testable import EcoSheet
import Foundation
import XCTest

/// The reader on workbooks written by other tools (openpyxl; Python's zipfile part by part, as Excel writes them) —
/// see Fixtures/make-fixtures.py — and on our own writer's output.
final class XLSXReaderTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    func fixture(_ name: String) throws -> Data { try Data(contentsOf: Self.fixtures.appendingPathComponent(name)) }

    func testEveryCellTypeFromOpenpyxl() throws {
        let data = try fixture("openpyxl-types.xlsx")
        XCTAssertTrue(XLSXReader.looksLikeXLSX(data))
        XCTAssertEqual(try XLSXReader.sheetNames(data), ["说明", "数据"])
        // The first sheet by default; another by name.
        XCTAssertEqual(try XLSXReader.sheet(data).cells[CellReference("A1")!], .text("本文件由 openpyxl 生成"))
        let s = try XLSXReader.sheet(data, named: "数据")
        func at(_ r: String) -> CellValue? { s.cells[CellReference(r)!] }
        XCTAssertEqual(at("A2"), .text("太原"))
        XCTAssertEqual(at("B2")?.csvText, "12.3")
        // 2025-03-15 is serial 45731: 1899-12-30 + 45731 days (the 1900 system past its 1900-02-29).
        XCTAssertEqual(at("C2"), .date(CivilDay(year: 2025, month: 3, day: 15), seconds: nil))
        XCTAssertEqual(at("D2"), .bool(true))
        // A formula openpyxl wrote without computing it.
        XCTAssertEqual(at("E2"), .formulaWithoutValue("B2*2"))
        XCTAssertNil(at("E2")?.csvText)
        // Inline text with its spaces kept; 0.1 + 0.2 to 15 digits; 08:30 is the fraction .354166…: 30 600 s.
        XCTAssertEqual(at("A3"), .text(" spaced "))
        XCTAssertEqual(at("B3")?.csvText, "0.3")
        XCTAssertEqual(at("C3"), .date(CivilDay(year: 2025, month: 3, day: 15), seconds: 30_600))
        XCTAssertEqual(at("C3")?.csvText, "2025-03-15 08:30:00")
        XCTAssertEqual(at("E3")?.csvText, "1.3", "the formula's cached value")
        XCTAssertNil(at("A4"), "row 4 is empty")
        XCTAssertEqual(at("A5"), .text("粗体和普通"), "rich-text runs joined")
        XCTAssertEqual(at("B5")?.csvText, "0.0000001", "no exponent")
        // Serial 59 is 1900-02-28 (below the phantom 60: 1899-12-31 + 59); serial 61 is 1900-03-01.
        XCTAssertEqual(at("C5"), .date(CivilDay(year: 1900, month: 2, day: 28), seconds: nil))
        XCTAssertEqual(at("C6"), .date(CivilDay(year: 1900, month: 3, day: 1), seconds: nil))
        XCTAssertEqual(at("D5")?.csvText, "140100")
        XCTAssertEqual(at("E5")?.csvText, "1234567890123")
        XCTAssertEqual(at("B6"), .error("#N/A"))
        XCTAssertEqual(at("A7"), .formulaWithoutValue("1/0"))
        // Rows padded from column A, gaps as nil.
        XCTAssertEqual(s.rows.map(\.row), [1, 2, 3, 5, 6, 7])
        XCTAssertEqual(s.rows[4].cells.count, 3)
        XCTAssertNil(s.rows[4].cells[0])
    }

    func testSharedStrings1904AndCellsWithoutReferences() throws {
        let s = try XLSXReader.sheet(try fixture("zipfile-shared-strings.xlsx"))
        XCTAssertEqual(s.name, "项目")
        func at(_ r: String) -> CellValue? { s.cells[CellReference(r)!] }
        XCTAssertEqual(at("A1"), .text("name"))
        XCTAssertEqual(at("C1"), .text("AMOUNT"), "a cell without r follows B1; a string formula's cached result")
        XCTAssertEqual(at("A2"), .text("汾河 治理"), "runs joined, the phonetic guide left out, the run's leading space kept")
        // 1904 system: serial 0 is 1904-01-01, 7731 is 1904-01-01 + 7731 days = 1925-03-02 (openpyxl reads the same).
        XCTAssertEqual(at("B2"), .date(CivilDay(year: 1904, month: 1, day: 1), seconds: nil))
        XCTAssertEqual(at("B4"), .date(CivilDay(year: 1925, month: 3, day: 2), seconds: nil))
        XCTAssertEqual(at("C2")?.csvText, "1234.50", "numFmt 4 (#,##0.00) is not a date; it shows two decimals")
        XCTAssertEqual(at("A4"), .text("  两端空格  "))
        XCTAssertEqual(at("C4"), .text(""))
        XCTAssertEqual(s.rows.map(\.row), [1, 2, 4])
    }

    func testRefusals() {
        func message(_ data: Data, sheet: String? = nil) -> String {
            do { _ = try XLSXReader.sheet(data, named: sheet); return "read" } catch { return error.description }
        }
        XCTAssertTrue(message(Data("region,year\n".utf8)).contains("not an .xlsx"))
        XCTAssertEqual(message(Data([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])), "the ZIP package is too short to hold a directory")
        // The SpreadsheetML layer: a part that is not UTF-8 (Foundation's parser traps on such a name: Fuzz/Crashes),
        // and a document type, are refused before parsing.
        func parts(_ sheet: Data) -> String {
            let p = ["xl/workbook.xml": Data(#"<workbook><sheets><sheet name="s" r:id="rId1"/></sheets></workbook>"#.utf8),
                     "xl/_rels/workbook.xml.rels": Data(#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>"#.utf8),
                     "xl/worksheets/sheet1.xml": sheet]
            do { return "\(try XLSXReader.sheet(parts: p).cells.count) cells" } catch { return error.description }
        }
        XCTAssertEqual(parts(Data("<worksheet><sheetData><row><c t=\"b\"><v>1</v></c></row></sheetData></worksheet>".utf8)), "1 cells")
        XCTAssertEqual(parts(Data("<worksheet><sheetData><row><c r".utf8) + Data([0xE1, 0xE1]) + Data("=\"A1\"/></row></sheetData></worksheet>".utf8)),
                       "the part xl/worksheets/sheet1.xml is not UTF-8 text")
        XCTAssertEqual(parts(Data("<!DOCTYPE w [<!ENTITY a \"aaaa\">]><worksheet><sheetData/></worksheet>".utf8)),
                       "the part xl/worksheets/sheet1.xml declares a document type, which SpreadsheetML never does")
        XCTAssertEqual(parts(Data("<worksheet><sheetData><row r=\"2\"/><row r=\"1\"/></sheetData></worksheet>".utf8)),
                       "sheet 's': row 1 is out of order or outside the sheet")
        let wb = try! XLSXWriter.write([SheetSpec(name: "a", columns: [.init("x")], rows: [])])
        XCTAssertEqual(message(wb, sheet: "b"), "the workbook has no sheet named 'b' (its sheets: a)")
    }

    func testDateFormatCodes() {
        // A number shown with a date format reads as a date; a quoted or bracketed letter is not a date part.
        for (code, isDate) in [("yyyy-mm-dd", true), ("yyyy\"年\"m\"月\"d\"日\"", true), ("[h]:mm", true), ("0.00", false),
                               ("#,##0\" m\"", false), ("[Red]0.0", false), ("\\d0", false), ("General", false)] {
            XCTAssertEqual(StyleTable.isDateFormat(code), isDate, code)
        }
    }
}

extension XLSXReaderTests {
    func testFixedDecimalFormats() {
        XCTAssertEqual(StyleTable.fixedDecimals("0"), 0)
        XCTAssertEqual(StyleTable.fixedDecimals("0.000"), 3)
        XCTAssertEqual(StyleTable.fixedDecimals("#,##0.00"), 2)
        XCTAssertNil(StyleTable.fixedDecimals("0.0%"))
        XCTAssertNil(StyleTable.fixedDecimals("0.00E+00"))
        XCTAssertNil(StyleTable.fixedDecimals("yyyy-mm-dd"))
        // 12.3 shown with 2 decimals reads 12.30; 0.125 shown with 2 keeps its third digit.
        XCTAssertEqual(CellValue.fixed(12.3, decimals: 2).csvText, "12.30")
        XCTAssertEqual(CellValue.fixed(0.125, decimals: 2).csvText, "0.125")
    }
}
