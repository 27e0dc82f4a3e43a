public import EcoCore
public import EcoDelivery
public import EcoKit
import Foundation

/// A project with its progress on a day, as `ecoprov project list --format json` and `/api/v1/projects` give it.
public struct ProjectRow: Encodable, Sendable, CompleteKeysEncodable {
    /// The project.
    public var project: Project
    /// Its progress.
    public var progress: ProjectProgress
    /// The programme item's title.
    public var programmeTitle: String
    /// The lead department's name.
    public var leadName: String
    /// The region's name.
    public var regionName: String
}

/// The projects document.
public struct ProjectsDocument: Encodable, Sendable, CompleteKeysEncodable {
    /// The day of the progress figures.
    public var asOf: CivilDay
    /// Projects in id order.
    public var projects: [ProjectRow]
}

/// A task with its status on a day.
public struct TaskRow: Encodable, Sendable, CompleteKeysEncodable {
    /// The task.
    public var task: DeliveryTask
    /// Its status.
    public var status: TaskStatus
    /// The status in the language asked.
    public var statusLabel: String
    /// 序时进度, %.
    public var elapsedShare: Double
    /// Reported completion, %.
    public var completion: Double
    /// Days past the deadline (negative before it).
    public var overdueDays: Int
    /// Overdue: past the deadline, not complete and not closed (`DeliveryTask.isOverdue`).
    public var overdue: Bool
    /// The highest ladder rung due (nil when none).
    public var dueRung: String?
    /// The lead department's name.
    public var leadName: String
}

/// The tasks document: the tasks and the department assessment.
public struct TasksDocument: Encodable, Sendable, CompleteKeysEncodable {
    /// The day.
    public var asOf: CivilDay
    /// The list's year, nil for every year.
    public var year: Int?
    /// Tasks in id order.
    public var tasks: [TaskRow]
    /// One row per department.
    public var departments: [DepartmentLoad]
    /// The ladder in force.
    public var ladder: [LadderRung]
    /// Rule values marked reconstructed that these figures use.
    public var reconstructed: [String]
}

/// A case with its flags on a day.
public struct CaseRow: Encodable, Sendable, CompleteKeysEncodable {
    /// The case.
    public var supervisionCase: SupervisionCase
    /// The state in the language asked.
    public var stateLabel: String
    /// Past the deadline and not verified or closed.
    public var overdue: Bool
    /// The 13710 flags.
    public var flags: [String]
    /// The responsible unit's name.
    public var unitName: String?
}

/// The cases document with the bulletin counters.
public struct CasesDocument: Encodable, Sendable, CompleteKeysEncodable {
    /// The day.
    public var asOf: CivilDay
    /// Cases, newest first.
    public var cases: [CaseRow]
    /// The counters over them.
    public var counters: CaseCounters
}

/// What fired in a month.
public struct AccountabilityDocument: Encodable, Sendable, CompleteKeysEncodable {
    /// `YYYY-MM`.
    public var month: String
    /// The firings (provisional ones are annual rules judged on the year to date).
    public var firings: [TriggerFiring]
    /// Rule values marked reconstructed.
    public var reconstructed: [String]
}

/// Every city's reward and penalty in a month.
public struct RewardPenaltyDocument: Encodable, Sendable, CompleteKeysEncodable {
    /// `YYYY-MM`.
    public var month: String
    /// Per city.
    public var cities: [CityRewardPenalty]
    /// Sum of rewards, 万元.
    public var totalRewards: Double
    /// Sum of penalties, 万元.
    public var totalPenalties: Double
    /// Rule values marked reconstructed.
    public var reconstructed: [String]
}

/// Builds the delivery documents from the services' values (the CLI and the API call the same builders).
public enum DeliveryDocuments {
    /// The projects on `day`.
    public static func projects(_ projects: [Project], programmes: [ProgrammeItem], departments: [Department], on day: CivilDay, rules: DeliveryRules,
                                tree: RegionTree, lang: Language) -> ProjectsDocument {
        let titles = Dictionary(programmes.map { ($0.id, $0.title[lang]) }, uniquingKeysWith: { a, _ in a })
        let names = Dictionary(departments.map { ($0.id, $0.name[lang]) }, uniquingKeysWith: { a, _ in a })
        return ProjectsDocument(asOf: day, projects: projects.sorted { $0.id < $1.id }.map { p in
            ProjectRow(project: p, progress: p.progress(on: day, rules: rules), programmeTitle: titles[p.programme] ?? p.programme,
                       leadName: names[p.leadDepartment] ?? p.leadDepartment, regionName: tree[p.region]?.name[lang] ?? p.region.rawValue)
        })
    }

