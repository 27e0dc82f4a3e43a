import EcoAccess
import EcoServices
import EcoStoreSQLite
import Foundation
import GRDB
import XCTest

/// The workflow and audit commands: a county's figures submitted, approved and published from the console, the grid
/// showing it, and `audit verify` passing — then failing once a record is edited outside the program (with the
/// sqlite3 shell when the machine has one, else the same SQL through GRDB) or the last one deleted.
final class WorkflowCommandsTests: CLITestCase {
    func testTheWorkflowFromTheConsoleAndAnEditedAuditRecordIsFound() async throws {
        try run(["init"])
        let store = try SQLiteStore(path: db)
        let services = Services(store: store, actor: "setup")
        for (name, role, region) in [("gj", Role.countyReporter, "140181"), ("ty", .cityReviewer, "140100"), ("sx", .provinceReviewer, "140000")] {
            _ = try await services.addUser(name, role: role, region: region, password: "console-password")
        }
        let csv = dir.appendingPathComponent("gj.csv")
        try "region,indicator,year,value\n140181,forest_cover,2025,31.5\n140181,pm25,2025,38\n".write(to: csv, atomically: true, encoding: .utf8)
        try run(["import", csv.path])
        XCTAssertTrue(try run(["workflow", "status", "--year", "2025", "--format", "csv"]).out.contains("140181,古交市,draft"))
        // The wrong account is refused with its reason; the right ones move the unit on.
        XCTAssertTrue(try run(["workflow", "approve", "140181", "--year", "2025", "--user", "gj"], expectExit: 1).err.contains("may not approve"))
        try run(["workflow", "submit", "140181", "--year", "2025", "--user", "gj"])
        try run(["workflow", "approve", "140181", "--year", "2025", "--user", "ty"])
        try run(["workflow", "publish", "140181", "--year", "2025", "--user", "sx"])
        let status = try run(["workflow", "status", "--year", "2025", "--format", "json"]).out
        XCTAssertTrue(status.contains(#""status" : "published""#) || status.contains(#""status":"published""#), status)
        // Locked: the console's own import of the unit is refused, naming the cell.
        try "region,indicator,year,value\n140181,pm25,2025,30\n".write(to: csv, atomically: true, encoding: .utf8)
        XCTAssertTrue(try run(["import", csv.path], expectExit: 1).err.contains("140181 pm25 2025"))
        let history = try run(["history", "--region", "140181", "--indicator", "workflow"]).out
        XCTAssertTrue(history.contains("gj") && history.contains("ty") && history.contains("sx") && history.contains("published"), history)
        XCTAssertTrue(try run(["audit", "verify"]).out.contains("chained records intact"))

        // Edited outside the program: the record no longer matches its hash.
        let edited = dir.appendingPathComponent("edited.sqlite").path
        try copyDatabase(to: edited)
        try sql(edited, "DROP TRIGGER audit_no_update; UPDATE audit SET new_value = '25' WHERE indicator_id = 'pm25' AND region_code = '140181';")
        let bad = try run(["audit", "verify", "--db", edited], expectExit: 1, database: false).out
        XCTAssertTrue(bad.contains("does not match its hash: it was edited"), bad)
        // The last record deleted: the chain is shorter than its head.
        let cut = dir.appendingPathComponent("cut.sqlite").path
        try copyDatabase(to: cut)
        try sql(cut, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = (SELECT max(id) FROM audit);")
        XCTAssertTrue(try run(["audit", "verify", "--db", cut], expectExit: 1, database: false).out.contains("records were deleted from the end"))
    }

    /// A copy of the test's database with its write-ahead log.
    private func copyDatabase(to path: String) throws {
        for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: db + suffix) {
            try FileManager.default.copyItem(atPath: db + suffix, toPath: path + suffix)
        }
    }

    /// Runs SQL on a database file with the sqlite3 shell, or GRDB when the machine has no shell.
    private func sql(_ path: String, _ statements: String) throws {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            p.arguments = [path, statements]
            try p.run()
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "sqlite3 \(statements)")
        } else {
            let q = try DatabaseQueue(path: path)
            try q.write { try $0.execute(sql: statements) }
        }
    }
}
