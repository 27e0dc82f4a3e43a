import ArgumentParser
import EcoHJ212Server
import EcoServices
import EcoSources
import EcoStandards
import EcoPresent
import Foundation
import Logging

/// `ecoprov hj212`: the acquisition server and the device simulator.
struct HJ212Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hj212", abstract:
        "HJ 212 (2005/2017/2025) acquisition: the server data loggers connect to, and a simulator of devices.",
        subcommands: [ServeHJ212.self, Simulate.self])

    /// `ecoprov hj212 serve --port 9212 [--db ...]`.
    struct ServeHJ212: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "serve", abstract:
            "Listen for data loggers: frames checked (length, CRC per device), uploads stored and acknowledged (9014), alarms raised.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var options: HJ212Options
        @Option(help: "The TCP port data loggers connect to.") var port = 9212

        func run() async throws {
            let services = try await global.services()
            try await options.run(services: services, port: port)
        }
    }

    /// `ecoprov hj212 simulate --host H --port P --devices N --interval S [--duration S] [--faults P]`.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Run N registered devices against a server: minute data (hour data each simulated hour), some exceedances, faults at a rate (bad CRC, garbage, split packets, reconnects, wrong password). Exits 1 if an upload was lost.")
        @OptionGroup var global: GlobalOptions
        @Option var host = "127.0.0.1"
        @Option var port = 9212
        @Option(help: "Devices to run (the first N of the registry).") var devices = 10
        @Option(help: "Seconds between a device's uploads (0: as fast as acknowledged).") var interval = 1.0
        @Option(help: "Seconds to run.") var duration = 60.0
        @Option(help: "Share of uploads with a fault, 0–1.") var faults = 0.0
        @Option(help: "Share of uploads above a limit, 0–1.") var exceedances = 0.02
        @Option(help: "First simulated data time (YYYY-MM-DDThh:mm:ss; default: now, to the minute).") var start: String?
        @Option(help: "table or json") var format: OutputFormat = .table

        func run() async throws {
            guard (1...20_000).contains(devices) else { throw UserError("--devices must be 1–20000") }
            guard (0...3600).contains(interval), (0.1...86_400).contains(duration) else { throw UserError("--interval must be 0–3600 and --duration 0.1–86400 seconds") }
            guard (0...1).contains(faults), (0...1).contains(exceedances) else { throw UserError("--faults and --exceedances must be 0–1") }
            let first = try start.map { try SourcesCLI.time($0, end: false, option: "--start") } ?? HJ212Simulator.nowMinute()
            let registry = try await global.services().store.sourceRegistry()
            let sim = HJ212Simulation(host: host, port: port, devices: devices, interval: interval, duration: duration, faults: faults,
                                      exceedances: exceedances, start: first)
            let report: HJ212SimulationReport
            do { report = try await HJ212Simulator.run(sim, registry: registry) } catch let e as SimulatorError { throw UserError(e.message) }
            if format == .json { print(try JSONDocument.text(report)) } else {
                print("devices \(min(devices, registry.devices.count)), \(String(format: "%.1f", report.seconds)) s: \(report.acknowledged) uploads acknowledged, \(report.lost) lost, \(report.framesSent) frames sent (\(report.resends) resends)")
                print("readings \(report.readings); acknowledgement p50 \(String(format: "%.1f", report.p50ms)) ms, p99 \(String(format: "%.1f", report.p99ms)) ms; \(String(format: "%.0f", Double(report.acknowledged) / max(report.seconds, 0.001))) uploads/s")
                if !report.faults.isEmpty { print("faults: " + report.faults.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")) }
                if report.connectFailures > 0 { print("connection failures: \(report.connectFailures)") }
            }
            if report.lost > 0 {
                var e = StandardError()
                print("\(report.lost) upload\(report.lost == 1 ? " was" : "s were") not acknowledged after 3 retries", to: &e)
                throw ExitCode(1)
            }
        }
    }
}

/// The server's options, shared by `hj212 serve` and `serve --hj212-port`.
struct HJ212Options: ParsableArguments {
    @Option(name: .customLong("hj212-host"), help: "Address the HJ 212 server listens on.") var hj212Host = "0.0.0.0"
    @Option(name: .customLong("idle-timeout"), help: "Seconds without data before a connection is closed.") var idleTimeout = 3900
    @Option(name: .customLong("max-segment"), help: "Longest data segment accepted (the standard says 1024; devices send more; at most 9999).") var maxSegment = 9999
    @Option(help: "A sources policy file (JSON) instead of the built-in one.") var policy: String?
    @Option(help: "When to answer an upload: commit (after it is stored, the default) or receipt (after its checks; faster, but a crash before the next commit loses what was answered).") var ack: AckMode = .commit

    enum AckMode: String, ExpressibleByArgument { case commit, receipt }

    func configuration(port: Int) throws -> HJ212ServerConfiguration {
        guard (0...65_535).contains(port) else { throw UserError("the HJ 212 port must be 0–65535") }
        guard (10...86_400).contains(idleTimeout) else { throw UserError("--idle-timeout must be 10–86400 seconds") }
        guard (100...9999).contains(maxSegment) else { throw UserError("--max-segment must be 100–9999") }
        return HJ212ServerConfiguration(host: hj212Host, port: port, idleTimeout: idleTimeout, maxSegment: maxSegment, ackOnReceipt: ack == .receipt)
    }

    /// Runs the server (and its raw-packet purge) until cancelled.
    func run(services: Services, port: Int) async throws {
        let p = try Services.sourcesPolicy(file: policy)
        let config = try configuration(port: port)
        var logger = Logger(label: "ecoprov.hj212")
        logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let ingest = try await SourcesIngest(services: services, policy: p)
        let server = HJ212Server(ingest: ingest, configuration: config, logger: logger)
        // The registry is read again every 10 s (a device imported meanwhile may connect), old raw packets are
        // purged every hour.
        let purge = Task {
            var tick = 0
            while !Task.isCancelled {
                if tick % 360 == 0 { _ = try? await services.store.purgeSourcePackets(before: Date().addingTimeInterval(-Double(p.keepRawDays) * 86_400)) }
                try? await Task.sleep(for: .seconds(10))
                try? await ingest.reload()
                tick += 1
            }
        }
        defer { purge.cancel() }
        // SIGTERM and SIGINT stop listening, then what waits is written before the process ends.
        let running = Task {
            try await server.run { bound in
                print("HJ 212 server listening on \(config.host):\(bound) (\(ingest.index.devices.count) devices registered)")
                fflush(nil)
            }
        }
        let signals = [SIGTERM, SIGINT].map { sig -> DispatchSourceSignal in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { running.cancel() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        try await withTaskCancellationHandler { try await running.value } onCancel: { running.cancel() }
        let (stored, failed) = ingest.counts
        print("HJ 212 server stopped: \(stored) frames stored\(failed > 0 ? ", \(failed) batches failed" : "")")
    }
}
