import ArgumentParser
import EcoAir
import EcoCore
import EcoDemo
import EcoIngest
import EcoKit
import EcoServices
import EcoStore
import EcoStorePostgres
import EcoStoreSQLite
import Foundation

@main
struct EcoProv: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ecoprov",
        abstract: "EcoProvince 生态省建设管理平台 — indicators, assessment and data for an eco-province programme.",
        subcommands: [Init.self, RegionCommand.self, FrameworkCommand.self, Template.self, Import.self, Export.self,
                      History.self, Demo.self, Assess.self, Rank.self, Progress.self, ReadinessCommand.self,
                      ConditionCommand.self, Serve.self, Geo.self, AQICommand.self, Air.self, Water.self, StoreCommand.self, UserCommand.self, TokenCommand.self,
                      WorkflowCommand.self, AuditCommand.self, SourcesCommand.self, HJ212Command.self, Carbon.self, GEP.self, Protected.self,
                      ProjectCommand.self, DepartmentCommand.self, TaskCommand.self, CaseCommand.self, RankMonthly.self, AccountabilityCommand.self,
                      RewardPenaltyCommand.self, DeliveryCommand.self, CreditCommand.self, RiskCommand.self])
}

/// Options every command shares: where the database is, who is acting, which language to print.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "SQLite database file, or postgres://USER@HOST:PORT/DB[?sslmode=require] (default: $ECOPROV_DB or ./ecoprov.sqlite).")
    var db: String?

    @Option(name: .customLong("db-pool"), help: "PostgreSQL connections at most, 1…500 (default: $ECOPROV_DB_POOL or 8).")
    var dbPool: Int?

    @Option(name: .long, help: "Who is making changes, for the audit trail (default: $ECOPROV_USER or $USER).")
    var user: String?

    @Option(name: .long, help: "Language of messages and names: zh or en (default: $ECOPROV_LANG, else zh).")
    var lang: String?

    @Option(name: .long, help: "Indicator framework (default: \(Services.defaultFramework)).")
    var framework: String = Services.defaultFramework

    var language: Language { Language(tag: lang ?? ProcessInfo.processInfo.environment["ECOPROV_LANG"]) }

    var actor: String {
        let env = ProcessInfo.processInfo.environment
        return user ?? env["ECOPROV_USER"] ?? env["USER"] ?? "cli"
    }

    var databasePath: String { db ?? ProcessInfo.processInfo.environment["ECOPROV_DB"] ?? "ecoprov.sqlite" }

    /// The database for messages (a PostgreSQL URL without its password).
    var databaseLabel: String { (try? PostgresLocation(url: databasePath).description) ?? databasePath }

    /// The backend the database names, not yet migrated: PostgreSQL for a postgres:// URL, else a SQLite file.
    func backend() throws -> any ServiceStore & StoreTransfer {
        try Self.backend(databasePath, pool: dbPool)
    }

    /// The backend of a database text (`sqlite:PATH`, a path, or a postgres:// URL).
    static func backend(_ text: String, pool: Int?) throws -> any ServiceStore & StoreTransfer {
        if PostgresLocation.isPostgres(text) {
            let size = pool ?? ProcessInfo.processInfo.environment["ECOPROV_DB_POOL"].flatMap(Int.init) ?? 8
            do { return try PostgresStore(url: text, poolSize: size) } catch { throw UserError("\(error)") }
        }
        return try SQLiteStore(path: text.hasPrefix("sqlite:") ? String(text.dropFirst("sqlite:".count)) : text)
    }

    /// Opens the database, migrates it forward, and loads the built-in data into a new one.
    func openStore() async throws -> any ServiceStore & StoreTransfer {
        let store = try backend()
        try await Bootstrap.prepare(store, actor: actor, at: Date())
        return store
    }

    /// The use cases over the opened store, acting as `actor`.
    func services() async throws -> Services {
        Services(store: try await openStore(), actor: actor)
    }
}

/// Output formats of listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}

/// An error already explained to the user: print the message and exit non-zero, without a stack of context.
struct UserError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

extension LocalizedText {
    func callAsFunction(_ lang: Language) -> String { self[lang] }
}

/// The region of a code typed on the command line.
func parseRegion(_ text: String, in tree: RegionTree) throws -> Region {
    try tree.region(typed: text)
}

func writeOutput(_ text: String, to path: String?) throws {
    if let path {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw UserError("cannot write '\(path)': \(error.localizedDescription)")
        }
    } else {
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }
}
