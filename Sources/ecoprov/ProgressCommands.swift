import ArgumentParser
import EcoAir
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import EcoStoreSQLite
import EcoWeb
import Foundation

struct Progress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The yearly series of one indicator for one region, with targets, the expected line and the forecast.")
    @OptionGroup var global: GlobalOptions
    @Option var region: String
    @Option var indicator: String
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @Option(help: "internal (every value, the default) or published (the public's view)") var view: DataView = .internal

    func run() async throws {
        let engine = try await loadSnapshot(global, view: view).engine
        let r = try parseRegion(region, in: engine.tree)
        guard let ind = engine.framework.indicator(indicator) else { throw UserError("indicator '\(indicator)' is not in framework \(global.framework)") }
        guard let series = engine.progressSeries(region: r.code, indicator: ind.id) else {
            throw UserError("indicator \(ind.id) does not apply at \(r.level.rawValue) level")
        }
        let lang = global.language
        if format == .json {
            print(try JSONDocument.text(ResourceDocuments.series(engine, region: r.code, indicator: ind.id, view: view) ?? []))
            return
        }
        let header = [lang == .zh ? "年份" : "year", lang == .zh ? "现状值" : "value", lang == .zh ? "目标" : "target",
                      lang == .zh ? "序时值" : "expected", lang == .zh ? "趋势预测" : "forecast"]
        let rows = series.map { p in
            [String(p.year), DisplayFormat.value(p.value, ind) + (p.derivedFromChildren.map { " (Σ\($0))" } ?? ""),
             "\(p.milestone) \(DisplayFormat.target(p.target, ind))", NumberText.fixed(p.expected, decimals: ind.decimals), NumberText.fixed(p.forecast, decimals: ind.decimals)]
        }
        print(try Show.rows(header, rows, csv: format == .csv, title: format == .csv ? nil : "\(r.code) \(r.name[lang]) · \(ind.name[lang]) (\(ind.unit))"),
              terminator: "")
    }
}

struct ReadinessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "readiness",
        abstract: "The province's readiness to be named: indicators attained, basic conditions met, share of eco-cities.")
    @OptionGroup var global: GlobalOptions
    @Option var year: Int
    @Option(help: "table or json") var format: OutputFormat = .table
    @Option(help: "internal (every value, the default) or published (the public's view)") var view: DataView = .internal

    func run() async throws {
        try checkYear(year)
        let snapshot = try await loadSnapshot(global, view: view)
        let engine = snapshot.engine
        let records = snapshot.conditions.filter { $0.year == year }
        guard let r = engine.readiness(year: year, conditions: records) else {
            throw UserError("framework \(global.framework) has no eco-city rule or the tree has no province")
        }
        let lang = global.language
        if format == .json {
            if let doc = ResourceDocuments.readiness(engine, conditions: records, year: year, view: view) { print(try JSONDocument.text(doc)) }
            return
        }
        let ok = { (b: Bool) in b ? "✔" : "✘" }
        let zh = lang == .zh
        print("\(engine.framework.name[lang]) · \(year)")
        print("\(ok(r.indicatorsPart)) \(zh ? "指标达标" : "indicators attained"): \(r.indicatorsAttained)/\(r.indicatorCount)")
        print("\(ok(r.conditionsPart)) \(zh ? "基本条件满足" : "basic conditions met"): \(r.conditionsMet)/\(r.conditions.count)")
        for c in r.conditions { print("    \(c.condition.number). \(c.condition.name[lang]): \(c.status.label[lang])\(c.evidence.map { " — \($0)" } ?? "")") }
        print("\(ok(r.citiesPart)) \(zh ? "达到生态市指标的地市" : "cities meeting the eco-city rule"): \(r.citiesMeeting)/\(r.cities.count) (\(zh ? "要求" : "required") ≥ \(Int(r.requiredShare * 100))%)")
        for c in r.cities {
            print("    \(c.region) \(engine.tree[c.region]?.name[lang] ?? ""): \(c.attained)/\(c.applicable)\(c.meets ? " ✔" : "")")
        }
        print(r.ready ? (zh ? "具备命名条件" : "ready to be named") : (zh ? "尚不具备命名条件" : "not yet ready to be named"))
    }
}

struct ConditionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "condition",
        abstract: "Record and list basic conditions (基本条件) per region and year.", subcommands: [Set.self, List.self])

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a basic condition as met, notMet or unknown.")
        @OptionGroup var global: GlobalOptions
        @Option var region = "140000"
        @Option var year: Int
        @Option(help: "The condition id (see `framework show`).") var condition: String
        @Option(help: "met, notMet or unknown") var status: String
        @Option(help: "Evidence: document number, report, link.") var evidence: String?
        @Option var reason: String?

        func run() async throws {
            try checkYear(year)
            let services = try await global.services()
            let store = services.store
            let fw = try await services.framework(global.framework)
            guard fw.basicConditions.contains(where: { $0.id == condition }) else {
                throw UserError("condition '\(condition)' is not in framework \(global.framework) (known: \(fw.basicConditions.map(\.id).joined(separator: ", ")))")
            }
            guard let s = ConditionStatus(rawValue: status) else { throw UserError("status must be met, notMet or unknown, got '\(status)'") }
            let r = try parseRegion(region, in: RegionTree(try await store.regions()))
            try await store.setBasicCondition(BasicConditionRecord(framework: fw.id, condition: condition, region: r.code, year: year,
                                                                   status: s, evidence: evidence),
                                              context: services.context(reason: reason))
            print("\(r.code) \(year) \(condition): \(s.label[global.language])")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List recorded basic conditions.")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int?

        func run() async throws {
            let store = try await global.openStore()
            var t = TextTable(["region", "year", "condition", "status", "evidence"])
            for r in try await store.basicConditions(framework: global.framework, year: year) {
                t.add([r.region.rawValue, String(r.year), r.condition, r.status.label[global.language], r.evidence ?? ""])
            }
            print(t.render(), terminator: "")
        }
    }
}
