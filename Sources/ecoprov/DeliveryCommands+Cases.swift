public import ArgumentParser
import EcoCore
public import EcoDelivery
import EcoKit
import EcoPresent
import EcoServices
import Foundation

extension CaseSource: ExpressibleByArgument {}
extension CaseSeverity: ExpressibleByArgument {}
extension CaseState: ExpressibleByArgument {}

/// `ecoprov case`: supervision cases through the five steps (五步法).
struct CaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "case", abstract: "Supervision cases: open → assign (交办) → report (整改中) → verify (核查) → close (销号); escalate (约谈 → 专项督察 → 问责移交); reopen (反弹).",
                                                    subcommands: [Open.self, Assign.self, Report.self, Verify.self, Close.self, Escalate.self, Reopen.self, List.self, ShowOne.self])

    /// Options every step takes.
    struct StepOptions: ParsableArguments {
        @Option(help: "The day of the step, YYYY-MM-DD (default today; not after today, not before the last step).") var on: String?
        @Option(help: "Evidence reference (repeatable).") var evidence: [String] = []
        func day() throws -> CivilDay? { try on.map { try dayArgument($0, option: "--on") } }
    }

    static func act(_ global: GlobalOptions, _ id: String, _ action: CaseAction, _ step: StepOptions, outcome: CaseOutcome? = nil) async throws {
        let s = try await global.services()
        let c = try await s.actOnCase(id, action, on: try step.day(), evidence: step.evidence, outcome: outcome, account: try await global.account(s))
        print("\(c.id): \(c.steps.last?.from?.label[global.language] ?? "") → \(c.state.label[global.language])" + (c.deadline.map { " · deadline \($0)" } ?? ""))
    }

    struct Open: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Open a case found by inspection, complaint, monitoring alarm or satellite.")
        @OptionGroup var global: GlobalOptions
        @Option var title: String
        @Option var region: String
        @Option(help: "inspection, complaint, alarm or satellite") var source: CaseSource
        @Option(help: "ordinary (7 days) or major (1 month)") var severity: CaseSeverity = .ordinary
        @Option(help: "The day found (default today).") var found: String?
        @Option(help: "The case id (default C<date>-<n>).") var id: String?
        @Option var note: String = ""
        func run() async throws {
            let s = try await global.services()
            let c = try await s.openCase(id: id, title: title, region: try regionArgument(region), source: source, severity: severity,
                                         foundOn: try found.map { try dayArgument($0, option: "--found") }, note: note, account: try await global.account(s))
            print("\(c.id) opened (\(c.state.label[global.language])); assign within \(try await s.deliveryRules().response.assignDays.value) day (13710)")
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "交办: hand the case to a department with a deadline (default by 13710: 7 days ordinary, 1 month major) and the target.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option(help: "The responsible department's id.") var unit: String
        @Option(help: "YYYY-MM-DD") var deadline: String?
        @Option(help: "The rectification target.") var target: String
        @OptionGroup var step: StepOptions
        func run() async throws {
            try await CaseCommand.act(global, id, .assign(unit: unit, deadline: try deadline.map { try dayArgument($0, option: "--deadline") }, target: target), step)
        }
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The responsible unit reports rectification (整改中).")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option var note: String
        @OptionGroup var step: StepOptions
        func run() async throws { try await CaseCommand.act(global, id, .report(note: note), step) }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "核查: record the verification visit, passed or failed.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Flag(name: .customLong("pass")) var passed = false
        @Flag(name: .customLong("fail")) var failed = false
        @Option var note: String = ""
        @OptionGroup var step: StepOptions
        func run() async throws {
            guard passed != failed else { throw UserError("give exactly one of --pass and --fail") }
            try await CaseCommand.act(global, id, .verify(passed: passed, note: note), step)
        }
    }

    struct Close: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "销号: close a verified case, with its outcome counters.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option var note: String = ""
        @Option(help: "Firms ordered to rectify.") var firms: Int = 0
        @Option(help: "Cases filed for penalty.") var filed: Int = 0
        @Option(help: "Fines, 万元.") var fine: Double = 0
        @Option(help: "Criminal referrals.") var criminal: Int = 0
        @Option(help: "People detained.") var detained: Int = 0
        @OptionGroup var step: StepOptions
        func run() async throws {
            try await CaseCommand.act(global, id, .close(note: note), step,
                                      outcome: CaseOutcome(firmsOrdered: firms, filed: filed, fines: fine, criminal: criminal, detained: detained))
        }
    }

    struct Escalate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One rung up (约谈 → 专项督察 → 问责移交): when overdue, after a failed verification, or from a rung.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option var note: String = ""
        @Option(help: "People summoned (约谈) or held accountable (问责移交).") var people: Int = 0
        @OptionGroup var step: StepOptions
        func run() async throws { try await CaseCommand.act(global, id, .escalate(note: note, people: people), step) }
    }

    struct Reopen: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "反弹: reopen a closed case.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        @Option var reason: String
        @OptionGroup var step: StepOptions
        func run() async throws { try await CaseCommand.act(global, id, .reopen(reason: reason), step) }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cases with state, deadline and 13710 flags, and the bulletin counters.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only cases in this state.") var state: CaseState?
        @Option(name: .customLong("as-of"), help: "The day (default today).") var asOf: String?
        @Option(help: "table or json") var format: AccountsFormat = .table
        func run() async throws {
            let s = try await global.services()
            let day = try asOf.map { try dayArgument($0, option: "--as-of") } ?? s.today
            let cases = try await s.cases().filter { state == nil || $0.state == state }
            let doc = DeliveryDocuments.cases(cases, departments: try await s.departments(), on: day, rules: try await s.deliveryRules(), lang: global.language)
            if format == .json { print(try JSONDocument.text(doc)); return }
            print(try Show.rows(["id", "found", "region", "state", "unit", "deadline", "flags"], doc.cases.map { r in
                let c = r.supervisionCase
                return [c.id, c.foundOn.description, c.region.rawValue, r.stateLabel, r.unitName ?? "", c.deadline?.description ?? "", r.flags.joined(separator: "; ")]
            }), terminator: "")
            let k = doc.counters
            print("cases \(k.cases), closed \(k.closed), overdue \(k.overdue); firms ordered \(k.firmsOrdered), filed \(k.filed), fines \(NumberText.fixed(k.fines, decimals: 2)) 万元, criminal \(k.criminal), detained \(k.detained), summoned \(k.summoned), held accountable \(k.accountable)")
        }
    }

    struct ShowOne: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "One case with every step: who, when, what, evidence.")
        @OptionGroup var global: GlobalOptions
        @Argument var id: String
        func run() async throws {
            guard let c = try await global.services().cases().first(where: { $0.id == id }) else { throw UserError("there is no case '\(id.prefix(60))'") }
            print("\(c.id) \(c.title) · \(c.region) · \(c.source.label[global.language]) · \(c.state.label[global.language])")
            for s in c.steps {
                print("  \(s.on) \(s.action) \(s.from?.rawValue ?? "—") → \(s.to.rawValue) by \(s.by)" + (s.note.isEmpty ? "" : ": \(s.note)") + (s.evidence.isEmpty ? "" : " [\(s.evidence.joined(separator: ", "))]"))
            }
        }
    }
}

