public import ArgumentParser
import EcoKit
import EcoCore
import EcoPresent
import EcoServices
import EcoWater
import EcoDemo
import EcoIngest
import EcoStandards
import Foundation

/// `ecoprov water`: surface water (GB 3838-2002, 环办〔2011〕22号).
struct Water: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Surface water: GB 3838-2002 classes and the 环办〔2011〕22号 evaluation.",
                                                    subcommands: [WaterClassCommand.self, WaterSections.self, WaterImport.self, WaterEvaluate.self, WaterCompensationCommand.self])
}

/// Reads a file, or says which cannot be read.
func readFile(_ file: String) throws -> Data {
    do { return try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw UserError("\(file):1:1: cannot read the file") }
}

/// Prints a refused file's problems (the first 50, then the count) and exits 1.
func refuse(_ r: FileRefused, file: String) throws -> Never {
    var e = StandardError()
    for p in r.problems.prefix(50) { print(p, to: &e) }
    if r.count > 50 { print("… and \(r.count - 50) more problems", to: &e) }
    print("\(file): \(r.count) problems; nothing was imported", to: &e)
    throw ExitCode(1)
}

/// `ecoprov water sections import FILE`.
struct WaterSections: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sections", abstract: "Monitoring sections.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract:
            "Import sections: code,name,river,basin,city,control,target,water_body,lon,lat[,sub_basin,county,upstream,downstream,synthetic] (by header name; all or nothing).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String

        func run() async throws {
            let services = try await global.services()
            do {
                let sections = try await services.importWaterSections(try readFile(file), file: file)
                print("imported \(sections.count) sections (\(sections.filter { $0.control == .national }.count) 国考)")
            } catch let r as WaterFileRefused { try refuse(r, file: file) }
        }
    }
}

/// `ecoprov water import FILE`.
struct WaterImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract:
        "Import samples: section,date and one column per GB 3838 item (NH3-N, TP, … by key or Chinese name; 0.01L = below the detection limit). All or nothing; a re-import changes nothing.")
    @OptionGroup var global: GlobalOptions
    @Argument var file: String

    func run() async throws {
        let services = try await global.services()
        do {
            let samples = try await services.importWaterSamples(try readFile(file), file: file)
            print("imported \(samples.count) samples of \(Set(samples.map(\.section)).count) sections")
        } catch let r as WaterFileRefused { try refuse(r, file: file) }
    }
}

/// `ecoprov water evaluate --year Y [--level section|city|basin|province]`.
struct WaterEvaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluate", abstract:
        "The 环办〔2011〕22号 evaluation of a year: sections, cities, basins, the province; stores it and feeds the framework's water indicators.")
    enum Level: String, ExpressibleByArgument, CaseIterable { case section, city, basin, province }
    @OptionGroup var global: GlobalOptions
    @Option var year: Int
    @Option(help: "section, city, basin or province") var level: Level = .city
    @Flag(help: "Compute and print only; write nothing.") var dryRun = false
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() async throws {
        try checkYear(year)
        let services = try await global.services()
        let run = try await services.evaluateWater(year: year, framework: global.framework, dryRun: dryRun)
        let tree = try await services.tree()
        let lang = global.language
        let n = { (v: Double?) in v.map { NumberText.fixed($0, decimals: 1) } ?? "—" }
        if level == .section {
            let rows = run.record.sections.filter { $0.month == nil }.map { WaterSectionJSON($0, section: run.sections[$0.section]) }
            if format == .json { print(try JSONDocument.text(rows)); return }
            let header = ["section", "name", "river", "city", "control", "class", "status", "target", "targetMet", "mainItems", "months", "complete"]
            print(try Show.rows(header, rows.map { r in
                [r.section, r.name, r.river, r.city, r.control, r.className ?? "—", r.status ?? "—", r.target ?? "", r.targetMet.map { $0 ? "yes" : "no" } ?? "",
                 r.mainItems.joined(separator: "、"), String(r.months), r.complete ? "yes" : "no"]
            }, csv: format == .csv), terminator: "")
            return
        }
        let wanted: [WaterAggregate] = run.record.aggregates.filter { a in
            switch level {
            case .basin: return a.kind == .basin
            case .city: return a.kind == .region && RegionCode(a.key).flatMap { tree[$0]?.level } == .city
            case .province: return a.kind == .region && RegionCode(a.key).flatMap { tree[$0]?.level } == .province
            case .section: return false
            }
        }
        let rows = wanted.map { WaterAggregateJSON($0, tree: tree, lang: lang) }
        if format == .json { print(try JSONDocument.text(rows)); return }
        let header = ["kind", "key", "name", "sections", "scope", "I", "II", "III", "IV", "V", "worseThanV", "goodShare", "worseThanVShare",
                      "targetMetShare", "rating", "method", "incomplete"]
        let table = try Show.rows(header, rows.map { r in
            [r.kind, r.key, r.name, String(r.sections), r.nationalOnly ? "国考" : "all"] + r.counts.map(String.init)
                + [n(r.shareGood), n(r.shareWorseThanV), n(r.shareTargetMet), r.rating ?? "—", r.method ?? "", String(r.incompleteSections)]
        }, csv: format == .csv)
        print(table, terminator: "")
        if format == .table {
            let samples = run.record.sections.filter { $0.month == nil }.reduce(0) { $0 + $1.samples }
            print("环办〔2011〕22号 over GB 3838-2002; \(run.record.sections.filter { $0.month == nil }.count) sections, \(samples) samples"
                  + (run.written.map { "; fed: \($0.inserted) new, \($0.updated) updated, \($0.kept) kept" } ?? "; dry run, nothing written"))
        }
    }
}

