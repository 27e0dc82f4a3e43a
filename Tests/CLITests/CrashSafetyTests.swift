import EcoAir
import EcoKit
import EcoCore
import EcoStore
import EcoStoreSQLite
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// Crash safety: the built `ecoprov` imports a large yearly file and an hourly air file and is SIGKILLed at random
/// moments — most spread over the run, some aimed at its end, where the commit (yearly) or the run's finish (air)
/// happens. After every kill the database must open, pass SQLite's integrity check, and hold either all of the
/// yearly file or none of it; for the air file, either a finished run with every row or one unfinished run whose
/// recorded row count equals the rows stored. Re-importing after a kill completes.
final class CrashSafetyTests: CLITestCase {
    /// Deterministic kill moments: every third one aimed at 85–102 % of the expected duration (the commit, or the
    /// run's finish), the others spread over 3–85 %. The expected duration starts as the measured one and shrinks to
    /// 97 % of an aimed moment the run finished before, so that a slow first measurement (cold caches on a fresh
    /// clone) does not send the aimed kills past the end.
    private struct Moments {
        var state: UInt64
        var duration: Double
        var n = 0
        mutating func missed(at t: Double) { duration = min(duration, t * 0.97) }
        mutating func next() -> (t: Double, aimed: Bool) {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Double(state >> 11) / Double(1 << 53)
            n += 1
            return n % 3 == 0 ? (duration * (0.85 + 0.17 * u), true) : (duration * (0.03 + 0.82 * u), false)
        }
    }

    /// Kills wanted per import: at least 20 really mid-run, 4 of them aimed at the end; at most 50 tries.
    private let wanted = (killed: 22, aimed: 4, tries: 50)

