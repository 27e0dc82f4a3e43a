import EcoKit
@testable import EcoSheet
import Foundation
import XCTest

/// The writer read back by the reader; scripts/test also opens its output with openpyxl (Tests/CLITests).
final class XLSXWriterTests: XCTestCase {
    func testRoundTripKeepsEveryCell() throws {
        let spec = SheetSpec(name: "考核结果", columns: [
            .init("地区代码", format: .text), .init("指标"), .init("数值 (µg/m³)", format: .decimals(1)),
            .init("日期", format: .date), .init("达标", format: .general),
        ], rows: [
            [.text("140100"), .text("PM2.5 年均浓度"), .number(38.25), .date(CivilDay(year: 2025, month: 12, day: 31)), .bool(true)],
            [.text("=cmd|' /C calc'!A0"), .text(" 前后空格 "), .number(-0.5), .empty, .bool(false)],
            [.text("控制\u{01}字符"), .empty, .number(1e-7)],
            [.empty, .empty, .fixed(38, decimals: 2), .empty, .empty],
        ])
        let data = try XLSXWriter.write([spec, SheetSpec(name: "说明", columns: [.init("项目"), .init("内容")], rows: [[.text("框架"), .text("shanxi-2021")]])])
        let wb = try XLSXReader.workbook(data)
        XCTAssertEqual(wb.sheets.map(\.name), ["考核结果", "说明"])
        let s = wb.sheets[0]
        func at(_ r: String) -> CellValue? { s.cells[CellReference(r)!] }
        XCTAssertEqual(at("C1"), .text("数值 (µg/m³)"))
        XCTAssertEqual(at("A2"), .text("140100"))
        XCTAssertEqual(at("C2"), .fixed(38.25, decimals: 1), "the value is stored whole; the format shows one decimal")
        XCTAssertEqual(at("C2")?.csvText, "38.25", "the hidden digit is kept, not rounded away")
        XCTAssertEqual(at("C3")?.csvText, "-0.5")
        // 2025-12-31 is 1899-12-30 + 46022 days, and reads back as a date through the yyyy-mm-dd style.
        XCTAssertEqual(at("D2"), .date(CivilDay(year: 2025, month: 12, day: 31), seconds: nil))
        XCTAssertEqual(at("E2"), .bool(true))
        XCTAssertEqual(at("A3"), .text("=cmd|' /C calc'!A0"), "a text cell is never a formula: the text is inert")
        XCTAssertEqual(at("B3"), .text(" 前后空格 "))
        XCTAssertNil(at("D3"))
        XCTAssertEqual(at("A4"), .text("控制\u{FFFD}字符"), "a control character XML cannot carry")
        XCTAssertEqual(at("C4")?.csvText, "0.0000001", "1e-7 in a 0.0 column has more digits than shown: kept")
        XCTAssertEqual(at("C5")?.csvText, "38.00", "38 shown as 38.00 reads as shown")
        XCTAssertEqual(wb.sheets[1].cells[CellReference("B2")!], .text("shanxi-2021"))
    }

    func testTheSameTablesGiveTheSameBytes() throws {
        let spec = SheetSpec(name: "a", columns: [.init("x")], rows: [[.number(1)], [.text("y")]])
        XCTAssertEqual(try XLSXWriter.write([spec]), try XLSXWriter.write([spec]))
    }

    func testRefusesWhatExcelWouldNotOpen() {
        func message(_ specs: [SheetSpec]) -> String {
            do { _ = try XLSXWriter.write(specs); return "written" } catch { return error.description }
        }
        XCTAssertEqual(message([]), "a workbook needs at least one sheet")
        XCTAssertTrue(message([SheetSpec(name: "a/b", columns: [], rows: [])]).contains("holds one of"))
        XCTAssertTrue(message([SheetSpec(name: String(repeating: "长", count: 32), columns: [], rows: [])]).contains("1 to 31"))
        XCTAssertEqual(message([SheetSpec(name: "A", columns: [], rows: []), SheetSpec(name: "a", columns: [], rows: [])]), "two sheets are named 'a'")
        XCTAssertEqual(message([SheetSpec(name: "a", columns: [.init("x")], rows: [[.empty, .empty]])]), "sheet 'a' row 2 has 2 cells for 1 columns")
        var hidden = SheetSpec(name: "h", columns: [], rows: [])
        hidden.hidden = true
        XCTAssertEqual(message([hidden]), "a workbook needs one visible sheet")
    }

    func testColumnWidthsCountCJKTwice() {
        // "PM2.5 年均浓度" is 6 ASCII + 4 CJK = 6 + 8 = 14, plus 2 of margin.
        let w = XLSXWriter.measuredWidth(.init("x"), index: 0, rows: [[.text("PM2.5 年均浓度")]])
        XCTAssertEqual(w, 16)
    }
}

extension XLSXWriterTests {
    func testADateInAGeneralColumnStaysADate() throws {
        let data = try XLSXWriter.write([SheetSpec(name: "a", columns: [.init("day")], rows: [[.date(CivilDay(year: 2026, month: 6, day: 30))]])])
        XCTAssertEqual(try XLSXReader.sheet(data).cells[CellReference("A2")!]?.csvText, "2026-06-30")
    }
}