/// `ecoprov water class --item NH3-N --value 1.2 [--water-body lake]`: the GB 3838-2002 class of one value.
struct WaterClassCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "class",
        abstract: "The GB 3838-2002 class of one value (the best class whose limit it meets; 劣Ⅴ beyond class Ⅴ).")
    @Option(help: "Item key or Chinese name: pH, DO, CODMn, COD, BOD5, NH3-N, TP, TN, Cu, Zn, F, Se, As, Hg, Cd, Cr6+, Pb, CN, VP, Oil, LAS, S2-, FC.")
    var item: String
    @Option(help: "The value in mg/L (fecal coliform 个/L, pH none), a plain decimal with at most 6 decimals.") var value: String
    @Option(name: .customLong("water-body"), help: "river, lake or reservoir (TP and TN differ).") var waterBody: WaterBody = .river
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() async throws {
        guard let it = WaterItem(key: item) else {
            throw UserError("--item '\(item.prefix(40))' is not a GB 3838-2002 Table 1 item (" + WaterItem.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let decimals = value.split(separator: ".", maxSplits: 1).dropFirst().first?.count ?? 0
        guard case .success = StrictDecimal.parse(value), decimals <= WaterValue.places,
              let v = FixedDecimal.parse(value, places: WaterValue.places), v >= 0, v <= 1_000_000 * WaterValue.scale else {
            throw UserError("--value must be a plain non-negative decimal up to 1000000 with at most \(WaterValue.places) decimals, got '\(value.prefix(40))'")
        }
        guard let c = GB3838.itemClass(it, v, body: waterBody) else {
            throw UserError("\(it.rawValue) is not evaluated for a \(waterBody.rawValue) (GB 3838-2002: total nitrogen applies to lakes and reservoirs)")
        }
        let over = GB3838.exceedanceMultiple(it, v, over: .III, body: waterBody)
        let limits = it == .pH ? ["6–9", "6–9", "6–9", "6–9", "6–9"] : (GB3838.limits(it, body: waterBody) ?? []).map(WaterValue.text)
        let row: [String: String] = ["item": it.rawValue, "name": it.name, "value": WaterValue.text(v), "unit": it.unit,
                                     "waterBody": waterBody.rawValue, "class": c.nameEn, "className": c.name, "status": c.status.name,
                                     "overIII": over.map { NumberText.fixed(GBT8170Rounding.round($0, decimals: 2), decimals: 2) } ?? "",
                                     "limits": limits.joined(separator: " / ")]
        switch format {
        case .json: print(try JSONDocument.text(row))
        case .csv:
            let keys = ["item", "value", "unit", "waterBody", "class", "className", "status", "overIII"]
            print(try CSVOutput.write(header: keys, rows: [keys.map { row[$0] ?? "" }]), terminator: "")
        case .table:
            print("\(it.name) \(it.rawValue) \(WaterValue.text(v)) \(it.unit) (\(waterBody.rawValue)): \(c.name) \(c.status.name)"
                  + (over.map { "，超Ⅲ类 \(NumberText.fixed(GBT8170Rounding.round($0, decimals: 2), decimals: 2)) 倍" } ?? ""))
            print("GB 3838-2002 Ⅰ–Ⅴ类 limits: \(row["limits"] ?? "")" + (it == .DO ? " (≥)" : it == .pH ? "" : " (≤)"))
        }
    }
}

extension WaterBody: ExpressibleByArgument {}

/// `ecoprov demo water --sections N --years 2020-2025 --out DIR`.
struct DemoWater: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "water",
        abstract: "Write a synthetic sections CSV and a samples CSV in the import formats (marked synthetic).")
    @OptionGroup var global: GlobalOptions
    @Option var sections = 100
    @Option(help: "FIRST-LAST, e.g. 2020-2025") var years = "2020-2025"
    @Option var out: String
    @Option var seed: UInt64 = 2021

    func run() async throws {
        guard (1...5000).contains(sections) else { throw UserError("--sections must be 1–5000") }
        let parts = years.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 || parts.count == 1, let first = parts.first, let last = parts.last, first <= last,
              ValueRules.years.contains(first), ValueRules.years.contains(last) else {
            throw UserError("--years must be FIRST-LAST within \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound), got '\(years.prefix(40))'")
        }
        let store = try await global.openStore()
        let tree = RegionTree(try await store.regions())
        let o = try WaterDemo.write(sections: sections, years: first...last, seed: seed, tree: tree, directory: URL(fileURLWithPath: out))
        print("wrote \(o.sections) sections to \(o.sectionsPath)")
        print("wrote \(o.samples) samples to \(o.samplesPath)")
    }
}

