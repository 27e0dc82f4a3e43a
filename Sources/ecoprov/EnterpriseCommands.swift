public import ArgumentParser
import EcoCore
import EcoDemo
import EcoEnterprise
import EcoIngest
import EcoKit
import EcoPresent
public import EcoServices
import Foundation

/// `ecoprov credit`: enterprise environmental credit (issue #17): schemes, penalty imports, yearly ratings.
struct CreditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credit", abstract: "Enterprise environmental credit: schemes, penalty decisions, ratings with every deduction traced.",
                                                    subcommands: [Schemes.self, ImportPenalties.self, Rate.self, Notice.self, Object.self, Finalize.self, Repair.self, Files.self, Export.self])

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

extension RiskCommand {
    struct Plans: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Emergency plans by expiry: expired, expiring within the warning days, valid.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("within-days"), help: "Days before expiry to warn (default 90).") var withinDays: Int = Services.planWarningDays
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let list = try await global.services().planExpiries(warningDays: withinDays)
            if format == .json { print(try JSONDocument.text(list)); return }
            print(try Show.rows(["plan", "enterprise", "level", "filed", "expires", "days left", "status"], list.map { e in
                [e.plan.id, e.plan.enterprise, e.plan.level.label[global.language], e.plan.filed.description, e.plan.expires.description, String(e.daysLeft), e.status]
            }), terminator: "")
        }
    }
}

extension CreditCommand {
    /// Options of a procedure step.
    struct StepOptions: ParsableArguments {
        @Option var year: Int
        @Option(help: "The day of the step, YYYY-MM-DD (default today; not after today).") var on: String?
        func day() throws -> CivilDay? { try on.map { try dayArgument($0, option: "--on") } }
    }

    /// One line per file.
    static func line(_ f: CreditFile, _ lang: Language) -> String {
        "\(f.rating.enterprise) \(f.rating.name): \(f.stage.label[lang])" + (f.noticeUntil.map { " (公示 \(f.noticeFrom.map { "\($0)" } ?? "") – \($0))" } ?? "")
            + " · \(NumberText.fixed(f.rating.score, decimals: 1)) \(f.rating.gradeName?[lang] ?? "not rated")"
            + (f.cancelled.isEmpty ? "" : " · cancelled: " + f.cancelled.joined(separator: ", "))
    }

    struct Notice: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rate the year and put every rating not yet under notice or final under public notice (公示, the scheme's days; province roles).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var step: StepOptions
        @Option var scheme: String?
        func run() async throws {
            let s = try await global.services()
            let files = try await s.noticeCredit(year: step.year, scheme: scheme, on: try step.day(), account: try await global.account(s))
            print("\(files.count) ratings under notice" + (files.first?.noticeUntil.map { " until \($0)" } ?? ""))
        }
    }