/// `ecoprov rank-monthly --month YYYY-MM --level city|county [--ytd]`.
struct RankMonthly: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rank-monthly", abstract: "The monthly (or year-to-date) ranking of cities or counties by 综合指数, with y/y change and the best/worst lists.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "YYYY-MM") var month: String
    @Option(help: "city or county") var level: String = "city"
    @Flag(help: "January to the month instead of the month alone.") var ytd = false
    @Option(help: "table or json") var format: AccountsFormat = .table

    func run() async throws {
        let s = try await global.services()
        guard let lv = RegionLevel(rawValue: level), lv == .city || lv == .county else { throw UserError("--level must be city or county") }
        let r = try await s.rankMonthly(try monthArgument(month), level: lv, yearToDate: ytd)
        if format == .json { print(try JSONDocument.text(r)); return }
        let tree = try await s.tree()
        func name(_ c: RegionCode) -> String { tree[c]?.name[global.language] ?? c.rawValue }
        print("\(lv == .city ? "cities" : "counties") · \(month)\(ytd ? " year to date" : "") · average 综合指数 \(NumberText.fixed(r.average, decimals: 2))")
        print(try Show.rows(["rank", "region", "综合指数", "last year", "change %", "PM2.5", "last year", "change %", "improvement rank"], r.entries.map { e in
            [e.valid ? String(e.rank) : "\(e.rank) (no valid data)", name(e.region), NumberText.fixed(e.current.compositeIndex, decimals: 2),
             NumberText.fixed(e.previous?.compositeIndex, decimals: 2), NumberText.fixed(e.indexChange, decimals: 1), NumberText.shortest(e.current.pm25),
             NumberText.shortest(e.previous?.pm25), NumberText.fixed(e.pm25Change, decimals: 1), e.improvementRank.map(String.init) ?? ""]
        }), terminator: "")
        print("best \(r.listSize): " + r.best.map(name).joined(separator: "、"))
        print("worst \(r.listSize): " + r.worst.map(name).joined(separator: "、"))
        print("most improved: " + r.mostImproved.map(name).joined(separator: "、") + " · least improved: " + r.leastImproved.map(name).joined(separator: "、"))
    }
}

