import ArgumentParser
import EcoServices
import EcoStore
import EcoStorePostgres
import Foundation

/// `ecoprov store`: moving a database between backends, and the PostgreSQL monitoring partitions.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store",
        abstract: "Move a database between backends; list or detach PostgreSQL monitoring partitions.",
        subcommands: [Copy.self, Partitions.self])

    struct Copy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy every table (regions, frameworks, values with their audit, conditions, outlines, monitoring data) and verify counts and a SHA-256 per table. Safe to run again.")
        @Option(help: "The source: sqlite:PATH (or a path) or postgres://…") var from: String
        @Option(help: "The target: postgres://… (or sqlite:PATH).") var to: String
        @Option(name: .customLong("db-pool"), help: "PostgreSQL connections at most (default 8).") var dbPool: Int?
        @Flag(help: "Print each table's progress.") var verbose = false

        func run() async throws {
            if !PostgresLocation.isPostgres(from) {
                let path = from.hasPrefix("sqlite:") ? String(from.dropFirst("sqlite:".count)) : from
                guard FileManager.default.fileExists(atPath: path) else { throw UserError("--from \(from): no such SQLite file") }
            }
            let source = try GlobalOptions.backend(from, pool: dbPool)
            let target = try GlobalOptions.backend(to, pool: dbPool)
            let started = Date()
            let verbose = self.verbose
            let results: [StoreCopy.TableResult]
            do {
                results = try await StoreCopy.copy(from: source, to: target) { table, n in
                    if verbose { FileHandle.standardError.write(Data("\(table): \(n) rows\n".utf8)) }
                }
            } catch {
                throw UserError("store copy: \(error)")
            }
            let rows = results.map { r in
                [r.table, String(r.sourceRows), String(r.targetRows), String(r.sourceChecksum.prefix(16)), r.matches ? "ok" : "DIFFERENT"]
            }
            var table = TextTable(["table", "source rows", "target rows", "sha256 (first 16)", "verified"])
            rows.forEach { table.add($0) }
            print(table.render())
            let bad = results.filter { !$0.matches }
            print(String(format: "copied %d rows of %d tables in %.1f s", results.map(\.sourceRows).reduce(0, +), results.count,
                         Date().timeIntervalSince(started)))
            if !bad.isEmpty {
                throw UserError("the target differs from the source in \(bad.map(\.table).joined(separator: ", ")): it held other rows before the copy")
            }
        }
    }

    struct Partitions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the monthly partitions of the monitoring tables (PostgreSQL), or detach one for archiving.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Detach this partition (e.g. air_hour_202001): its rows leave every query; archive it with pg_dump -t, then drop it.")
        var detach: String?

        func run() async throws {
            guard let store = try global.backend() as? PostgresStore else {
                throw UserError("partitions exist on PostgreSQL only; --db names a SQLite file (\(global.databaseLabel))")
            }
            try await store.migrate()
            if let detach {
                guard try await store.detachPartition(detach) else { throw UserError("no attached partition named \(detach)") }
                print("detached \(detach): archive it with pg_dump -t \(detach), then DROP TABLE \(detach)")
                return
            }
            let rows = try await store.monitoringPartitions().map { p in
                [p.table, p.name, p.month, p.attached ? "attached" : "detached", p.estimatedRows < 0 ? "?" : String(p.estimatedRows)]
            }
            var table = TextTable(["table", "partition", "month", "state", "rows (estimate)"])
            rows.forEach { table.add($0) }
            print(table.render())
        }
    }
}
