public import ArgumentParser
import EcoAir
import EcoCore
import EcoDemo
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import EcoStandards
import EcoStoreSQLite
import EcoWeb
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension AirStandard: ExpressibleByArgument {}

/// Encodable shape of an AQI result: the keys the issue names (`standard`, `aqi`, `level`, `category`, `primary`, `iaqi`).
struct AQIJSON: Encodable {
    let standard: String
    let aqi: Int?
    let level: Int?
    let category: String?
    let colour: String?
    let primary: [String]
    let overStandard: [String]
    let missing: [String]
    let missingFallback: [String]
    let iaqi: [String: Int]

    init(_ r: AQIResult) {
        standard = r.standard.aqiName
        aqi = r.aqi
        level = r.level?.number
        category = r.level?.category
        colour = r.level?.colour
        primary = r.primary.map(\.display)
        overStandard = r.overStandard.map(\.display)
        missing = r.missing.map(\.display)
        missingFallback = r.missingFallback
        iaqi = r.iaqi
    }

    private enum Keys: String, CodingKey { case standard, aqi, level, category, colour, primary, overStandard, missing, missingFallback, iaqi }
    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(standard, forKey: .standard); try c.encode(aqi, forKey: .aqi); try c.encode(level, forKey: .level)
        try c.encode(category, forKey: .category); try c.encode(colour, forKey: .colour); try c.encode(primary, forKey: .primary)
        try c.encode(overStandard, forKey: .overStandard); try c.encode(missing, forKey: .missing)
        try c.encode(missingFallback, forKey: .missingFallback); try c.encode(iaqi, forKey: .iaqi)
    }
}

struct AQICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "aqi",
        abstract: "AQI calculator (HJ 633): daily by default, real-time with --hourly; the standard follows --date unless forced.")
    @Option(name: .customLong("pm25")) var pm25: String?
    @Option(name: .customLong("pm10")) var pm10: String?
    @Option(name: .customLong("so2")) var so2: String?
    @Option(name: .customLong("no2")) var no2: String?
    @Option(name: .customLong("co")) var co: String?
    @Option(name: .customLong("o3-8h")) var o38h: String?
    @Option(name: .customLong("o3-1h")) var o31h: String?
    @Option(name: .customLong("so2-24h"), help: "With --hourly (2012 rules): the SO2 24 h mean, used when SO2 1 h is above 800.")
    var so224h: String?
    @Option(help: "Date of the data (YYYY-MM-DD); before 2026-03-01 the 2012 rules apply.") var date: String?
    @Option(help: "Force the 2012 or 2026 rules.") var standard: AirStandard?
    @Flag(help: "Real-time (hourly) AQI: the values are 1 h values (2012: PM are 24 h sliding means, O3 8 h sliding).") var hourly = false
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() async throws {
        func v(_ s: String?, _ name: String) throws -> Int64? {
            guard let s else { return nil }
            guard let x = Milli.parse(s), x >= 0 else { throw UserError("--\(name) must be a non-negative number, got '\(s)'") }
            return x
        }
        let std: AirStandard
        if let standard { std = standard } else if let date {
            guard let d = CivilDay(date) else { throw UserError("--date must be YYYY-MM-DD, got '\(date)'") }
            std = AirStandard.inForce(on: d)
        } else {
            let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "Asia/Shanghai") ?? .current, from: Date())
            std = AirStandard.inForce(on: CivilDay(year: c.year ?? 2026, month: c.month ?? 1, day: c.day ?? 1))
        }
        let r: AQIResult
        if hourly {
            r = HJ633.hourly(HourlyConcentrations(so2: try v(so2, "so2"), no2: try v(no2, "no2"), co: try v(co, "co"), o3: try v(o31h, "o3-1h"),
                                                  pm10: try v(pm10, "pm10"), pm25: try v(pm25, "pm25"), o3_8h: try v(o38h, "o3-8h"),
                                                  pm10_24h: try v(pm10, "pm10"), pm25_24h: try v(pm25, "pm25"), so2_24h: try v(so224h, "so2-24h")), standard: std)
        } else {
            r = HJ633.daily(DailyConcentrations(so2: try v(so2, "so2"), no2: try v(no2, "no2"), pm10: try v(pm10, "pm10"), co: try v(co, "co"),
                                                pm25: try v(pm25, "pm25"), o3Max1h: try v(o31h, "o3-1h"), o3MDA8: try v(o38h, "o3-8h")), standard: std)
        }
        let j = AQIJSON(r)
        switch format {
        case .json: print(try JSONDocument.text(j))
        case .csv:
            let keys = j.iaqi.keys.sorted()
            print(try CSVOutput.write(header: ["standard", "aqi", "level", "category", "primary"] + keys.map { "iaqi_\($0)" },
                                      rows: [[j.standard, j.aqi.map(String.init) ?? "NA", j.level.map(String.init) ?? "", j.category ?? "",
                                              j.primary.joined(separator: " ")] + keys.map { String(j.iaqi[$0] ?? 0) }]), terminator: "")
        case .table:
            print("\(j.standard) \(hourly ? "实时报 real-time" : "日报 daily")")
            print("AQI \(j.aqi.map(String.init) ?? "NA")  \(j.category ?? "")  \(j.primary.isEmpty ? "" : "首要污染物 " + j.primary.joined(separator: "、"))")
            for k in j.iaqi.keys.sorted() { print("  IAQI \(k): \(j.iaqi[k] ?? 0)") }
            if !j.missing.isEmpty { print("  missing: \(j.missing.joined(separator: ", "))") }
            for f in j.missingFallback { print("  \(f)" + (f.hasPrefix("SO2") ? " (give --so2-24h)" : " (give --o3-1h)")) }
        }
    }
}

