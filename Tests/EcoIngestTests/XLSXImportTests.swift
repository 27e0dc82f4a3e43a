import EcoCore
import EcoIngest
import EcoServices
import EcoSheet
import EcoStore
import Foundation
import XCTest

/// `ecoprov import FILE.xlsx`'s use case: a workbook written by openpyxl (Tests/EcoSheetTests/Fixtures) gives the
/// values its CSV twin gives, and problems name their cells.
final class XLSXImportTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("EcoSheetTests/Fixtures")

    func services(_ db: TempDatabase) -> Services { Services(store: db.store, actor: "tester", clock: { Date(timeIntervalSince1970: 1_760_000_000) }) }

    func testOpenpyxlWorkbookImportsLikeItsCSV() async throws {
        let a = try await TempDatabase.make(), b = try await TempDatabase.make()
        defer { a.remove(); b.remove() }
        let xlsx = try Data(contentsOf: Self.fixtures.appendingPathComponent("openpyxl-observations.xlsx"))
        let o = try await services(a).importYearly(xlsx, file: "f.xlsx", framework: "shanxi-2021", dryRun: false, reason: nil)
        XCTAssertEqual(o.problems, [])
        XCTAssertEqual(o.sheet, "填报")
        XCTAssertEqual(o.summary.inserted, 3)
        // The CSV twin: the division code typed as a number reads 140100, the formula =20+0.3 its cached 20.3.
        let csv = "region,indicator,year,value,source,note\n140100,pm25,2021,44.5,太原市生态环境局,\n140100,forest_cover,2021,20.3,太原市林草局,测算\n140105,pm25,2021,41,,\n"
        _ = try await services(b).importYearly(Data(csv.utf8), file: "f.xlsx", framework: "shanxi-2021", dryRun: false, reason: nil)
        let q = ObservationQuery(framework: "shanxi-2021", years: 2021...2021)
        let fromXLSX = try await a.store.observations(q).filter { $0.source != nil && !$0.synthetic }
        let fromCSV = try await b.store.observations(q).filter { $0.source != nil && !$0.synthetic }
        XCTAssertEqual(fromXLSX.map { "\($0.key.region.rawValue) \($0.key.indicator) \($0.value) \($0.source ?? "")" }.sorted(),
                       fromCSV.map { "\($0.key.region.rawValue) \($0.key.indicator) \($0.value) \($0.source ?? "")" }.sorted())
        XCTAssertEqual(fromXLSX.count, 3)
    }

    func testProblemsNameTheirCellsAndNothingIsWritten() async throws {
        let db = try await TempDatabase.make()
        defer { db.remove() }
        let before = try await db.store.contentDump()
        // Row 2 has a note over two lines (one CSV record on two lines); row 4's value is not a number: column D.
        let data = try XLSXWriter.write([SheetSpec(name: "填报", columns: ["region", "indicator", "year", "value", "note"].map { .init($0) }, rows: [
            [.text("140100"), .text("pm25"), .number(2021), .number(44), .text("第一行\n第二行")],
            [.text("140100"), .text("pm25"), .number(2022), .number(43)],
            [.text("140100"), .text("pm25"), .number(2023), .text("四十")],
        ])])
        let o = try await services(db).importYearly(data, file: "bad.xlsx", framework: "shanxi-2021", dryRun: false, reason: nil)
        XCTAssertEqual(o.problems.map { "\($0.sheet ?? "") \($0.line):\($0.column)" }, ["填报 4:4"])
        XCTAssertTrue(o.problems[0].formatted(.en).hasPrefix("bad.xlsx!填报!D4: "), o.problems[0].formatted(.en))
        // --sheet on a CSV file is refused.
        let csv = try await services(db).importYearly(Data("region,indicator,year,value\n".utf8), file: "a.csv", framework: "shanxi-2021", dryRun: true, reason: nil, sheet: "x")
        XCTAssertEqual(csv.problems.map { $0.formatted(.en) }, ["a.csv:1:1: cannot read the file: --sheet 'x' was given but the file is not an .xlsx workbook"])
        let after = try await db.store.contentDump()
        XCTAssertEqual(before, after)
    }
}
