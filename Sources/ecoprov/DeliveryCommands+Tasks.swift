import ArgumentParser
import EcoCore
import EcoDelivery
import EcoDemo
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation

/// `ecoprov task`: the yearly task lists, progress, escalation and closure.
struct TaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "task", abstract: "Task lists (任务清单): import, list by department, update, escalate, close (销号).",
                                                    subcommands: [Import.self, List.self, Update.self, Escalate.self, Close.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import a task list: " + DeliveryCSV.taskHeader.required.joined(separator: ",") + "[,milestones,synthetic]. All or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "A CSV file, or an .xlsx workbook with the same columns.") var file: String
        @Option(help: "The sheet of an .xlsx workbook to read (default: the first).") var sheet: String?
        func run() async throws {
            let s = try await global.services()
            do { print("imported \(try await s.importTasks(try readFile(file), file: file, account: try await global.account(s), sheet: sheet)) tasks") } catch let r as FileRefused { try refuse(r, file: file) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Tasks with status, 序时进度 and overdue days, and the department assessment table.")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int?
        @Option(help: "Only tasks this department leads.") var department: String?
        @Option(name: .customLong("as-of"), help: "The day (default today).") var asOf: String?
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let s = try await global.services()
            let day = try asOf.map { try dayArgument($0, option: "--as-of") } ?? s.today
            var tasks = try await s.tasks(year: year)
            if let d = department { tasks = tasks.filter { $0.lead == d } }
            let doc = DeliveryDocuments.tasks(tasks, year: year, departments: try await s.departments(), on: day, rules: try await s.deliveryRules(), lang: global.language)
            if format == .json { print(try JSONDocument.text(doc)); return }
            print(try Show.rows(["id", "lead", "deadline", "序时进度 %", "completion %", "status", "overdue days", "rung due"], doc.tasks.map { r in
                [r.task.id, r.leadName, r.task.deadline.description, NumberText.fixed(r.elapsedShare, decimals: 1), NumberText.shortest(r.completion), r.statusLabel,
                 r.overdue ? String(r.overdueDays) : "", r.dueRung ?? ""]
            }), terminator: "")
            print("\nas of \(day) — departments:")
            print(try Show.rows(["department", "led", "supported", "closed", "awaiting", "lagging", "overdue", "completion rate %"], doc.departments.map { d in
                [d.name[global.language], String(d.led), String(d.supported), String(d.closed), String(d.awaiting), String(d.lagging), String(d.overdue),
                 NumberText.fixed(d.completionRate, decimals: 1)]
            }), terminator: "")
            for r in doc.reconstructed { print("[reconstructed] \(r)") }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Report a task's completion (the lead department's accounts or the province).")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option(help: "Completion, 0–100 %, not below the last report.") var completion: Double
        @Option var note: String = ""
        @Option(help: "Evidence reference (repeatable).") var evidence: [String] = []
        func run() async throws {
            let s = try await global.services()
            let t = try await s.updateTask(id, completion: completion, note: note, evidence: evidence, account: try await global.account(s))
            print("\(t.id): \(NumberText.shortest(completion)) % — \(t.status(on: s.today, rules: try await s.deliveryRules()).label[global.language])")
        }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue the ladder rung due for every open task (warning → 督办通知 → 通报 → 约谈 → 专项督察); province roles.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("as-of"), help: "The day (default today; not after today).") var asOf: String?
        func run() async throws {
            let s = try await global.services()
            let day = try asOf.map { try dayArgument($0, option: "--as-of") }
            if let day, day > s.today { throw UserError("--as-of \(day) is after today (\(s.today))") }
            let issued = try await s.escalateTasks(on: day, account: try await global.account(s))
            for (t, r) in issued {
                print("\(t.id)\t\(r.name[global.language])\t\(Schedule.overdueDays(deadline: t.deadline, on: day ?? s.today)) days past \(t.deadline)\t\(t.lead)")
            }
            print("\(issued.count) issued")
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify and close (销号) a task reported complete; province roles.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        func run() async throws {
            let s = try await global.services()
            let t = try await s.closeTask(id, account: try await global.account(s))
            print("\(t.id) closed on \(t.closedOn.map(\.description) ?? "")")
        }
    }
}

/// `ecoprov delivery rules` and `ecoprov delivery rules-import FILE`; `ecoprov demo delivery --out DIR`.
struct DeliveryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delivery", abstract: "The delivery rules in force (ladder, 13710, triggers, reward/penalty).",
                                                    subcommands: [Rules.self, RulesImport.self])

    struct Rules: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the rules in force as JSON, each value with its certainty and source.")
        @OptionGroup var global: GlobalOptions
        func run() async throws { print(try JSONDocument.text(try await global.services().deliveryRules())) }
    }

    struct RulesImport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "rules-import", abstract: "Replace the rules with a JSON file of the same shape (province roles).")
        @OptionGroup var global: GlobalOptions
        @Argument var file: String
        func run() async throws {
            let s = try await global.services()
            let r = try await s.importDeliveryRules(try readFile(file), file: file, account: try await global.account(s))
            print("delivery rules \(r.version) in force; \(r.reconstructed.count) values marked reconstructed")
        }
    }
}

struct DemoDelivery: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delivery", abstract: "Write synthetic departments, projects and this year's tasks (marked synthetic) in the import formats.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "The folder to write into.") var out: String
    @Option(help: "Seed of the deterministic generator.") var seed: UInt64 = 2021

    func run() async throws {
        let s = try await global.services()
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let texts = DeliveryDemo.texts(seed: seed, today: s.today, tree: try await s.tree(), programmes: try await s.programmes())
        for name in ["departments.csv", "projects.csv", "tasks.csv"] {
            let path = (out as NSString).appendingPathComponent(name)
            do { try Data((texts[name] ?? "").utf8).write(to: URL(fileURLWithPath: path)) } catch { throw UserError("\(path): cannot write the file") }
            print("wrote \(path)")
        }
        print("import with: ecoprov department import \(out)/departments.csv; ecoprov project import \(out)/projects.csv; ecoprov task import \(out)/tasks.csv (as a province account, --user)")
    }
}