struct Air: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Air quality monitoring: stations, hourly data, daily AQI, annual evaluation.",
        subcommands: [Stations.self, ImportHours.self, Runs.self, Daily.self, Annual.self])

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Hourly import runs, newest first. An unfinished run (killed halfway) leaves its file partly stored; air annual will not feed the assessment until the file is imported again or the run is abandoned.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Declare this unfinished run abandoned (its partial rows stay).") var abandon: Int64?
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            let services = try await global.services()
            if let abandon {
                try await services.abandonAirImport(abandon)
                print("air import run \(abandon) abandoned")
                return
            }
            let runs = try await services.airImportRuns().map(AirImportRunJSON.init)
            if format == .json { print(try JSONDocument.text(runs)); return }
            let header = ["id", "state", "file", "started", "finished", "written", "refused", "superseded_by", "actor"]
            let rows = runs.map { r in
                [String(r.id), r.state, r.file, r.startedAt, r.finishedAt ?? "", String(r.rowsWritten), String(r.rowsRefused),
                 r.supersededBy.map(String.init) ?? "", r.actor]
            }
            print(try Show.rows(header, rows, csv: format == .csv), terminator: "")
        }
    }

    struct Stations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stations.", subcommands: [ImportStations.self])
    }

    struct ImportStations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import", abstract: "Import stations: code,name,region,class,lon,lat[,synthetic].")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String

        func run() async throws {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw UserError("\(file):1:1: cannot read the file") }
            let store = try await global.openStore()
            let (stations, problems) = AirCSV.readStations(data, file: file, regions: RegionTree(try await store.regions()))
            if !problems.isEmpty {
                var e = StandardError()
                for p in problems { print(p, to: &e) }
                print("\(file): \(problems.count) problems; no station was imported", to: &e)
                throw ExitCode(1)
            }
            try await store.upsertAirStations(stations)
            print("imported \(stations.count) stations (\(stations.filter { $0.stationClass == .national }.count) national)")
        }
    }

    struct ImportHours: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import",
            abstract: "Import hourly files: station,time,SO2,NO2,PM10,CO,O3,PM2_5[,flag]; bad rows are listed and counted, good rows kept.")
        @OptionGroup var global: GlobalOptions
        @Argument var files: [String]

        func run() async throws {
            let services = try await global.services()
            let tty = isatty(2) != 0
            var e = StandardError()
            let started = Date()
            let summaries = try await services.importAirHours(paths: files) { path, share in
                if tty { FileHandle.standardError.write(Data("\r\((path as NSString).lastPathComponent) \(String(repeating: "█", count: Int(share * 30)))\(String(repeating: "░", count: 30 - Int(share * 30))) \(Int(share * 100))%".utf8)) }
            }
            if tty { print("", to: &e) }
            var bad = 0
            for (file, s) in zip(files, summaries) {
                // Counts by reason first, then the first 20 refused rows (not 1,000 identical lines).
                if s.bad > 0 {
                    print("\(file): refused rows by reason: " + s.badByReason.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "), to: &e)
                }
                for p in s.problems.prefix(20) { print(p, to: &e) }
                if s.bad > min(20, s.problems.count) { print("\(file): … and \(s.bad - min(20, s.problems.count)) more refused rows", to: &e) }
                print("\(file): \(s.rows) rows, \(s.good) imported (\(s.flagged) flagged invalid), \(s.bad) refused; import run finished")
                bad += s.bad
            }
            print(String(format: "%.1f s", Date().timeIntervalSince(started)))
            if bad > 0 { throw ExitCode(2) }
        }
    }

    struct Daily: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Daily values and AQI of a station, a city (mean of its evaluation stations) or the province (mean of all evaluation stations).")
        @OptionGroup var global: GlobalOptions
        @Option var city: String?
        @Option var station: String?
        @Flag var province = false
        @Option var from: String
        @Option var to: String
        @Option var standard: AirStandard?
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            guard let a = CivilDay(from), let b = CivilDay(to), a <= b else { throw UserError("--from and --to must be dates YYYY-MM-DD with from ≤ to") }
            guard a.year == b.year else { throw UserError("--from and --to must lie in the same year") }
            let store = try await global.openStore()
            let tree = RegionTree(try await store.regions())
            guard [city != nil, station != nil, province].filter({ $0 }).count == 1 else {
                throw UserError("give exactly one of --city CODE, --station CODE or --province")
            }
            let stations = try await store.airStations()
            let members: [Int]
            if let city {
                let c = try parseRegion(city, in: tree)
                guard c.level == .city else { throw UserError("\(city) is not a city") }
                members = EvaluationStations.forCity(c.code, stations: stations, tree: tree)
            } else if let station {
                guard let i = stations.firstIndex(where: { $0.code == station }) else { throw UserError("unknown station '\(station)'") }
                members = [i]
            } else {
                members = tree.current(level: .city).flatMap { EvaluationStations.forCity($0.code, stations: stations, tree: tree) }
            }
            guard !members.isEmpty else { throw UserError("no stations for the region") }
            let data = try await AirAnalysis.loadYear(a.year, store: store, stations: stations)
            let days = AirEvaluation.regionDays(data, stations: members, forcing: standard).filter { $0.day >= a && $0.day <= b }
            func t(_ v: Int64?, _ p: AirPollutant) -> String { v.map { NumberText.fixed(Milli.double($0), decimals: p.reportDecimals) } ?? "NA" }
            let header = ["date", "SO2", "NO2", "PM10", "CO", "PM2.5", "O3_1h", "O3_8h", "AQI", "level", "category", "primary", "standard"]
            let rows = days.map { d in
                [d.day.description, t(d.values.so2, .so2), t(d.values.no2, .no2), t(d.values.pm10, .pm10), t(d.values.co, .co), t(d.values.pm25, .pm25),
                 t(d.values.o3Max1h, .o3), t(d.values.o3MDA8, .o3), d.aqi.aqi.map(String.init) ?? "NA", d.aqi.level.map { String($0.number) } ?? "",
                 d.aqi.level?.category ?? "", d.aqi.primary.map(\.display).joined(separator: " "), d.aqi.standard.rawValue]
            }
            if format == .json {
                print(try JSONDocument.text(rows.map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }))
            } else {
                print(try Show.rows(header, rows, csv: format == .csv), terminator: "")
            }
        }
    }

    struct Annual: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "HJ 663 annual statistics of the cities and the province; writes 优良天数比例, PM2.5 and air quality to the framework.")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int
        @Option(help: "city or province (default: both)") var level: RegionLevel?
        @Option var standard: AirStandard?
        @Flag(help: "Compute and print only; write nothing.") var dryRun = false
        @Option(help: "Evaluate this hourly file directly (parsed in parallel, not stored) instead of the stored hours.")
        var fromFile: String?
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            try checkYear(year)
            let services = try await global.services()
            let run = try await services.evaluateAir(year: year, framework: global.framework, standard: standard, fromFile: fromFile, dryRun: dryRun)
            if !run.unfinishedImports.isEmpty {
                var e = StandardError()
                print("warning: " + Services.describe(open: run.unfinishedImports) + ": these figures come from partial station-hours", to: &e)
            }
            if let fromFile, let summary = run.fileSummary {
                var e = StandardError()
                for p in summary.problems.prefix(20) { print(p, to: &e) }
                if summary.bad > 0 { print("\(fromFile): \(summary.bad) rows refused", to: &e) }
            }
            var results = level == .province ? [] : run.cities
            if level != .city, let province = run.province { results.append(province) }
            try print(AnnualOutput.render(results, rank: run.ranks, tree: try await services.tree(), format: format, lang: global.language))
        }
    }
}

