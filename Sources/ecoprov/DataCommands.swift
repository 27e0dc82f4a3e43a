import ArgumentParser
import EcoAir
import EcoCore
import EcoDemo
import EcoIngest
import EcoPresent
import EcoServices
import EcoStore
import EcoStoreSQLite
import EcoWeb
import Foundation

struct Template: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a fill-in CSV for one level (optionally one city or county), with last year's values.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "province, city or county") var level: RegionLevel
    @Option(help: "Only regions under (or equal to) this code.") var parent: String?
    @Option(help: "The year to report (default: last year).") var year: Int?
    @Option(help: "utf8 (default) or gb18030 (for Excel on Chinese Windows).") var encoding = "utf8"
    @Option(help: "Output file (default: standard output).") var out: String?

    func run() async throws {
        let services = try await global.services()
        let store = services.store
        let fw = try await services.framework(global.framework)
        let tree = try await services.tree()
        let parentCode = try parent.map { try parseRegion($0, in: tree).code }
        let y = year ?? (Calendar(identifier: .gregorian).component(.year, from: Date()) - 1)
        guard ValueRules.years.contains(y) else { throw UserError("year \(y) is outside \(ValueRules.years)") }
        var previous: [ObservationKey: ObservationValue] = [:]
        for o in try await store.observations(ObservationQuery(framework: fw.id, years: (y - 1)...(y - 1))) { previous[o.key] = o.value }
        let csv = try CSVOutput.template(framework: fw, regions: tree, level: level, parent: parentCode, year: y,
                                         previous: previous, lang: global.language)
        switch encoding.lowercased() {
        case "utf8", "utf-8": try writeOutput(csv, to: out)
        case "gb18030", "gbk":
            guard let out else { throw UserError("--encoding gb18030 needs --out FILE") }
            // GB18030 is what Excel on Chinese Windows expects without a BOM: the UTF-8 BOM is left out.
            guard let data = TextDecoding.encodeGB18030(String(csv.drop { $0 == "\u{FEFF}" })) else {
                throw UserError("cannot encode the template as GB18030")
            }
            try data.write(to: URL(fileURLWithPath: out))
        default: throw UserError("--encoding must be utf8 or gb18030, got '\(encoding)'")
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a CSV or XLSX file of yearly figures and apply it in one transaction; any bad row applies nothing.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "CSV file (region,indicator,year,value[,source][,note]) or an .xlsx workbook with those columns") var file: String
    @Option(help: "The sheet of an .xlsx workbook to read (default: the first).") var sheet: String?
    @Flag(help: "Validate and report what would change, write nothing.") var dryRun = false
    @Option(help: "Why the values change (kept in the audit trail).") var reason: String?

    func run() async throws {
        let lang = global.language
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
            throw UserError("\(file):1:1: \(lang == .zh ? "无法读取文件" : "cannot read the file")")
        }
        let o = try await global.services().importYearly(data, file: file, framework: global.framework, dryRun: dryRun, reason: reason, sheet: sheet)
        if !o.problems.isEmpty {
            var stderr = StandardError()
            for p in o.problems { print(p.formatted(lang), to: &stderr) }
            print(lang == .zh ? "\(file)：发现 \(o.problems.count) 个问题，未导入任何数据" : "\(file): \(o.problems.count) problems; nothing was imported",
                  to: &stderr)
            throw ExitCode(1)
        }
        if dryRun {
            print(lang == .zh ? "试运行：\(o.valid) 行有效（新增 \(o.new)，修改 \(o.changed)），未写入"
                              : "dry run: \(o.valid) valid rows (\(o.new) new, \(o.changed) changed values); nothing written")
            return
        }
        let s = o.summary
        let from = o.sheet.map { lang == .zh ? "工作表 \($0)" : "sheet \($0)" } ?? o.encoding?.rawValue ?? ""
        print(lang == .zh ? "已导入 \(o.valid) 行（\(from)）：新增 \(s.inserted)，更新 \(s.updated)，未变 \(s.unchanged)"
                          : "imported \(o.valid) rows (\(from)): \(s.inserted) new, \(s.updated) updated, \(s.unchanged) unchanged")
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write all values of a framework (CSV imports back unchanged).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "csv or json") var format: OutputFormat = .csv
    @Flag(help: "Leave out synthetic demo values.") var realOnly = false
    @Option(help: "Output file (default: standard output).") var out: String?

    func run() async throws {
        let services = try await global.services()
        let fw = try await services.framework(global.framework)
        let obs = try await services.store.observations(ObservationQuery(framework: fw.id, includeSynthetic: !realOnly))
        switch format {
        case .csv, .table: try writeOutput(try CSVOutput.export(obs), to: out)
        case .json: try writeOutput(try JSONDocument.text(ResourceDocuments.export(obs)) + "\n", to: out)
        }
    }
}

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The audit trail of one region and indicator.")
    @OptionGroup var global: GlobalOptions
    @Option var region: String
    @Option var indicator: String
    @Option(help: "table or json") var format: OutputFormat = .table

    func run() async throws {
        let services = try await global.services()
        let store = services.store
        let fw = try await services.framework(global.framework)
        let r = try parseRegion(region, in: try await services.tree())
        guard fw.indicator(indicator) != nil || indicator == AuditRecord.workflowIndicator || indicator.hasPrefix("bc:") else {
            throw UserError("indicator '\(indicator)' is not in framework \(fw.id) (use workflow for the workflow's actions, bc:ID for a basic condition)")
        }
        let trail = try await store.auditTrail(framework: fw.id, region: r.code, indicator: indicator)
        if format == .json {
            struct Row: Encodable { let id: Int64; let at: String; let actor: String; let year: Int; let old: String?; let new: String?; let reason: String?; let source: String?; let address: String?; let userAgent: String?; let seq: Int64?; let hash: String? }
            print(try JSONDocument.text(trail.map { Row(id: $0.id, at: $0.at.formatted(.iso8601), actor: $0.actor, year: $0.key.year,
                                               old: $0.oldValue, new: $0.newValue, reason: $0.reason, source: $0.source,
                                               address: $0.address, userAgent: $0.userAgent, seq: $0.seq, hash: $0.hash) }))
            return
        }
        let zh = global.language == .zh
        var t = TextTable([zh ? "时间" : "when", zh ? "操作人" : "who", zh ? "年份" : "year", zh ? "原值" : "old",
                           zh ? "新值" : "new", zh ? "原因" : "reason", zh ? "来源" : "source", zh ? "地址" : "address"])
        for a in trail {
            t.add([a.at.formatted(.iso8601), a.actor, String(a.key.year), a.oldValue ?? "—", a.newValue ?? "—", a.reason ?? "", a.source ?? "",
                   a.address ?? ""])
        }
        print("\(r.code) \(r.name[global.language]) · \(indicator)")
        print(t.render(), terminator: "")
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Synthetic demo data: indicator values (default) or air monitoring files (`demo air`).",
        subcommands: [DemoIndicators.self, DemoAir.self, DemoWater.self, DemoSources.self, DemoAccounts.self, DemoDelivery.self, DemoCredit.self], defaultSubcommand: DemoIndicators.self)
}

struct DemoIndicators: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "indicators",
        abstract: "Fill every region × applicable indicator × 2020–2025 with synthetic demo data (never over real values).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Seed of the deterministic generator.") var seed: UInt64 = 2021

    func run() async throws {
        let o = try await global.services().loadIndicatorDemo(framework: global.framework, seed: seed)
        let s = o.summary
        print(global.language == .zh
              ? "示例数据（种子 \(seed)）：生成 \(o.generated) 个值，新增 \(s.inserted)，更新 \(s.updated)，未变 \(s.unchanged)，保留真实值 \(s.kept)"
              : "synthetic demo data (seed \(seed)): \(o.generated) values, \(s.inserted) new, \(s.updated) updated, \(s.unchanged) unchanged, \(s.kept) real values kept")
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandle.standardError.write(Data(string.utf8)) }
}
