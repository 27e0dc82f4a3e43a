public import ArgumentParser
import EcoAir
import EcoCore
import EcoPresent
import EcoServices
import EcoStoreSQLite
import EcoWeb
import Foundation

struct RegionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "region", abstract: "List, show and edit administrative divisions.",
        subcommands: [List.self, Show.self, Set.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List current divisions.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "province, city or county") var level: RegionLevel?
        @Option(help: "Only the direct children of this code.") var parent: String?
        @Flag(help: "Include retired codes.") var all = false
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            let store = try await global.openStore()
            let tree = RegionTree(try await store.regions())
            let parentCode = try parent.map { try parseRegion($0, in: tree).code }
            let regions = tree.listing(level: level, parent: parentCode, includeRetired: all)
            let lang = global.language
            switch format {
            case .json: print(try JSONDocument.text(ResourceDocuments.regions(tree, level: level, parent: parentCode, includeRetired: all)))
            case .csv, .table:
                var t = TextTable(["code", lang == .zh ? "名称" : "name", "level", "parent", "kind", "valid"])
                for r in regions {
                    t.add([r.code.rawValue, r.name[lang], r.level.rawValue, r.parent?.rawValue ?? "", r.kind,
                           r.validTo.map { "…\($0)" } ?? (r.validFrom.map { "\($0)…" } ?? "")])
                }
                if format == .table {
                    print(t.render(), terminator: "")
                    print(lang == .zh ? "共 \(regions.count) 个" : "\(regions.count) regions")
                } else {
                    print(try CSVOutput.write(header: t.header, rows: t.rows), terminator: "")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one division with its lineage, children and attributes.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "6-digit division code") var code: String
        @Option(help: "table or json") var format: OutputFormat = .table

        func run() async throws {
            let store = try await global.openStore()
            let tree = RegionTree(try await store.regions())
            let r = try parseRegion(code, in: tree)
            let lang = global.language
            if format == .json { print(try JSONDocument.text(RegionJSON(r))); return }
            print("\(r.code)  \(r.name.zh)  \(r.name.en)")
            print("level: \(r.level.rawValue) (\(r.kind))")
            print("lineage: " + tree.lineage(of: r.code).map { "\($0.code) \($0.name[lang])" }.joined(separator: " ← "))
            if let f = r.validFrom { print("valid from: \(f)") }
            if let t = r.validTo { print("retired: \(t)") }
            for key in [RegionAttribute.economicZone, RegionAttribute.terrain] + RegionAttribute.numeric.sorted() {
                let own = r.attributes[key]
                let effective = tree.attribute(key, of: r.code)
                print("\(key): \(own ?? (effective.map { "\($0) (inherited)" } ?? "unknown"))")
            }
            let kids = tree.children(of: r.code, includeRetired: true)
            if !kids.isEmpty {
                print("children (\(kids.filter { $0.validTo == nil }.count) current):")
                for k in kids { print("  \(k.code) \(k.name[lang])\(k.validTo.map { " (retired \($0))" } ?? "")") }
            }
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Edit attributes used by target rules, e.g. `region set 140121 terrain=平原`.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "6-digit division code") var code: String
        @Argument(help: "NAME=VALUE pairs; an empty VALUE clears the attribute.") var assignments: [String]

        func run() async throws {
            let store = try await global.openStore()
            let tree = RegionTree(try await store.regions())
            var r = try parseRegion(code, in: tree)
            for a in assignments {
                let parts = a.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2 else { throw UserError("'\(a)' is not NAME=VALUE") }
                if parts[1].isEmpty {
                    r.attributes[parts[0]] = nil
                } else if let problem = RegionAttributeRules.problem(name: parts[0], value: parts[1]) {
                    throw UserError(problem)
                } else {
                    r.attributes[parts[0]] = parts[1]
                }
            }
            try await store.upsertRegions([r])
            print("\(r.code) \(r.name[global.language]): " + r.attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        }
    }
}

extension RegionLevel: ExpressibleByArgument {}