enum AnnualOutput {
    static func render(_ results: [AirAnalysis.RegionResult], rank: [RegionCode: Int], tree: RegionTree, format: OutputFormat, lang: Language) throws -> String {
        let rows = ResourceDocuments.airAnnual(results, ranks: rank, tree: tree, lang: lang)
        if format == .json { return try JSONDocument.text(rows) }
        let header = ["region", "name", "validDays", "goodDays", "goodDayRatio", "heavyDays", "SO2", "NO2", "PM10", "PM2.5", "SO2_P98",
                      "NO2_P98", "PM10_P95", "PM2.5_P95", "CO_P95", "O3_P90", "index", "rank", "attained", "complete"]
        let n = NumberText.shortest as (Double?) -> String
        let table = rows.map { r in
            [r.region, r.name, String(r.validDays), String(r.goodDays), n(r.goodDayRatio), String(r.heavyDays), n(r.so2Annual), n(r.no2Annual),
             n(r.pm10Annual), n(r.pm25Annual), n(r.so2P98), n(r.no2P98), n(r.pm10P95), n(r.pm25P95), n(r.coP95), n(r.o3P90),
             n(r.compositeIndex), r.compositeRank.map(String.init) ?? "", r.attained.map { $0 ? "yes" : "no" } ?? "—", r.incompleteNote == nil ? "yes" : "no"]
        }
        if format == .csv { return try Show.rows(header, table, csv: true) }
        var t = try Show.rows(header, table, csv: false)
        for r in rows { if let note = r.incompleteNote { t += "\(r.region) \(r.name): \(note) — fed into the indicators marked incomplete, not assessed\n" } }
        let hours = results.filter { tree[$0.region]?.level == .city }.reduce(0) { $0 + $1.statistics.stationHours }
        return t + (rows.first.map { "\($0.standard); computed from \(hours) station-hours of the cities' evaluation stations" + (rows.contains { $0.synthetic } ? "; synthetic demo data" : "") } ?? "")
    }
}

struct DemoAir: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "air",
        abstract: "Write a synthetic stations CSV and an hourly CSV in the import format (marked synthetic).")
    @OptionGroup var global: GlobalOptions
    @Option var stations = 300
    @Option var year: Int
    @Option var out: String
    @Option var seed: UInt64 = 2021

    func run() async throws {
        try checkYear(year)
        guard (1...5000).contains(stations) else { throw UserError("--stations must be 1–5000") }
        let store = try await global.openStore()
        let tree = RegionTree(try await store.regions())
        let o = try AirDemo.write(stations: stations, year: year, seed: seed, tree: tree, directory: URL(fileURLWithPath: out))
        print("wrote \(o.stations) stations to \(o.stationsPath)")
        print("wrote \(o.rows) station-hours to \(o.hoursPath)")
    }
}
