public import ArgumentParser
import EcoCore
import EcoDemo
import EcoKit
import EcoPresent
public import EcoServices
public import EcoSources
public import EcoStandards
import Foundation

/// `ecoprov sources`: the pollution-source registry, the data received over HJ 212, alarms and transmission rates.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sources", abstract:
        "Pollution sources: registry import, HJ 212 data, exceedance alarms, daily transmission rates (数据传输有效率).",
        subcommands: [Import.self, Devices.self, DataList.self, Alarms.self, AlarmStep.self, Rates.self, Packets.self])

    /// `ecoprov sources import FILE --kind enterprises|outlets|devices|permits|limits`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Import a registry file (all or nothing): enterprises credit_code,name,region,industry; outlets outlet,enterprise,kind,lon,lat; devices mn,password,outlet,enterprise,version[,crc]; permits permit,enterprise,valid_from,valid_to; limits outlet,pollutant,limit,unit,period.")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String
        @Option(help: "enterprises, outlets, devices, permits or limits") var kind: RegistryKind

        func run() async throws {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw UserError("\(file):1:1: cannot read the file") }
            let outcome = try await global.services().importSources(data, file: file, kind: kind)
            if !outcome.problems.isEmpty {
                var e = StandardError()
                for p in outcome.problems.prefix(50) { print(p, to: &e) }
                if outcome.problems.count > 50 { print("… and \(outcome.problems.count - 50) more problems", to: &e) }
                print("\(file): \(outcome.problems.count) problem\(outcome.problems.count == 1 ? "" : "s"); nothing was imported", to: &e)
                throw ExitCode(1)
            }
            print("imported \(outcome.rows) \(kind.rawValue)")
        }
    }

    /// `ecoprov sources data --mn MN [--from --to] [--kind rtd|minute|hour|day] --format json`.
    struct DataList: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "data", abstract:
            "A device's stored values: every pollutant's value (Rtd or Avg), min, max, cumulative amount and flag, by data time.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The device's MN.") var mn: String
        @Option(help: "From this data time (YYYY-MM-DD, YYYY-MM-DDThh:mm:ss or 14 digits; default: all).") var from: String?
        @Option(help: "Up to this data time (a day means its end; default: all).") var to: String?
        @Option(help: "rtd, minute, hour or day (default: all four).") var kind: HJ212DataKind?
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            let lo = try from.map { try SourcesCLI.time($0, end: false, option: "--from") } ?? HJ212Time("19000101000000")!
            let hi = try to.map { try SourcesCLI.time($0, end: true, option: "--to") } ?? HJ212Time("29991231235959")!
            let services = try await global.services()
            var rows: [SourceReading] = []
            for k in kind.map({ [$0] }) ?? HJ212DataKind.allCases { rows += try await services.sourceData(mn: mn, kind: k, from: lo, to: hi) }
            let docs = rows.map(SourceReadingJSON.init)
            if format == .json { print(try JSONDocument.text(docs)); return }
            func n(_ v: Double?) -> String { v.map { NumberText.shortest($0) } ?? "" }
            print(try Show.rows(["mn", "kind", "time", "pollutant", "value", "min", "max", "cou", "flag"],
                                docs.map { [$0.mn, $0.kind, $0.time, $0.pollutant, n($0.value), n($0.min), n($0.max), n($0.cou), $0.flag] }, csv: format == .csv))
        }
    }

    /// `ecoprov sources alarms [--open] --format json`.
    struct Alarms: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Exceedance and over-range alarms, newest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Only alarms not yet closed (open or acknowledged).") var open = false
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            let services = try await global.services()
            let alarms = try await services.store.sourceAlarms(activeOnly: open)
            let names = Dictionary(try await services.store.sourceRegistry().enterprises.map { ($0.creditCode, $0.name) }, uniquingKeysWith: { a, _ in a })
            let docs = alarms.map { SourceAlarmJSON($0, enterpriseName: names[$0.enterprise]) }
            if format == .json { print(try JSONDocument.text(docs)); return }
            print(try Show.rows(["id", "state", "kind", "enterprise", "outlet", "pollutant", "period", "limit", "max", "count", "first", "last"],
                                docs.map { [$0.id, $0.state, $0.kind, $0.enterpriseName, $0.outlet, $0.pollutant, $0.period,
                                            $0.limit.map { NumberText.shortest($0) } ?? "",
                                            NumberText.shortest($0.maxValue), String($0.count), $0.firstAt, $0.lastAt] }, csv: format == .csv))
        }
    }

    /// `ecoprov sources alarm acknowledge|close ID [--note TEXT]`.
    struct AlarmStep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "alarm", abstract: "Acknowledge or close an alarm (who: --user).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "acknowledge or close") var action: AlarmAction
        @Argument(help: "The alarm's id (see sources alarms).") var id: String
        @Option(help: "A note on the handling.") var note: String?

        func run() async throws {
            let services = try await global.services()
            do {
                let a = try await services.updateAlarm(id: id, action: action, note: note, account: nil, actor: global.actor)
                print("alarm \(a.id): \(a.state.rawValue) by \(a.closedBy ?? a.acknowledgedBy ?? global.actor)")
            } catch let e as ServiceError { throw UserError(e.description) }
        }
    }

    /// `ecoprov sources rates --date D --level device|outlet|enterprise|region`.
    struct Rates: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Daily data transmission rates: 传输率 = received ÷ expected, 有效率 = valid ÷ received, 传输有效率 = their product (hourly values, 24 a day; the rule is marked reconstructed, see --policy).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The day, YYYY-MM-DD.") var date: String
        @Option(help: "device, outlet, enterprise or region") var level: RateLevel = .device
        @Option(help: "A sources policy file (JSON) instead of the built-in one.") var policy: String?
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            guard let day = CivilDay(date) else { throw UserError("--date must be a day YYYY-MM-DD, got '\(date.prefix(20))'") }
            let p = try Services.sourcesPolicy(file: policy)
            let services = try await global.services()
            let rates = try await services.sourceRates(date: day, level: level, policy: p)
            let registry = try await services.store.sourceRegistry()
            let tree = try await services.tree()
            let names = SourcesNames(registry, tree: tree, lang: global.language)
            let docs = rates.map { TransmissionRateJSON($0, name: names[$0.id]) }
            if format == .json { print(try JSONDocument.text(docs)); return }
            func pct(_ v: Double?) -> String { v.map { NumberText.fixed($0, decimals: 2) } ?? "" }
            print(try Show.rows(["level", "id", "name", "date", "expected", "received", "valid", "transmission_%", "validity_%", "effective_%"],
                                docs.map { [$0.level, $0.id, $0.name, $0.date, String($0.expected), String($0.received), String($0.valid),
                                            pct($0.transmissionRate), pct($0.validityRate), pct($0.effectiveRate)] }, csv: format == .csv))
        }
    }

    /// `ecoprov sources devices`: the registered data loggers with their connection state (never their passwords).
    struct Devices: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The registered data loggers: enterprise, outlet, protocol, CRC, online or offline, last data.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "A sources policy file (JSON) instead of the built-in one (its offline minutes).") var policy: String?
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            let p = try Services.sourcesPolicy(file: policy)
            let services = try await global.services()
            let registry = try await services.store.sourceRegistry()
            let status = Dictionary(try await services.store.sourceDeviceStatus().map { ($0.mn, $0) }, uniquingKeysWith: { a, _ in a })
            let names = Dictionary(registry.enterprises.map { ($0.creditCode, $0.name) }, uniquingKeysWith: { a, _ in a })
            let now = services.clock().timeIntervalSince1970
            let rows = registry.devices.map { d -> [String] in
                let s = status[d.mn]
                return [d.mn, names[d.enterprise] ?? d.enterprise, d.outlet, String(d.version.year), d.crc.rawValue,
                        s?.isOnline(now: now, policy: p) == true ? "online" : "offline",
                        s?.lastSeen.map { Date(timeIntervalSince1970: $0).formatted(.iso8601) } ?? "", s?.peer ?? ""]
            }
            let header = ["mn", "enterprise", "outlet", "version", "crc", "state", "last_seen", "peer"]
            if format == .json {
                print(try JSONDocument.text(rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }))
                return
            }
            print(try Show.rows(header, rows, csv: format == .csv))
        }
    }

    /// `ecoprov sources packets [--mn MN] [--limit N]`: the raw evidence.
    struct Packets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest raw packets kept as evidence (accepted and refused), newest first.")
        @OptionGroup var global: GlobalOptions
        @Option var mn: String?
        @Option var limit = 50
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            guard (1...10_000).contains(limit) else { throw UserError("--limit must be 1–10000") }
            let packets = try await global.services().store.sourcePackets(mn: mn, limit: limit)
            let rows = packets.map { [$0.receivedAt.formatted(.iso8601), $0.peer, $0.mn ?? "", $0.cn ?? "", $0.outcome, $0.raw.trimmingCharacters(in: .newlines)] }
            if format == .json {
                print(try JSONDocument.text(rows.map { r in ["receivedAt": r[0], "peer": r[1], "mn": r[2], "cn": r[3], "outcome": r[4], "raw": r[5]] }))
                return
            }
            print(try Show.rows(["received_at", "peer", "mn", "cn", "outcome", "raw"], rows, csv: format == .csv))
        }
    }
}

