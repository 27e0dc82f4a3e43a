public import EcoCore
public import EcoKit
import Foundation

/// A task's status on a day (governance.md §3.2; the five states the ledgers use).
public enum TaskStatus: String, Codable, Sendable, CaseIterable {
    case notStarted, inProgress, lagging, awaitingVerification, closed

    /// 未启动, 推进中, 滞后, 已完成待核查, 已销号.
    public var label: LocalizedText {
        switch self {
        case .notStarted: return LocalizedText(zh: "未启动", en: "not started")
        case .inProgress: return LocalizedText(zh: "推进中", en: "in progress")
        case .lagging: return LocalizedText(zh: "滞后", en: "lagging")
        case .awaitingVerification: return LocalizedText(zh: "已完成待核查", en: "done, awaiting verification")
        case .closed: return LocalizedText(zh: "已销号", en: "closed")
        }
    }
}

/// A department: the unit that leads or supports tasks, with the accounts that report for it.
public struct Department: Codable, Sendable, Hashable {
    /// Stable id, e.g. `sxeeb` (省生态环境厅).
    public var id: String
    /// Name.
    public var name: LocalizedText
    /// The region it belongs to (the province for provincial departments).
    public var region: RegionCode
    /// Accounts that may report its tasks' progress.
    public var accounts: [String]
    /// Demo data.
    public var synthetic: Bool

    /// Creates a department.
    public init(id: String, name: LocalizedText, region: RegionCode, accounts: [String], synthetic: Bool) {
        self.id = id; self.name = name; self.region = region; self.accounts = accounts; self.synthetic = synthetic
    }
}

/// A progress update of a task.
public struct TaskUpdate: Codable, Sendable, Hashable {
    /// The day reported.
    public var on: CivilDay
    /// Completion, % (0…100).
    public var completion: Double
    /// What was done.
    public var note: String
    /// Evidence references.
    public var evidence: [String]
    /// The account.
    public var by: String

    /// Creates an update.
    public init(on: CivilDay, completion: Double, note: String, evidence: [String], by: String) {
        self.on = on; self.completion = completion; self.note = note; self.evidence = evidence; self.by = by
    }
}

/// A rung of the ladder issued for a task.
public struct TaskEscalation: Codable, Sendable, Hashable {
    /// The rung's id.
    public var rung: String
    /// The day it was issued.
    public var on: CivilDay
    /// Days past the deadline then.
    public var overdueDays: Int
    /// Who issued it.
    public var by: String

    /// Creates an issued rung.
    public init(rung: String, on: CivilDay, overdueDays: Int, by: String) { self.rung = rung; self.on = on; self.overdueDays = overdueDays; self.by = by }
}

/// A task of a year's task list (任务清单/措施清单).
public struct DeliveryTask: Codable, Sendable, Hashable {
    /// Unique id.
    public var id: String
    /// The list's year.
    public var year: Int
    /// What is to be done.
    public var title: String
    /// Where it comes from: the outline's chapter or a column item (`五.(一).1`, `专栏2.3`).
    public var source: String
    /// The region the task is for.
    public var region: RegionCode
    /// Lead department id (牵头单位).
    public var lead: String
    /// Supporting department ids (配合单位).
    public var supporting: [String]
    /// Responsible person (责任人).
    public var responsible: String
    /// Start.
    public var start: CivilDay
    /// Deadline (完成时限).
    public var deadline: CivilDay
    /// Milestones.
    public var milestones: [Milestone]
    /// Updates, in day order; the last one's completion is the reported completion.
    public var updates: [TaskUpdate]
    /// The day the province verified and closed it (销号), nil while open.
    public var closedOn: CivilDay?
    /// Who closed it.
    public var closedBy: String?
    /// The rungs issued.
    public var escalations: [TaskEscalation]
    /// Demo data.
    public var synthetic: Bool

    /// The completion reported on or before `day`, %.
    public func completion(on day: CivilDay) -> Double { updates.last { $0.on <= day }?.completion ?? 0 }

    /// Overdue on `day`: past its deadline, not reported complete and not closed by then (the one rule the task
    /// board, the department table and the CLI count).
    public func isOverdue(on day: CivilDay) -> Bool {
        day > deadline && completion(on: day) < 100 && (closedOn.map { $0 > day } ?? true)
    }

