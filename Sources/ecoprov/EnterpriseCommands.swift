import ArgumentParser
import EcoCore
import EcoDemo
import EcoEnterprise
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation

/// `ecoprov credit`: enterprise environmental credit (issue #17): schemes, penalty imports, yearly ratings.
struct CreditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credit", abstract: "Enterprise environmental credit: schemes, penalty decisions, ratings with every deduction traced.",
                                                    subcommands: [Schemes.self, ImportPenalties.self, Rate.self])

    struct Schemes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The credit schemes in force as JSON: grades and cut-offs, deductions, weights, one-vote items, each value with its certainty and source.")
        @OptionGroup var global: GlobalOptions
        func run() async throws { print(try JSONDocument.text(try await global.services().creditSchemes())) }
    }

    struct ImportPenalties: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "import-penalties",
                                                        abstract: "Import administrative penalty decisions: " + EnterpriseCSV.penaltyHeader.joined(separator: ",") + " (fine in yuan; province roles, all or nothing).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String
        func run() async throws {
            let s = try await global.services()
            do { print("imported \(try await s.importPenalties(try readFile(file), file: file, account: try await global.account(s))) penalty decisions") } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct Rate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rate every registered enterprise for a year: score, grade and every deduction traced to its record.")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int
        @Option(help: "The scheme id (default: shanxi-2024-pilot from 2023, national-2013 before).") var scheme: String?
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let s = try await global.services()
            let ratings = try await s.rateCredit(year: year, scheme: scheme)
            let used = try await s.creditScheme(scheme, year: year)
            if format == .json { print(try JSONDocument.text(CreditDocument(year: year, scheme: used.id, schemeVersion: used.version, ratings: ratings, reconstructed: used.reconstructed))); return }
            let lang = global.language
            print("\(used.name[lang]) v\(used.version) · \(year) · \(ratings.count) enterprises")
            print(try Show.rows(["credit code", "enterprise", "score", "grade", "deductions"], ratings.map { r in
                [r.enterprise, r.name, NumberText.fixed(r.score, decimals: 1), r.gradeName.map { "\($0[lang]) \(r.plate?[lang] ?? "")" } ?? "not rated",
                 String(r.deductions.filter { $0.applied > 0 }.count)]
            }), terminator: "")
            for r in ratings where !r.deductions.isEmpty || !r.oneVote.isEmpty || r.downgraded {
                print("\(r.enterprise) \(r.name): \(r.arithmetic)")
                for d in r.deductions {
                    print("    −\(NumberText.shortest(d.applied))\(d.applied < d.points ? " (of \(NumberText.shortest(d.points)), cap reached)" : "") \(d.rule) \(d.day) \(d.reference): \(d.text)" + (d.certainty == .reconstructed ? " [reconstructed]" : ""))
                }
            }
            let marked = used.reconstructed
            if !marked.isEmpty { print("[reconstructed] " + marked.map { $0.components(separatedBy: " — ").first ?? $0 }.joined(separator: ", ")) }
        }
    }
}

/// `ecoprov demo credit --out DIR`: synthetic penalty decisions of the registered enterprises.
struct DemoCredit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credit", abstract: "Write synthetic penalty decisions (2024–2025, decision numbers starting 示例) of the registered enterprises in the import format.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The folder to write into.") var out: String
    @Option(help: "Seed of the deterministic generator.") var seed: UInt64 = 2025

    func run() async throws {
        let codes = try await global.services().store.sourceRegistry().enterprises.map(\.creditCode).sorted()
        guard !codes.isEmpty else { throw UserError("there is no registered enterprise: import them first (ecoprov sources import FILE --kind enterprises, or ecoprov demo sources)") }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let path = (out as NSString).appendingPathComponent("penalties.csv")
        do { try Data(EnterpriseDemo.penalties(codes: codes, years: 2024...2025, seed: seed).utf8).write(to: URL(fileURLWithPath: path)) } catch { throw UserError("\(path): cannot write the file") }
        print("wrote \(path)\nimport with: ecoprov credit import-penalties \(path) --user ACCOUNT (a province account)")
    }
}