extension RegistryKind: ExpressibleByArgument {}
extension HJ212DataKind: ExpressibleByArgument {}
extension RateLevel: ExpressibleByArgument {}
extension AlarmAction: ExpressibleByArgument {}

/// Helpers of the sources commands.
enum SourcesCLI {
    /// A data time from `YYYY-MM-DD` (its start, or its end for `end`), `YYYY-MM-DD hh:mm:ss`, `…Thh:mm:ss` or 14 digits.
    static func time(_ text: String, end: Bool, option: String) throws -> HJ212Time {
        if let day = CivilDay(text) { return HJ212Time(day: day, seconds: end ? 86_399 : 0) }
        let digits = text.filter(\.isNumber)
        guard digits.count == 14 || digits.count == 12, text.count <= 20, let t = HJ212Time(digits.count == 12 ? digits + "00" : digits) else {
            throw UserError("\(option) must be a day YYYY-MM-DD or a time YYYY-MM-DDThh:mm:ss, got '\(text.prefix(30))'")
        }
        return t
    }
}

/// `ecoprov demo sources --enterprises N --out DIR`.
struct DemoSources: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sources",
        abstract: "Write the five registry files of a synthetic pollution-source set (示例) in the import formats.")
    @OptionGroup var global: GlobalOptions
    @Option var enterprises = 60
    @Option var out: String
    @Option var seed: UInt64 = 212

    func run() async throws {
        guard (1...20_000).contains(enterprises) else { throw UserError("--enterprises must be 1–20000") }
        let store = try await global.openStore()
        let r = SourcesDemo.registry(enterprises: enterprises, seed: seed, tree: RegionTree(try await store.regions()))
        let dir = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (kind, text) in SourcesDemo.files(r) {
            let url = dir.appendingPathComponent("\(kind.rawValue).csv")
            try Data(text.utf8).write(to: url, options: .atomic)
            print("wrote \(url.path)")
        }
        print("\(r.enterprises.count) enterprises, \(r.outlets.count) outlets, \(r.devices.count) devices, \(r.permits.count) permits, \(r.limits.count) limits")
    }
}