    /// The status on `day`: 已销号 once closed; 已完成待核查 at 100 %; 滞后 when past the deadline or when the
    /// completion trails 序时进度 by more than the tolerance; 未启动 with nothing reported; else 推进中.
    public func status(on day: CivilDay, rules: DeliveryRules) -> TaskStatus {
        if let c = closedOn, c <= day { return .closed }
        let done = completion(on: day)
        if done >= 100 { return .awaitingVerification }
        if day > deadline { return .lagging }
        if Schedule.elapsedShare(start: start, end: deadline, on: day) - done > rules.lagTolerance.value { return .lagging }
        return done == 0 ? .notStarted : .inProgress
    }

    /// The highest ladder rung due on `day` (nil when none is, or the task is done or closed).
    public func dueRung(on day: CivilDay, rules: DeliveryRules) -> LadderRung? {
        let s = status(on: day, rules: rules)
        guard s != .closed, s != .awaitingVerification else { return nil }
        let over = Schedule.overdueDays(deadline: deadline, on: day)
        return rules.ladder.value.last { $0.overdueDays <= over }
    }

    /// The rung to issue on `day`: the due rung when it is above every rung already issued, else nil.
    public func rungToIssue(on day: CivilDay, rules: DeliveryRules) -> LadderRung? {
        guard let due = dueRung(on: day, rules: rules) else { return nil }
        let order = rules.ladder.value.map(\.id)
        let issued = escalations.compactMap { order.firstIndex(of: $0.rung) }.max() ?? -1
        guard let at = order.firstIndex(of: due.id), at > issued else { return nil }
        return due
    }

    /// Creates a task.
    public init(id: String, year: Int, title: String, source: String, region: RegionCode, lead: String, supporting: [String], responsible: String,
                start: CivilDay, deadline: CivilDay, milestones: [Milestone], updates: [TaskUpdate], closedOn: CivilDay?, closedBy: String?,
                escalations: [TaskEscalation], synthetic: Bool) {
        self.id = id; self.year = year; self.title = title; self.source = source; self.region = region; self.lead = lead; self.supporting = supporting
        self.responsible = responsible; self.start = start; self.deadline = deadline; self.milestones = milestones; self.updates = updates
        self.closedOn = closedOn; self.closedBy = closedBy; self.escalations = escalations; self.synthetic = synthetic
    }
}

/// One row of the department assessment table.
public struct DepartmentLoad: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The department's id.
    public var department: String
    /// Its name.
    public var name: LocalizedText
    /// Tasks it leads.
    public var led: Int
    /// Tasks it supports.
    public var supported: Int
    /// Led tasks closed (已销号).
    public var closed: Int
    /// Led tasks awaiting verification.
    public var awaiting: Int
    /// Led tasks 滞后.
    public var lagging: Int
    /// Led tasks past their deadline and not done.
    public var overdue: Int
    /// closed / led, % (nil without tasks).
    public var completionRate: Double?
    /// Mean reported completion of the led tasks, %.
    public var meanCompletion: Double?
}

/// The department assessment: per department its task load, completion rate and overdue count.
public enum DepartmentAssessment {
    /// One row per department (in the order given) over `tasks` on `day`.
    public static func table(_ departments: [Department], tasks: [DeliveryTask], on day: CivilDay, rules: DeliveryRules) -> [DepartmentLoad] {
        departments.map { d in
            let led = tasks.filter { $0.lead == d.id }
            let statuses = led.map { $0.status(on: day, rules: rules) }
            let closed = statuses.filter { $0 == .closed }.count
            let overdue = led.filter { $0.isOverdue(on: day) }.count
            return DepartmentLoad(department: d.id, name: d.name, led: led.count, supported: tasks.filter { $0.supporting.contains(d.id) }.count,
                                  closed: closed, awaiting: statuses.filter { $0 == .awaitingVerification }.count,
                                  lagging: statuses.filter { $0 == .lagging }.count, overdue: overdue,
                                  completionRate: led.isEmpty ? nil : GBT8170Rounding.round(Double(closed) / Double(led.count) * 100, decimals: 1),
                                  meanCompletion: led.isEmpty ? nil : GBT8170Rounding.round(led.map { $0.completion(on: day) }.reduce(0, +) / Double(led.count), decimals: 1))
        }
    }
}