/// `ecoprov accountability --month YYYY-MM`.
struct AccountabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "accountability", abstract: "The 量化问责 triggers that fire in a month, each with its rule, figures and months.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "YYYY-MM") var month: String
    @Option(help: "table or json") var format: AccountsFormat = .table

    func run() async throws {
        let s = try await global.services()
        let m = try monthArgument(month)
        let doc = DeliveryDocuments.accountability(try await s.accountability(m, framework: global.framework), month: m, rules: try await s.deliveryRules())
        if format == .json { print(try JSONDocument.text(doc)); return }
        let tree = try await s.tree()
        if doc.firings.isEmpty { print("no trigger fires in \(month)") }
        for f in doc.firings {
            print("\(f.provisional ? "[预警 year to date] " : "")\(tree[f.region]?.name[global.language] ?? f.region.rawValue) \(f.region) — \(f.rule): \(f.ruleText[global.language]) → \(f.accountable[global.language])")
            for x in f.figures { print("    \(x.period): \(x.text)") }
        }
        for r in doc.reconstructed { print("[reconstructed] \(r)") }
    }
}

/// `ecoprov reward-penalty --month YYYY-MM`.
struct RewardPenaltyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reward-penalty", abstract: "Each city's air reward and penalty for a month (2019 方案), with the arithmetic behind each amount.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "YYYY-MM") var month: String
    @Option(help: "table or json") var format: AccountsFormat = .table

    func run() async throws {
        let s = try await global.services()
        let m = try monthArgument(month)
        let doc = DeliveryDocuments.rewardPenalty(try await s.rewardPenalty(m), month: m, rules: try await s.deliveryRules())
        if format == .json { print(try JSONDocument.text(doc)); return }
        let tree = try await s.tree()
        for c in doc.cities {
            print("\(tree[c.region]?.name[global.language] ?? c.region.rawValue) \(c.region): rewards \(NumberText.fixed(c.rewards, decimals: 2)) − penalties \(NumberText.fixed(c.penalties, decimals: 2)) = net \(NumberText.fixed(c.net, decimals: 2)) 万元" + (c.note.map { " (\($0))" } ?? ""))
            for l in c.lines {
                print("    \(l.indicator) \(l.test): \(NumberText.shortest(l.value)) vs \(NumberText.shortest(l.base)) → \(l.arithmetic)" + (l.certainty == .reconstructed ? " [reconstructed]" : ""))
            }
        }
        print("total rewards \(NumberText.fixed(doc.totalRewards, decimals: 2)) 万元, penalties \(NumberText.fixed(doc.totalPenalties, decimals: 2)) 万元")
        for r in doc.reconstructed { print("[reconstructed] \(r)") }
    }
}
