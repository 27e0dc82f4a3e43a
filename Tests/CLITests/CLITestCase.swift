import Foundation
import XCTest

/// A test case that runs the built `ecoprov` binary as a user would, on a temporary database of its own.
class CLITestCase: XCTestCase {
    var dir: URL!
    var db: String { dir.appendingPathComponent("cli.sqlite").path }

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: dir)
    }

    /// The test runner sits in the build products folder, next to the `ecoprov` executable.
    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ecoprov")
    }

    /// Runs `ecoprov ARGS --db DB` (without `--db` for a command that has no database, `database: false`), asserts
    /// its exit status, and returns what it printed.
    @discardableResult
    func run(_ args: [String], expectExit: Int32 = 0, database: Bool = true, file: StaticString = #filePath, line: UInt = #line) throws -> (out: String, err: String) {
        let p = Process()
        p.executableURL = executable
        p.arguments = args + (database ? ["--db", db] : [])
        p.environment = ["ECOPROV_USER": "cli-test", "PATH": "/usr/bin:/bin"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let result = (String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
        XCTAssertEqual(p.terminationStatus, expectExit, "ecoprov \(args.joined(separator: " ")): \(result.1)", file: file, line: line)
        return result
    }
}
