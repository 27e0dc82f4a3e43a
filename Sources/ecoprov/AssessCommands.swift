import ArgumentParser
import EcoCore
import EcoIngest
import EcoStandards
import EcoStore
import Foundation

func loadEngine(_ store: any EcoStore, framework: String) async throws -> AssessmentEngine {
    guard let engine = try await store.assessmentEngine(framework: framework) else {
        let known = try await store.latestFrameworks().map(\.id).joined(separator: ", ")
        throw UserError("unknown framework '\(framework)' (known: \(known))")
    }
    return engine
}

func checkYear(_ y: Int) throws {
    guard ValueRules.years.contains(y) else { throw UserError("year \(y) is outside \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound)") }
}

/// Output of listing commands: CSV through the one CSV writer, or a terminal table.
enum Show {
    /// A header and rows as CSV, or as a terminal table with an optional title line above it.
    static func rows(_ header: [String], _ rows: [[String]], csv: Bool, title: String? = nil) throws -> String {
        if csv { return try CSVOutput.write(header: header, rows: rows) }
        var t = TextTable(header)
        for r in rows { t.add(r) }
        return (title.map { $0 + "\n" } ?? "") + t.render()
    }
}

struct Assess: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Assess one region in one year: every indicator with its components.")
    @OptionGroup var global: GlobalOptions
    @Option var framework = "shanxi-2021"
    @Option var region: String
    @Option var year: Int
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() async throws {
        try checkYear(year)
        let store = try await global.openStore()
        let engine = try await loadEngine(store, framework: framework)
        let r = try parseRegion(region, in: engine.tree)
        let all = engine.assessAll(year: year)
        guard let a = all.first(where: { $0.region == r.code }) else { throw UserError("\(region) is not a current region") }
        let lang = global.language
        switch format {
        case .json: print(try jsonText(a))
        case .csv, .table:
            let header = ["#", "indicator", lang == .zh ? "指标" : "name", lang == .zh ? "现状值" : "value", lang == .zh ? "目标" : "target",
                          lang == .zh ? "序时值" : "expected", "CSI", lang == .zh ? "预测" : "forecast", lang == .zh ? "展望" : "outlook",
                          lang == .zh ? "年需变化" : "needed/yr", lang == .zh ? "状态" : "status"]
            var rows: [[String]] = []
            for x in a.indicators {
                guard let ind = engine.framework.indicator(x.indicator) else { continue }
                rows.append([String(ind.number), ind.id, ind.name[lang],
                             DisplayFormat.value(x.value, ind) + (x.derivedFromChildren.map { " (Σ\($0))" } ?? ""),
                             "\(x.milestone) \(DisplayFormat.target(x.target, ind))", DisplayFormat.number(x.expected, ind.decimals),
                             DisplayFormat.number(x.csi, 2), DisplayFormat.number(x.forecastValue, ind.decimals), x.outlook?.label[lang] ?? "—",
                             DisplayFormat.number(x.requiredAnnualChange, ind.decimals + 1), x.status.label[lang]])
            }
            print(try Show.rows(header, rows, csv: format == .csv, title: "\(r.code) \(r.name[lang]) · \(year) · \(engine.framework.name[lang])"),
                  terminator: "")
            if format == .csv { return }
            print(lang == .zh
                  ? "综合得分 \(DisplayFormat.number(a.composite, 1))，数据覆盖 \(DisplayFormat.percent(a.coverage))，达标 \(a.attainedCount)/\(a.indicators.count)，同级排名 \(a.rank.map(String.init) ?? "—")\(a.vetoed ? "，一票否决" : "")"
                  : "composite \(DisplayFormat.number(a.composite, 1)), coverage \(DisplayFormat.percent(a.coverage)), attained \(a.attainedCount)/\(a.indicators.count), rank among siblings \(a.rank.map(String.init) ?? "—")\(a.vetoed ? ", vetoed" : "")")
        }
    }
}

struct Rank: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rank cities, or counties (all of the province or those of one city), by composite score.")
    @OptionGroup var global: GlobalOptions
    @Option var framework = "shanxi-2021"
    @Option(help: "city or county") var level: RegionLevel
    @Option(help: "Only the regions under this code (e.g. the counties of one city).") var parent: String?
    @Option var year: Int
    @Option(help: "table, json or csv") var format: OutputFormat = .table

    func run() async throws {
        try checkYear(year)
        let store = try await global.openStore()
        let engine = try await loadEngine(store, framework: framework)
        let parentCode = try parent.map { try parseRegion($0, in: engine.tree).code }
        func scope(_ list: [RegionAssessment]) -> [RegionAssessment] {
            list.filter { a in
                a.level == level && (parentCode == nil || engine.tree.lineage(of: a.region).dropFirst().contains { $0.code == parentCode })
            }
        }
        let table = Ranking.table(current: scope(engine.assessAll(year: year)), previous: scope(engine.assessAll(year: year - 1)))
        let lang = global.language
        if format == .json {
            struct Row: Encodable {
                let rank: Int; let region: String; let name: String; let composite: Double?; let coverage: Double
                let attained: Int; let applicable: Int; let vetoed: Bool; let previousRank: Int?; let rankChange: Int?
            }
            print(try jsonText(table.map { e in
                Row(rank: e.rank, region: e.assessment.region.rawValue, name: engine.tree[e.assessment.region]?.name[lang] ?? "",
                    composite: e.assessment.composite.map { GBT8170Rounding.round($0, decimals: 2) }, coverage: e.assessment.coverage,
                    attained: e.assessment.attainedCount, applicable: e.assessment.indicators.count, vetoed: e.assessment.vetoed,
                    previousRank: e.previousRank, rankChange: e.rankChange)
            }))
            return
        }
        let header = [lang == .zh ? "排名" : "rank", "code", lang == .zh ? "地区" : "region", lang == .zh ? "综合得分" : "composite",
                      lang == .zh ? "覆盖率" : "coverage", lang == .zh ? "达标数" : "attained", lang == .zh ? "名次变化" : "change"]
        let rows = table.map { e -> [String] in
            let a = e.assessment
            let change = e.rankChange.map { $0 > 0 ? "↑\($0)" : $0 < 0 ? "↓\(-$0)" : "–" } ?? "new"
            return [String(e.rank), a.region.rawValue, (engine.tree[a.region]?.name[lang] ?? "") + (a.vetoed ? (lang == .zh ? "（否决）" : " (veto)") : ""),
                    DisplayFormat.number(a.composite, 1), DisplayFormat.percent(a.coverage), "\(a.attainedCount)/\(a.indicators.count)", change]
        }
        print(try Show.rows(header, rows, csv: format == .csv), terminator: "")
    }
}
