import EcoAccess
import EcoCore
import EcoDelivery
import EcoDemo
import EcoIngest
import EcoKit
import EcoServices
import EcoSheet
import EcoStoreSQLite
import Foundation
import XCTest

/// Departments, projects and tasks imported from .xlsx workbooks: the same values as from the CSV files they were
/// made from, and problems placed on their cells.
final class DeliveryXLSXTests: XCTestCase {
    var dir: URL!
    var services: Services!
    let now = Date(timeIntervalSince1970: 1_781_496_000)

    override func setUp() async throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("delx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir.appendingPathComponent("t.sqlite").path)
        try await store.migrate()
        _ = try await Bootstrap.initialize(store, actor: "test", at: now)
        let clock = now
        services = Services(store: store, actor: "test", clock: { clock })
    }

    override func tearDown() async throws { try? FileManager.default.removeItem(at: dir) }

    var sheng: Account { Account(name: "sheng", role: .provinceReviewer, region: RegionCode("140000")!, passwordHash: "x", createdAt: now) }

    /// A CSV text (no quoted fields) as a workbook typed the way a person fills one in: division codes as text,
    /// figures as numbers with their decimals, days as date cells, true/false as booleans — on a second sheet, the
    /// first being a note.
    func workbook(_ csv: String, sheet: String) throws -> Data {
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        let rows: [[SheetSpec.Cell]] = lines.dropFirst().map { fields in
            fields.enumerated().map { i, f -> SheetSpec.Cell in
                if f.isEmpty { return .empty }
                if header[i] == "region" { return .text(f) }
                if f == "true" || f == "false" { return .bool(f == "true") }
                if f.count == 10, let day = CivilDay(f) { return .date(day) }
                if let d = Double(f), f.range(of: #"^-?\d+(\.\d+)?$"#, options: .regularExpression) != nil {
                    return .fixed(d, decimals: f.split(separator: ".").dropFirst().first?.count ?? 0)
                }
                return .text(f)
            }
        }
        return try XLSXWriter.write([SheetSpec(name: "说明", columns: [.init("说明")], rows: [[.text("数据在下一个工作表")]]),
                                     SheetSpec(name: sheet, columns: header.map { .init($0) }, rows: rows)])
    }

    func testDemoFilesImportAlikeFromXLSX() async throws {
        let tree = try await services.tree()
        let programmes = try await services.programmes()
        let texts = DeliveryDemo.texts(seed: 7, today: services.today, tree: tree, programmes: programmes)
        let deps = texts["departments.csv"]!, projects = texts["projects.csv"]!, tasks = texts["tasks.csv"]!
        let d = try await services.importDepartments(try workbook(deps, sheet: "部门"), file: "d.xlsx", account: sheng, sheet: "部门")
        XCTAssertEqual(d, 18)
        let p = try await services.importProjects(try workbook(projects, sheet: "项目"), file: "p.xlsx", account: sheng, sheet: "项目")
        let t = try await services.importTasks(try workbook(tasks, sheet: "任务"), file: "t.xlsx", account: sheng, sheet: "任务")
        XCTAssertEqual(p, 22)
        XCTAssertEqual(t, 50)
        // The same values as the CSV readers give on the CSV texts.
        let ids = Set(try await services.departments().map(\.id))
        let fromCSV = DeliveryCSV.readProjects(Data(projects.utf8), file: "p.csv", tree: tree, programmes: Set(programmes.map(\.id)), departments: ids)
        XCTAssertEqual(fromCSV.problems, [])
        let stored = try await services.projects().sorted { $0.id < $1.id }
        XCTAssertEqual(stored, fromCSV.value.sorted { $0.id < $1.id })
        let tasksCSV = DeliveryCSV.readTasks(Data(tasks.utf8), file: "t.csv", tree: tree, departments: ids)
        let storedTasks = try await services.tasks().sorted { $0.id < $1.id }
        XCTAssertEqual(storedTasks, tasksCSV.value.sorted { $0.id < $1.id })
    }

    func testProblemsNameTheirCells() async throws {
        let tree = try await services.tree()
        let programmes = try await services.programmes()
        let texts = DeliveryDemo.texts(seed: 7, today: services.today, tree: tree, programmes: programmes)
        _ = try await services.importDepartments(Data(texts["departments.csv"]!.utf8), file: "d.csv", account: sheng)
        // Row 3 of the sheet (the second project) gets a negative planned investment, column F.
        var lines = texts["projects.csv"]!.split(separator: "\n").map(String.init)
        var fields = lines[2].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[5] = "-5"
        lines[2] = fields.joined(separator: ",")
        let bad = try workbook(lines.joined(separator: "\n"), sheet: "项目")
        await XCTAssertThrowsErrorAsync(try await self.services.importProjects(bad, file: "p.xlsx", account: self.sheng, sheet: "项目")) { e in
            XCTAssertEqual((e as? FileRefused)?.problems.map(\.description), ["p.xlsx!项目!F3: investment_planned -5 is outside 0 to 1000000000 万元"])
        }
        // The first sheet is the note: its header is not a project header.
        await XCTAssertThrowsErrorAsync(try await self.services.importProjects(bad, file: "p.xlsx", account: self.sheng)) { e in
            XCTAssertTrue((e as? FileRefused)?.problems.first?.description.hasPrefix("p.xlsx!说明!A1: ") == true, "\(e)")
        }
        await XCTAssertThrowsErrorAsync(try await self.services.importProjects(bad, file: "p.xlsx", account: self.sheng, sheet: "无")) { e in
            XCTAssertEqual((e as? FileRefused)?.problems.map(\.description), ["p.xlsx:1:1: the workbook has no sheet named '无' (its sheets: 说明, 项目)"])
        }
        let stored = try await services.projects()
        XCTAssertEqual(stored, [], "nothing was imported")
    }
}