    struct Object: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "File an objection (异议) during the notice, or decide one: --decide N --uphold [--cancel REF …] | --reject (province roles).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var step: StepOptions
        @Option(help: "The enterprise's credit code.") var enterprise: String
        @Option var reason: String?
        @Option(help: "Evidence reference (repeatable).") var evidence: [String] = []
        @Option(help: "The objection number to decide.") var decide: Int?
        @Flag var uphold = false
        @Flag var reject = false
        @Option(help: "A record reference whose deduction the upheld objection cancels (repeatable).") var cancel: [String] = []
        @Option var note: String = ""
        func run() async throws {
            let s = try await global.services()
            let account = try await global.account(s)
            let f: CreditFile
            if let n = decide {
                guard uphold != reject else { throw UserError("give exactly one of --uphold and --reject") }
                f = try await s.decideObjection(year: step.year, enterprise: enterprise, number: n, upheld: uphold, cancels: cancel, note: note, on: try step.day(), account: account)
            } else {
                guard let reason else { throw UserError("give --reason to file an objection, or --decide N to decide one") }
                f = try await s.objectCredit(year: step.year, enterprise: enterprise, reason: reason, evidence: evidence, on: try step.day(), account: account)
            }
            print(CreditCommand.line(f, global.language))
        }
    }

    struct Finalize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make final every rating of the year whose notice has ended and has no objection pending (province roles).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var step: StepOptions
        func run() async throws {
            let s = try await global.services()
            let (done, waiting) = try await s.finalizeCredit(year: step.year, on: try step.day(), account: try await global.account(s))
            print("\(done.count) ratings final")
            for w in waiting { print("  not yet: \(w)") }
        }
    }

    struct Repair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply for credit repair (--evidence, --cancel REF) or decide the pending application (--approve | --refuse).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var step: StepOptions
        @Option var enterprise: String
        @Option(help: "Rectification evidence (repeatable).") var evidence: [String] = []
        @Option(help: "A record reference whose deduction the repair cancels (repeatable).") var cancel: [String] = []
        @Flag var approve = false
        @Flag var refuse = false
        @Option var note: String = ""
        func run() async throws {
            let s = try await global.services()
            let account = try await global.account(s)
            let f: CreditFile
            if approve || refuse {
                guard approve != refuse else { throw UserError("give one of --approve and --refuse") }
                f = try await s.decideCreditRepair(year: step.year, enterprise: enterprise, approve: approve, note: note, on: try step.day(), account: account)
            } else {
                f = try await s.applyCreditRepair(year: step.year, enterprise: enterprise, evidence: evidence, cancels: cancel, on: try step.day(), account: account)
                print("verification due by \(f.repairs.last?.verifyBy.description ?? "")")
            }
            print(CreditCommand.line(f, global.language))
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write the year's final ratings for the provincial credit-sharing platform: " + CreditExport.header.joined(separator: ",") + " (CSV, UTF-8 with BOM).")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int
        @Option(help: "The file to write.") var out: String
        func run() async throws {
            let files = try await global.services().creditFiles(year: year)
            let final = files.filter { $0.stage == .final }.count
            guard final > 0 else { throw UserError("no rating of \(year) is final yet (\(files.count) files): run ecoprov credit finalize --year \(year) after the notice") }
            do { try Data(try CreditExport.csv(files).utf8).write(to: URL(fileURLWithPath: out)) } catch let e as UserError { throw e } catch { throw UserError("\(out): cannot write the file") }
            print("wrote \(out): \(final) final ratings" + (final < files.count ? " (\(files.count - final) not final, left out)" : ""))
        }
    }

    struct Files: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "The year's rating files: stage, notice, score and grade, objections and repairs.")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let files = try await global.services().creditFiles(year: year)
            if format == .json { print(try JSONDocument.text(files)); return }
            for f in files {
                print(CreditCommand.line(f, global.language))
                for o in f.objections { print("    objection \(o.number) \(o.filedOn) by \(o.by): \(o.reason) → \(o.decision ?? "pending")") }
                for r in f.repairs { print("    repair \(r.appliedOn) by \(r.by), verify by \(r.verifyBy) → \(r.decision ?? "pending")") }
            }
        }
    }
}

/// `ecoprov demo credit --out DIR`: synthetic penalty decisions of the registered enterprises.
struct DemoCredit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credit", abstract: "Write synthetic penalty decisions (2024–2025, decision numbers starting 示例) and a risk registry (sources, targets, resources) of the registered enterprises in the import formats.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The folder to write into.") var out: String
    @Option(help: "Seed of the deterministic generator.") var seed: UInt64 = 2025

    func run() async throws {
        let registry = try await global.services().store.sourceRegistry()
        let codes = registry.enterprises.map(\.creditCode).sorted()
        guard !codes.isEmpty else { throw UserError("there is no registered enterprise: import them first (ecoprov sources import FILE --kind enterprises, or ecoprov demo sources)") }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let sites = registry.enterprises.sorted { $0.creditCode < $1.creditCode }.compactMap { e -> (String, String, String, Double, Double)? in
            registry.outlets.first { $0.enterprise == e.creditCode }.map { (e.creditCode, e.name, e.region.rawValue, $0.lon, $0.lat) }
        }
        var files = EnterpriseDemo.risk(sites: sites, seed: seed)
        files["penalties.csv"] = EnterpriseDemo.penalties(codes: codes, years: 2024...2025, seed: seed)
        for (name, text) in files.sorted(by: { $0.key < $1.key }) {
            let path = (out as NSString).appendingPathComponent(name)
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch { throw UserError("\(path): cannot write the file") }
            print("wrote \(path)")
        }
        print("import with (a province account): ecoprov credit import-penalties \(out)/penalties.csv --user ACCOUNT; ecoprov risk import \(out)/risk-sources.csv --kind sources; … targets.csv --kind targets; … resources.csv --kind resources")
    }
}

