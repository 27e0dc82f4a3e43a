import ArgumentParser
import EcoAir
import EcoCore
import EcoDemo
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import EcoStoreSQLite
import EcoWeb
import Foundation

struct FrameworkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "framework", abstract: "List, show, export and import indicator frameworks (versioned).",
        subcommands: [List.self, Show.self, Export.self, Import.self, Versions.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The latest version of each framework.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table or json") var format: OutputFormat = .table

        func run() async throws {
            let store = try await global.openStore()
            let fws = try await store.latestFrameworks()
            let lang = global.language
            if format == .json {
                struct Row: Encodable { let id: String; let version: Int; let name: LocalizedText; let indicators: Int; let basicConditions: Int }
                print(try JSONDocument.text(fws.map { Row(id: $0.id, version: $0.version, name: $0.name, indicators: $0.indicators.count,
                                                 basicConditions: $0.basicConditions.count) }))
                return
            }
            var t = TextTable(["id", "version", lang == .zh ? "名称" : "name", lang == .zh ? "指标" : "indicators",
                               lang == .zh ? "基本条件" : "basic conditions", lang == .zh ? "基准年/目标年" : "base/milestones"])
            for f in fws {
                t.add([f.id, String(f.version), f.name[lang], String(f.indicators.count), String(f.basicConditions.count),
                       "\(f.baseYear) → \(f.milestones.map(String.init).joined(separator: ", "))"])
            }
            print(t.render(), terminator: "")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a framework's categories, indicators and basic conditions.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option(help: "A stored version (default: the latest).") var version: Int?
        @Option(help: "table or json") var format: OutputFormat = .table

        func run() async throws {
            let services = try await global.services()
            let store = services.store
            let fw = try await services.framework(id, version: version)
            if format == .json { print(String(decoding: try FrameworkCoding.encode(fw), as: UTF8.self)); return }
            let lang = global.language
            let tree = RegionTree(try await store.regions())
            print("\(fw.id) v\(fw.version)  \(fw.name[lang])")
            if let d = fw.description { print(d[lang]) }
            print("\(lang == .zh ? "来源" : "provenance"): \(fw.provenance.source) [\(fw.provenance.certainty.rawValue)]")
            for cat in fw.categories {
                print("\n\(cat.name[lang])")
                var t = TextTable(["#", "id", lang == .zh ? "指标" : "indicator", lang == .zh ? "单位" : "unit",
                                   lang == .zh ? "属性" : "attribute", lang == .zh ? "层级" : "levels",
                                   "\(lang == .zh ? "省目标" : "province target") \(fw.milestones.map(String.init).joined(separator: "/"))",
                                   lang == .zh ? "可信度" : "certainty"])
                for ind in fw.orderedIndicators where ind.category == cat.id {
                    let targets = fw.milestones.map { m -> String in
                        guard let province = tree.current(level: .province).first,
                              let t = ind.target(for: province.code, milestone: m, in: tree) else { return "—" }
                        return DisplayFormat.target(t.value, ind)
                    }.joined(separator: " / ")
                    t.add([String(ind.number), ind.id, ind.name[lang], ind.unit, ind.attribute.name[lang],
                           ind.levels.map { $0.name[lang] }.joined(separator: ","), targets,
                           ind.provenance.certainty.rawValue + (ind.veto ? " veto" : "")])
                }
                print(t.render(), terminator: "")
            }
            if !fw.basicConditions.isEmpty {
                print("\n\(lang == .zh ? "基本条件" : "Basic conditions")")
                for bc in fw.basicConditions { print("  \(bc.number). \(bc.description[lang]) [\(bc.provenance.certainty.rawValue)]") }
            }
            print("\n\(lang == .zh ? "可信度：A 有出处；B-d 推算；B 重构待核实" : "certainty: A documented; B-d derived; B reconstructed, verify")")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a framework as JSON (the import format).")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option var version: Int?
        @Option(help: "Output file (default: standard output).") var out: String?

        func run() async throws {
            let fw = try await global.services().framework(id, version: version)
            try writeOutput(String(decoding: try FrameworkCoding.encode(fw), as: UTF8.self) + "\n", to: out)
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a framework JSON file and store it as a new version (old versions are kept).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String

        func run() async throws {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch { throw UserError("\(file): cannot read the file") }
            let fw: Framework
            do { fw = try FrameworkCoding.decode(data) } catch { throw UserError("\(file): \(error)") }
            let problems = Services.problems(in: fw)
            if !problems.isEmpty {
                for p in problems { print("\(file): \(p)") }
                throw ExitCode(1)
            }
            let store = try await global.openStore()
            let (stored, isNew) = try await store.saveFramework(fw, actor: global.actor, at: Date())
            print(isNew ? "stored \(stored.id) version \(stored.version) (\(stored.indicators.count) indicators)"
                        : "\(stored.id) is identical to stored version \(stored.version); nothing changed")
        }
    }

    struct Versions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the stored versions of a framework.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String

        func run() async throws {
            let store = try await global.openStore()
            let versions = try await store.frameworkVersions(id: id)
            if versions.isEmpty { throw UserError("unknown framework '\(id)'") }
            var t = TextTable(["version", "imported at", "by", "indicators"])
            for v in versions { t.add([String(v.version), v.importedAt.formatted(.iso8601), v.importedBy, String(v.indicatorCount)]) }
            print(t.render(), terminator: "")
        }
    }
}
