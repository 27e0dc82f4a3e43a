public import ArgumentParser
import EcoAccess
import EcoCore
import EcoDelivery
import EcoDemo
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation

/// A `YYYY-MM-DD` option, checked.
func dayArgument(_ text: String, option: String) throws -> CivilDay {
    guard let d = CivilDay(text), (2000...2100).contains(d.year) else { throw UserError("\(option) '\(text.prefix(40))' is not a day YYYY-MM-DD from 2000 to 2100") }
    return d
}

/// A `YYYY-MM` option, checked.
func monthArgument(_ text: String) throws -> YearMonth {
    guard let m = YearMonth(text) else { throw UserError("--month '\(text.prefix(40))' is not a month YYYY-MM from 2000 to 2100") }
    return m
}

extension GlobalOptions {
    /// The account `--user` names (delivery actions check its role and department).
    func account(_ services: Services) async throws -> Account {
        guard let a = try await services.store.account(named: actor) else {
            throw UserError("there is no account named '\(actor)': act as an account with --user NAME (see ecoprov user list)")
        }
        return a
    }
}

/// `ecoprov project`: the 专栏 programmes and the projects under them.
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "project", abstract: "Engineering projects under the outline's columns 专栏1–5, with 序时进度.",
                                                    subcommands: [Import.self, List.self, ShowOne.self, Report.self, Programmes.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import projects: " + DeliveryCSV.projectHeader.required.joined(separator: ",") + "[,milestones,evidence,synthetic]. All or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A CSV file, or an .xlsx workbook with the same columns.") var file: String
        @Option(help: "The sheet of an .xlsx workbook to read (default: the first).") var sheet: String?
        func run() async throws {
            let s = try await global.services()
            do { print("imported \(try await s.importProjects(try readFile(file), file: file, account: try await global.account(s), sheet: sheet)) projects") } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Projects with 序时进度 against reported completion, overdue and at-risk flags.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("as-of"), help: "The day (default today).") var asOf: String?
        @Option(help: "Only this region and its children.") var region: String?
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let s = try await global.services()
            let tree = try await s.tree()
            let day = try asOf.map { try dayArgument($0, option: "--as-of") } ?? s.today
            var projects = try await s.projects()
            if let r = region { let code = try regionArgument(r); projects = projects.filter { p in tree.lineage(of: p.region).contains { $0.code == code } } }
            let doc = DeliveryDocuments.projects(projects, programmes: try await s.programmes(), departments: try await s.departments(), on: day,
                                                 rules: try await s.deliveryRules(), tree: tree, lang: global.language)
            if format == .json { print(try JSONDocument.text(doc)); return }
            print(try Show.rows(["id", "name", "专栏", "region", "序时进度 %", "completion %", "gap", "investment %", "flags"], doc.projects.map { r in
                [r.project.id, r.project.name, r.project.programme, r.regionName, NumberText.fixed(r.progress.elapsedShare, decimals: 1), NumberText.shortest(r.progress.completion),
                 NumberText.fixed(r.progress.gap, decimals: 1), NumberText.fixed(r.progress.investmentShare, decimals: 1),
                 [r.progress.overdue ? "逾期 overdue" : "", r.progress.atRisk ? "风险 at risk" : ""].filter { !$0.isEmpty }.joined(separator: ", ")]
            }), terminator: "")
            print("as of \(day): \(doc.projects.filter(\.progress.overdue).count) overdue, \(doc.projects.filter(\.progress.atRisk).count) at risk of \(doc.projects.count)")
        }
    }

    struct ShowOne: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One project: its programme, milestones, reports and progress.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option(name: .customLong("as-of"), help: "The day (default today).") var asOf: String?
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let s = try await global.services()
            let day = try asOf.map { try dayArgument($0, option: "--as-of") } ?? s.today
            guard let p = try await s.projects().first(where: { $0.id == id }) else { throw UserError("there is no project '\(id.prefix(60))'") }
            let doc = DeliveryDocuments.projects([p], programmes: try await s.programmes(), departments: try await s.departments(), on: day,
                                                 rules: try await s.deliveryRules(), tree: try await s.tree(), lang: global.language)
            guard let r = doc.projects.first else { return }
            if format == .json { print(try JSONDocument.text(r)); return }
            print("\(p.id) \(p.name)\n  专栏\(p.programme) \(r.programmeTitle) · \(r.regionName) · lead \(r.leadName) · \(p.status.label[global.language])")
            print("  \(p.start) – \(p.end): 序时进度 \(NumberText.fixed(r.progress.elapsedShare, decimals: 1)) % = elapsed days / planned days on \(day); reported \(NumberText.shortest(r.progress.completion)) % (\(r.progress.reportedPeriod ?? "no report"))")
            print("  investment \(NumberText.shortest(p.investmentDone)) / \(NumberText.shortest(p.investmentPlanned)) 万元" + (r.progress.overdue ? " · OVERDUE" : "") + (r.progress.atRisk ? " · AT RISK" : ""))
            for m in p.milestones { print("  milestone \(m.due) \(m.title)") }
            for rep in p.reports.suffix(12) { print("  \(rep.period) \(NumberText.shortest(rep.completion)) % \(rep.note) (\(rep.by))") }
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report a project's progress for a month (the lead department's accounts or the province).")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option(help: "YYYY-MM") var period: String
        @Option(help: "Completion, 0–100 %.") var completion: Double
        @Option(help: "Cumulative investment done, 万元.") var investment: Double?
        @Option var note: String = ""
        func run() async throws {
            let s = try await global.services()
            let p = try await s.reportProject(id, period: period, completion: completion, investmentDone: investment, note: note, account: try await global.account(s))
            print("\(p.id): \(period) \(NumberText.shortest(completion)) % reported (\(p.reports.count) reports)")
        }
    }

    struct Programmes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The outline's 专栏1–5 items: id, title, the regions and places named, the section.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let items = try await global.services().programmes()
            if format == .json { print(try JSONDocument.text(items)); return }
            print(try Show.rows(["id", "column", "title", "regions", "places"], items.map { i in
                [i.id, i.columnTitle.zh, i.title[global.language], i.regions.map(\.rawValue).joined(separator: ";"), i.places.joined(separator: "、")]
            }), terminator: "")
        }
    }
}

/// `ecoprov department`: departments and the department assessment.
struct DepartmentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "department", abstract: "Departments (牵头/配合单位) and their accounts.", subcommands: [Import.self, List.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import departments: id,name_zh,name_en,region,accounts[,synthetic] (accounts separated by ;). All or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A CSV file, or an .xlsx workbook with the same columns.") var file: String
        @Option(help: "The sheet of an .xlsx workbook to read (default: the first).") var sheet: String?
        func run() async throws {
            let s = try await global.services()
            do { print("imported \(try await s.importDepartments(try readFile(file), file: file, account: try await global.account(s), sheet: sheet)) departments") } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Departments with their accounts.")
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let deps = try await global.services().departments()
            print(try Show.rows(["id", "name", "region", "accounts"], deps.map { [$0.id, $0.name[global.language], $0.region.rawValue, $0.accounts.joined(separator: ";")] }), terminator: "")
        }
    }
}