/// `ecoprov water compensation --year Y [--month M] [--scheme ID | --scheme-file FILE]`.
struct WaterCompensationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "compensation", abstract:
        "Cross-boundary eco-compensation of a year: per section and per city the amounts (万元, + received / − paid) with the arithmetic behind each.")
    @OptionGroup var global: GlobalOptions
    @Option var year: Int
    @Option(help: "Only this month (1–12); annual amounts are shown with every month.") var month: Int?
    @Option(help: "A built-in scheme: shanxi-vertical-2013 (default) or yellow-river-yjs-2025.") var scheme = "shanxi-vertical-2013"
    @Option(name: .customLong("scheme-file"), help: "A scheme file of your own (JSON in the built-in schemes' format) instead.") var schemeFile: String?
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() async throws {
        try checkYear(year)
        if let month, !(1...12).contains(month) { throw UserError("--month must be 1–12, got \(month)") }
        let s = try schemeFile.map { try BuiltinData.compensationScheme(try readFile($0), file: $0) } ?? Services.compensationScheme(scheme)
        let services = try await global.services()
        let tree = try await services.tree()
        let lines = try await services.waterCompensation(year: year, scheme: s).filter { month == nil || $0.month == nil || $0.month == month }
        let name = { (c: RegionCode) in tree[c]?.name[global.language] ?? c.rawValue }
        if format == .json {
            print(try JSONDocument.text(lines.map { CompensationLineJSON($0, tree: tree, lang: global.language) }))
            return
        }
        let rows = lines.map { l in
            [l.section, l.region.rawValue, name(l.region), l.month.map(String.init) ?? "year", l.kind, NumberText.shortest(l.amount), l.arithmetic + (l.reconstructed ? " [B]" : "")]
        }
        print(try Show.rows(["section", "region", "name", "month", "kind", "amount_wan", "arithmetic"], rows, csv: format == .csv,
                            title: format == .table ? "\(s.name[global.language]) v\(s.version) · \(year)" + (month.map { "-\($0)" } ?? "") : nil), terminator: "")
        guard format == .table else { return }
        var totals: [RegionCode: Double] = [:]
        for l in lines { totals[l.region, default: 0] += l.amount }
        print("\nper region (万元):")
        for (r, v) in totals.sorted(by: { $0.key < $1.key }) { print("  \(r.rawValue) \(name(r)): \(NumberText.shortest(GBT8170Rounding.round(v, decimals: 2)))") }
        if lines.contains(where: \.reconstructed) { print("[B] = a value of the scheme marked reconstructed — verify it in the scheme file") }
    }
}
