import ArgumentParser
import EcoAir
import EcoCore
import EcoIngest
import EcoServices
import EcoStandards
import EcoStoreSQLite
import EcoWeb
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the dashboard, pages and JSON API (initialises a new database; --demo loads demo data into it).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Flag(help: "Load the synthetic demo data when the database has none yet (and demo accounts when it has no account).") var demo = false
    @Option(name: .customLong("hj212-port"), help: "Also run the HJ 212 acquisition server on this port, in the same process (its counters then appear on /metrics).") var hj212Port: Int?
    @OptionGroup var hj212: HJ212Options
    @Flag(name: .customLong("trust-proxy"), help: "Behind a reverse proxy: read the client's address from X-Forwarded-For and mark the session cookie Secure when X-Forwarded-Proto is https. Only with a proxy that sets those headers.") var trustProxy = false

    func run() async throws {
        let store = try await global.openStore()
        if demo {
            let services = Services(store: store, actor: global.actor)
            try await services.loadServeDemo()
            let names = try await services.loadDemoAccounts()
            if !names.isEmpty {
                print("demo accounts (password \(Services.demoPassword), for a demo database only): " + names.joined(separator: ", "))
                fflush(nil)
            }
        }
        var logger = Logger(label: "ecoprov")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let web = try WebApp(store: store, actor: global.actor, trustProxy: trustProxy)
        let app = Application(router: web.router(metrics: MetricsEndpoint.bootstrap()),
                              configuration: .init(address: .hostname(host, port: port), serverName: "EcoProvince"),
                              logger: logger)
        logger.info("serving", metadata: ["url": "http://\(host):\(port)/", "db": "\(global.databaseLabel)"])
        let warm = Services(store: store, actor: global.actor)
        Task.detached(priority: .background) { await warm.warmMonthlyAirFigures() }
        guard let hj212Port else { try await app.runService(); return }
        let services = Services(store: store, actor: global.actor)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            group.addTask { try await hj212.run(services: services, port: hj212Port) }
            try await group.next()
            group.cancelAll()
        }
    }
}

struct Geo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Region boundaries for the maps.", subcommands: [ImportGeo.self])

    struct ImportGeo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import",
            abstract: "Store outlines from a GeoJSON file, matched to regions by a code property (adcode, code, GB…).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String
        @Option(help: "city or county (default: any level)") var level: RegionLevel?
        @Option(help: "Simplification tolerance in degrees.") var tolerance = 0.002

        func run() async throws {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw UserError("\(file): cannot read the file") }
            let store = try await global.openStore()
            let tree = RegionTree(try await store.regions())
            let result: GeoJSONImport.Result
            do { result = try GeoJSONImport.read(data, file: file, regions: tree, level: level, tolerance: tolerance) } catch {
                throw UserError("\(error)")
            }
            try await store.saveBoundaries(result.boundaries)
            print("stored \(result.boundaries.count) outlines (\(result.pointsBefore) points simplified to \(result.pointsAfter))")
            for u in result.unmatched { print("unmatched: \(u)") }
        }
    }
}