extension RiskImportKind: ExpressibleByArgument {}

/// `ecoprov risk`: the risk registry (HJ 941-2018 levels) and decision support around a point.
struct RiskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "risk", abstract: "Environmental risk sources, sensitive targets and emergency resources.",
                                                    subcommands: [Import.self, List.self, Near.self, Plans.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a registry file (province roles, all or nothing): sources "
            + EnterpriseCSV.riskSourceHeader.required.joined(separator: ",") + "; targets " + EnterpriseCSV.targetHeader.required.joined(separator: ",")
            + "; resources " + EnterpriseCSV.resourceHeader.required.joined(separator: ",") + "; plans " + EnterpriseCSV.planHeader.required.joined(separator: ",")
            + "; incidents " + EnterpriseCSV.incidentHeader.required.joined(separator: ",") + ".")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String
        @Option(help: "sources, targets, plans, resources or incidents") var kind: RiskImportKind
        func run() async throws {
            let s = try await global.services()
            do { print("imported \(try await s.importRisk(try readFile(file), file: file, kind: kind, account: try await global.account(s))) \(kind.rawValue)") } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every risk source with its HJ 941-2018 level and the arithmetic (Q, M, E).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let s = try await global.services()
            let list = try await s.classifyRiskSources()
            if format == .json { print(try JSONDocument.text(list)); return }
            let names = try s.riskRules().levels
            print(try Show.rows(["source", "Q", "Q band", "M band", "air", "water", "level", "arithmetic"], list.map { c in
                [c.source, NumberText.shortest(c.q), c.qBand == 0 ? "<1" : "Q\(c.qBand)", "M\(c.mBand)", names[c.airLevel]?[global.language] ?? c.airLevel,
                 names[c.waterLevel]?[global.language] ?? c.waterLevel, names[c.level]?[global.language] ?? c.level, c.arithmetic]
            }), terminator: "")
        }
    }

    struct Near: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Risk sources and sensitive targets within a radius of a point (or of an incident), and the nearest emergency resources, with distances.")
        @OptionGroup var global: GlobalOptions
        @Option var lon: Double?
        @Option var lat: Double?
        @Option(help: "An incident's id instead of --lon and --lat.") var incident: String?
        @Option(name: .customLong("radius-km")) var radiusKm: Double
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let s = try await global.services()
            let items: [NearbyItem]
            if let incident {
                let (i, found) = try await s.riskNear(incident: incident, radiusKm: radiusKm)
                if format == .table { print("\(i.id) \(i.time) \(i.level.label[global.language]) \(i.kind) at \(i.location.lon), \(i.location.lat)") }
                items = found
            } else {
                guard let lon, let lat else { throw UserError("give --lon and --lat, or --incident ID") }
                items = try await s.riskNear(lon: lon, lat: lat, radiusKm: radiusKm)
            }
            if format == .json { print(try JSONDocument.text(items)); return }
            let levels = try s.riskRules().levels
            print(try Show.rows(["category", "id", "name", "kind / level", "km"], items.map {
                [$0.category, $0.id, $0.name, $0.category == "source" ? levels[$0.kind]?[global.language] ?? $0.kind : $0.kind, NumberText.fixed($0.distanceKm, decimals: 3)]
            }), terminator: "")
        }
    }
}