    /// Starts `ecoprov ARGS --db DB` with its output discarded (or its standard error into `stderr`).
    private func start(_ args: [String], db: String, stderr: Pipe? = nil) throws -> Process {
        let p = Process()
        p.executableURL = executable
        p.arguments = args + ["--db", db]
        p.environment = ["ECOPROV_USER": "kill-test", "PATH": "/usr/bin:/bin"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = stderr ?? FileHandle.nullDevice
        try p.run()
        return p
    }

    /// Starts `ecoprov ARGS --db DB`; kills it with SIGKILL after `after` seconds; true when it was still running.
    private func killed(_ args: [String], db: String, after: Double) throws -> Bool {
        let p = try start(args, db: db)
        Thread.sleep(forTimeInterval: after)
        let running = p.isRunning
        if running { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        return running && p.terminationReason == .uncaughtSignal
    }

    /// Runs to the end and returns the seconds it took (exit 2 is an air import that refused some rows).
    private func timed(_ args: [String], db: String) throws -> Double {
        let begun = Date()
        let p = try start(args, db: db)
        p.waitUntilExit()
        XCTAssertTrue([0, 2].contains(p.terminationStatus), "ecoprov \(args.joined(separator: " ")) exited \(p.terminationStatus)")
        return Date().timeIntervalSince(begun)
    }

    private func copy(_ template: String, to path: String) throws {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        try FileManager.default.copyItem(atPath: template, toPath: path)
    }

    private func count(_ store: SQLiteStore, years: ClosedRange<Int>) async throws -> (values: Int, audit: Int) {
        let values = try await store.observations(ObservationQuery(framework: "shanxi-2021", years: years))
        var audit = 0
        for o in values.prefix(50) {
            audit += try await store.auditTrail(framework: "shanxi-2021", region: o.key.region, indicator: o.key.indicator)
                .filter { years.contains($0.key.year) }.count
        }
        return (values.count, audit)
    }

    func testYearlyImportIsAllOrNothingUnderSIGKILL() async throws {
        try run(["init"])
        try run(["demo"])
        // The demo's 2025 values, copied to 2019 and 2026–2035: about 31,000 new cells in one file.
        let (exported, _) = try run(["export"])
        var lines = exported.replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        let base = lines.filter { $0.split(separator: ",", maxSplits: 3)[2] == "2025" }
        var out = [header]
        for year in [2019] + Array(2026...2035) {
            for line in base {
                let f = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
                out.append("\(f[0]),\(f[1]),\(year),\(f[3])")
            }
        }
        let file = dir.appendingPathComponent("big.csv").path
        try (out.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let rows = out.count - 1
        XCTAssertGreaterThan(rows, 30_000)
        let years = 2026...2035
        let full = base.count * years.count

        let reference = dir.appendingPathComponent("reference.sqlite").path
        try copy(db, to: reference)
        let duration = try timed(["import", file], db: reference)
        let done = try SQLiteStore(path: reference)
        let complete = try await count(done, years: years)
        XCTAssertEqual(complete.values, full)

        var interrupted = 0, aimedKills = 0
        var moments = Moments(state: 17, duration: duration)
        for i in 0..<wanted.tries where interrupted < wanted.killed || aimedKills < wanted.aimed {
            let (t, aimed) = moments.next()
            let target = dir.appendingPathComponent("kill-\(i).sqlite").path
            try copy(db, to: target)
            if try killed(["import", file], db: target, after: t) {
                interrupted += 1
                if aimed { aimedKills += 1 }
            } else if aimed { moments.missed(at: t) }
            let store = try SQLiteStore(path: target)
            let integrity = try await store.integrityCheck()
            XCTAssertEqual(integrity, ["ok"], "kill \(i) at \(t) s")
            let got = try await count(store, years: years)
            XCTAssertTrue(got == (0, 0) || got == complete, "kill \(i) at \(String(format: "%.2f", t)) s left \(got.values) of \(full) values and \(got.audit) audit records: not all or nothing")
        }
        XCTAssertGreaterThanOrEqual(interrupted, 20, "at least 20 imports must really be killed mid-run (duration \(duration) s)")
        XCTAssertGreaterThanOrEqual(aimedKills, wanted.aimed, "kills aimed at the commit")
        // Re-importing into a killed database completes.
        let last = dir.appendingPathComponent("kill-0.sqlite").path
        _ = try timed(["import", file], db: last)
        let again = try await count(try SQLiteStore(path: last), years: years)
        XCTAssertEqual(again.values, full)
    }

    func testAirImportRunIsMarkedUnfinishedUnderSIGKILL() async throws {
        try run(["init"])
        try run(["demo", "air", "--stations", "30", "--year", "2023", "--out", dir.path])
        try run(["air", "stations", "import", dir.appendingPathComponent("stations-2023.csv").path])
        let file = dir.appendingPathComponent("hourly-2023.csv").path
        let hours = CivilDay(year: 2023, month: 1, day: 1).index * 24 + 1...CivilDay(year: 2024, month: 1, day: 1).index * 24

        let reference = dir.appendingPathComponent("reference.sqlite").path
        try copy(db, to: reference)
        let duration = try timed(["air", "import", file], db: reference)
        let done = try SQLiteStore(path: reference)
        let stored = try await done.forEachAirHour(in: hours) { _ in }
        let doneRuns = try await done.airImportRuns()
        XCTAssertEqual(doneRuns.map(\.state), [.finished])
        XCTAssertEqual(doneRuns.first?.rowsWritten, stored)
        XCTAssertGreaterThan(stored, 200_000)

        var interrupted = 0, partial = 0, aimedKills = 0, tried = 0
        var moments = Moments(state: 29, duration: duration)
        for i in 0..<wanted.tries where interrupted < wanted.killed || aimedKills < wanted.aimed {
            let (t, aimed) = moments.next()
            tried += 1
            let target = dir.appendingPathComponent("kill-\(i).sqlite").path
            try copy(db, to: target)
            if try killed(["air", "import", file], db: target, after: t) {
                interrupted += 1
                if aimed { aimedKills += 1 }
            } else if aimed { moments.missed(at: t) }
            let store = try SQLiteStore(path: target)
            let integrity = try await store.integrityCheck()
            XCTAssertEqual(integrity, ["ok"], "kill \(i) at \(t) s")
            let rows = try await store.forEachAirHour(in: hours) { _ in }
            let runs = try await store.airImportRuns()
            let label = "kill \(i) at \(String(format: "%.2f", t)) s: \(rows) rows, runs \(runs.map { "\($0.state.rawValue) \($0.rowsWritten)" })"
            XCTAssertEqual(runs.count, 1, label)
            guard let r = runs.first else { continue }
            XCTAssertEqual(r.rowsWritten, rows, "the run's recorded count must be exactly what is stored — " + label)
            if r.state == .finished {
                XCTAssertEqual(rows, stored, label)
            } else {
                // Killed between its last batch and its finish, a run holds every row and is still unfinished.
                XCTAssertEqual(r.state, .unfinished, label)
                XCTAssertLessThanOrEqual(rows, stored, label)
                partial += 1
            }
        }
        XCTAssertGreaterThanOrEqual(interrupted, 20, "at least 20 imports must really be killed mid-run (duration \(duration) s)")
        XCTAssertGreaterThanOrEqual(aimedKills, wanted.aimed, "kills aimed at the run's finish")
        XCTAssertGreaterThan(partial, 0)
        // A killed database refuses to feed the assessment, then completes on re-import and feeds it.
        guard let index = try await firstUnfinished(count: tried) else { return XCTFail("no kill left an unfinished run") }
        let target = dir.appendingPathComponent("kill-\(index).sqlite").path
        let refused = try runOn(target, ["air", "annual", "--year", "2023"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.err.contains("did not finish"), refused.err)
        _ = try timed(["air", "import", file], db: target)
        let store = try SQLiteStore(path: target)
        let rows = try await store.forEachAirHour(in: hours) { _ in }
        XCTAssertEqual(rows, stored, "re-import completes")
        let runs = try await store.airImportRuns()
        XCTAssertEqual(runs.map(\.state), [.finished, .superseded])
        XCTAssertEqual(try runOn(target, ["air", "annual", "--year", "2023"]).status, 0)
    }

    private func firstUnfinished(count: Int) async throws -> Int? {
        for i in 0..<count {
            let store = try SQLiteStore(path: dir.appendingPathComponent("kill-\(i).sqlite").path)
            if try await !store.openAirImports().isEmpty { return i }
        }
        return nil
    }

    private func runOn(_ path: String, _ args: [String]) throws -> (status: Int32, err: String) {
        let err = Pipe()
        let p = try start(args, db: path, stderr: err)
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }
}
