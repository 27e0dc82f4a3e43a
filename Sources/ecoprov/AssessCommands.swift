public import ArgumentParser
import EcoAir
import EcoCore
import EcoDemo
import EcoKit
import EcoPresent
import EcoServices
import EcoStoreSQLite
import EcoWeb
import Foundation

/// The assessment engine of the command's framework.
func loadEngine(_ global: GlobalOptions) async throws -> AssessmentEngine {
    try await global.services().engine(framework: global.framework)
}

/// The snapshot of the command's framework in a view: `--view published` assesses the published units only, as the
/// public sees them; `internal` (the default at the console) everything.
func loadSnapshot(_ global: GlobalOptions, view: DataView) async throws -> Snapshot {
    let services = try await global.services()
    guard let s = try await SiteData(store: services.store).snapshot(framework: global.framework, view: view == .published ? .published : .everything) else {
        _ = try await services.engine(framework: global.framework)   // says which frameworks exist
        throw UserError("unknown framework '\(global.framework)'")
    }
    return s
}

extension DataView: ExpressibleByArgument {}

func checkYear(_ y: Int) throws {
    guard ValueRules.years.contains(y) else { throw UserError("year \(y) is outside \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound)") }
}

/// Output of listing commands: CSV through the one CSV writer, or a terminal table.
enum Show {
    /// A header and rows as CSV, or as a terminal table with an optional title line above it.
    static func rows(_ header: [String], _ rows: [[String]], csv: Bool = false, title: String? = nil) throws -> String {
        if csv { return try CSVOutput.write(header: header, rows: rows) }
        var t = TextTable(header)
        for r in rows { t.add(r) }
        return (title.map { $0 + "\n" } ?? "") + t.render()
    }
}

struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Assess one region in one year: every indicator with its components.")
    @OptionGroup var global: GlobalOptions
    @Option var region: String
    @Option var year: Int
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @Option(help: "internal (every value, the default) or published (the public's view)") var view: DataView = .internal

    func run() async throws {
        try checkYear(year)
        let engine = try await loadSnapshot(global, view: view).engine
        let r = try parseRegion(region, in: engine.tree)
        guard let a = ResourceDocuments.assessment(engine, region: r.code, year: year) else { throw UserError("\(region) is not a current region") }
        let lang = global.language
        switch format {
        case .json: print(try JSONDocument.text(ViewLabelled(a, view: view)))
        case .csv, .table:
            let header = ["#", "indicator", lang == .zh ? "指标" : "name", lang == .zh ? "现状值" : "value", lang == .zh ? "目标" : "target",
                          lang == .zh ? "序时值" : "expected", "CSI", lang == .zh ? "预测" : "forecast", lang == .zh ? "展望" : "outlook",
                          lang == .zh ? "年需变化" : "needed/yr", lang == .zh ? "状态" : "status"]
            var rows: [[String]] = []
            for x in a.indicators {
                guard let ind = engine.framework.indicator(x.indicator) else { continue }
                rows.append([String(ind.number), ind.id, ind.name[lang],
                             DisplayFormat.value(x.value, ind) + (x.derivedFromChildren.map { " (Σ\($0))" } ?? ""),
                             "\(x.milestone) \(DisplayFormat.target(x.target, ind))", NumberText.fixed(x.expected, decimals: ind.decimals),
                             NumberText.fixed(x.csi, decimals: 2), NumberText.fixed(x.forecastValue, decimals: ind.decimals), x.outlook?.label[lang] ?? "—",
                             NumberText.fixed(x.requiredAnnualChange, decimals: ind.decimals + 1), x.status.label[lang]])
            }
            print(try Show.rows(header, rows, csv: format == .csv, title: "\(r.code) \(r.name[lang]) · \(year) · \(engine.framework.name[lang])"),
                  terminator: "")
            if format == .csv { return }
            print(lang == .zh
                  ? "综合得分 \(NumberText.fixed(a.composite, decimals: 1))，数据覆盖 \(NumberText.percent(a.coverage))，达标 \(a.attainedCount)/\(a.indicators.count)，同级排名 \(a.rank.map(String.init) ?? "—")\(a.vetoed ? "，一票否决" : "")"
                  : "composite \(NumberText.fixed(a.composite, decimals: 1)), coverage \(NumberText.percent(a.coverage)), attained \(a.attainedCount)/\(a.indicators.count), rank among siblings \(a.rank.map(String.init) ?? "—")\(a.vetoed ? ", vetoed" : "")")
        }
    }
}

struct Rank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank cities, or counties (all of the province or those of one city), by composite score.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "city or county") var level: RegionLevel
    @Option(help: "Only the regions under this code (e.g. the counties of one city).") var parent: String?
    @Option var year: Int
    @Option(help: "table, json or csv") var format: OutputFormat = .table
    @Option(help: "internal (every value, the default) or published (the public's view)") var view: DataView = .internal

    func run() async throws {
        try checkYear(year)
        let engine = try await loadSnapshot(global, view: view).engine
        let scope = RankingScope(level: level, parent: try parent.map { try parseRegion($0, in: engine.tree).code })
        let lang = global.language
        if format == .json {
            print(try JSONDocument.text(ResourceDocuments.ranking(engine, scope: scope, year: year, view: view)))
            return
        }
        let table = engine.rankingTable(scope, year: year)
        let header = [lang == .zh ? "排名" : "rank", "code", lang == .zh ? "地区" : "region", lang == .zh ? "综合得分" : "composite",
                      lang == .zh ? "覆盖率" : "coverage", lang == .zh ? "达标数" : "attained", lang == .zh ? "名次变化" : "change"]
        let rows = table.map { e -> [String] in
            let a = e.assessment
            let change = e.rankChange.map { $0 > 0 ? "↑\($0)" : $0 < 0 ? "↓\(-$0)" : "–" } ?? "new"
            return [e.rank.map(String.init) ?? "—", a.region.rawValue, (engine.tree[a.region]?.name[lang] ?? "") + (a.vetoed ? (lang == .zh ? "（否决）" : " (veto)") : ""),
                    NumberText.fixed(a.composite, decimals: 1) + (a.provisional && format != .csv ? (lang == .zh ? "（暂定）" : " (provisional)") : ""),
                    NumberText.percent(a.coverage), "\(a.attainedCount)/\(a.indicators.count)", change]
        }
        print(try Show.rows(header, rows, csv: format == .csv), terminator: "")
    }
}
