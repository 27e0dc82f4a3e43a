import ArgumentParser
import EcoCore
import EcoIngest
import EcoStore
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
    @Flag(help: "Load the synthetic demo data when the database has none yet.") var demo = false

    func run() async throws {
        let store = try await global.openStore()
        if demo, try await store.observations(ObservationQuery(framework: "shanxi-2021", limit: 100_000)).allSatisfy({ !$0.synthetic }) {
            guard let fw = try await store.framework(id: "shanxi-2021", version: nil) else { throw UserError("framework shanxi-2021 is missing") }
            let tree = RegionTree(try await store.regions())
            let published = try await store.observations(ObservationQuery(framework: fw.id, includeSynthetic: false))
            let writes = SyntheticDataset(seed: 2021).generate(framework: fw, regions: tree, published: published)
            _ = try await store.write(writes, policy: .keepReal, context: ChangeContext(actor: global.actor, at: Date(), reason: "demo data, seed 2021"))
        }
        if demo, try await store.airStations().isEmpty {
            try await loadAirDemo(store)
        }
        var logger = Logger(label: "ecoprov")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let web = try WebApp(store: store, actor: global.actor)
        let app = Application(router: web.router(metrics: MetricsEndpoint.bootstrap()),
                              configuration: .init(address: .hostname(host, port: port), serverName: "EcoProvince"),
                              logger: logger)
        logger.info("serving", metadata: ["url": "http://\(host):\(port)/", "db": "\(global.databasePath)"])
        try await app.runService()
    }
}

extension Serve {
    /// One synthetic station per city for 2025, imported and evaluated, so that `/air` and the air indicators show
    /// on the demo too (about a hundred thousand station-hours: a few seconds).
    func loadAirDemo(_ store: SQLiteStore) async throws {
        let tree = RegionTree(try await store.regions())
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-air-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try AirDemo.write(stations: 11, year: 2025, seed: 2021, tree: tree, directory: dir)
        let (stations, _) = AirCSV.readStations(try Data(contentsOf: URL(fileURLWithPath: out.stationsPath)), file: out.stationsPath, regions: tree)
        try await store.upsertAirStations(stations)
        _ = try await AirAnalysis.importHours(paths: [out.hoursPath], store: store)
        let data = try await AirAnalysis.loadYear(2025, store: store, stations: stations)
        let (cities, province) = AirAnalysis.evaluate(data, stations: stations, tree: tree)
        if let fw = try await store.framework(id: "shanxi-2021", version: nil) {
            _ = try await store.write(AirAnalysis.indicatorWrites(cities + (province.map { [$0] } ?? []), framework: fw), policy: .keepReal,
                                      context: ChangeContext(actor: global.actor, at: Date(), reason: "demo air evaluation 2025"))
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