    /// The tasks on `day` with the department table.
    public static func tasks(_ tasks: [DeliveryTask], year: Int?, departments: [Department], on day: CivilDay, rules: DeliveryRules, lang: Language) -> TasksDocument {
        let names = Dictionary(departments.map { ($0.id, $0.name[lang]) }, uniquingKeysWith: { a, _ in a })
        let rows = tasks.sorted { $0.id < $1.id }.map { t in
            let s = t.status(on: day, rules: rules)
            return TaskRow(task: t, status: s, statusLabel: s.label[lang], elapsedShare: GBT8170Rounding.round(Schedule.elapsedShare(start: t.start, end: t.deadline, on: day), decimals: 1),
                           completion: t.completion(on: day), overdueDays: Schedule.overdueDays(deadline: t.deadline, on: day), overdue: t.isOverdue(on: day),
                           dueRung: t.dueRung(on: day, rules: rules)?.id, leadName: names[t.lead] ?? t.lead)
        }
        let used = departments.filter { d in tasks.contains { $0.lead == d.id || $0.supporting.contains(d.id) } }
        return TasksDocument(asOf: day, year: year, tasks: rows, departments: DepartmentAssessment.table(used, tasks: tasks, on: day, rules: rules),
                             ladder: rules.ladder.value, reconstructed: rules.reconstructed.filter { $0.hasPrefix("ladder") || $0.hasPrefix("lagTolerance") })
    }

    /// The cases on `day`, newest first.
    public static func cases(_ cases: [SupervisionCase], departments: [Department], on day: CivilDay, rules: DeliveryRules, lang: Language) -> CasesDocument {
        let names = Dictionary(departments.map { ($0.id, $0.name[lang]) }, uniquingKeysWith: { a, _ in a })
        let rows = cases.sorted { ($0.foundOn, $0.id) > ($1.foundOn, $1.id) }.map { c in
            CaseRow(supervisionCase: c, stateLabel: c.state.label[lang], overdue: c.overdue(on: day), flags: c.isOpen ? c.responseFlags(on: day, rules: rules) : [],
                    unitName: c.unit.map { names[$0] ?? $0 })
        }
        return CasesDocument(asOf: day, cases: rows, counters: CaseCounters.of(cases, on: day))
    }

    /// The accountability document.
    public static func accountability(_ firings: [TriggerFiring], month: YearMonth, rules: DeliveryRules) -> AccountabilityDocument {
        AccountabilityDocument(month: "\(month)", firings: firings, reconstructed: rules.reconstructed.filter { $0.hasPrefix("accountability") })
    }

    /// The reward and penalty document.
    public static func rewardPenalty(_ cities: [CityRewardPenalty], month: YearMonth, rules: DeliveryRules) -> RewardPenaltyDocument {
        RewardPenaltyDocument(month: "\(month)", cities: cities, totalRewards: GBT8170Rounding.round(cities.reduce(0) { $0 + $1.rewards }, decimals: 2),
                              totalPenalties: GBT8170Rounding.round(cities.reduce(0) { $0 + $1.penalties }, decimals: 2),
                              reconstructed: rules.reconstructed.filter { $0.hasPrefix("rewardPenalty") })
    }
}

extension QueryParameters {
    /// A day `YYYY-MM-DD` from 2000 to 2100, nil when absent.
    public func day(_ name: String) throws -> CivilDay? {
        guard let text = self[name] else { return nil }
        guard let d = CivilDay(text), (2000...2100).contains(d.year) else {
            throw QueryError(message: "\(name) must be a day YYYY-MM-DD from 2000 to 2100, got '\(text.prefix(40))'")
        }
        return d
    }

    /// A month `YYYY-MM` from 2000 to 2100, nil when absent.
    public func month(_ name: String = "month") throws -> YearMonth? {
        guard let text = self[name] else { return nil }
        guard let m = YearMonth(text) else { throw QueryError(message: "\(name) must be a month YYYY-MM from 2000 to 2100, got '\(text.prefix(40))'") }
        return m
    }
}
