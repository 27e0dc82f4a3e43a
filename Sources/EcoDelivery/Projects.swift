public import EcoCore
public import EcoKit
import Foundation

/// 序时进度: the share of a planned duration that has elapsed, the yardstick of Shanxi's task and project ledgers
/// (governance.md §3.2 S10). Both ends count as whole days: a task from 1 January to 31 December runs 365 days, and on
/// 1 July 182 of them have elapsed (1 July included), 182/365 = 49.86 %.
public enum Schedule {
    /// Elapsed share in % (0…100) on `day`: (day − start + 1) / (end − start + 1), clamped; 0 before the start.
    public static func elapsedShare(start: CivilDay, end: CivilDay, on day: CivilDay) -> Double {
        let duration = end.index - start.index + 1
        guard duration > 0 else { return day >= start ? 100 : 0 }
        let elapsed = day.index - start.index + 1
        return min(100, max(0, Double(elapsed) / Double(duration) * 100))
    }

    /// Days past `deadline` on `day` (negative before it, 0 on it).
    public static func overdueDays(deadline: CivilDay, on day: CivilDay) -> Int { day.index - deadline.index }

    /// `day` plus `months` calendar months, the day of the month clamped to the month's length (31 Jan + 1 = 28/29 Feb).
    public static func adding(months: Int, to day: CivilDay) -> CivilDay { day.adding(months: months) }
}

/// An item of the outline's engineering columns 专栏1–5 (built-in data `data/delivery/programmes.json`, editable).
public struct ProgrammeItem: Codable, Sendable, Hashable {
    /// `column.item`, e.g. `2.9`.
    public var id: String
    /// 1…5.
    public var column: Int
    /// The column's title (专栏2 生态环境建设工程).
    public var columnTitle: LocalizedText
    /// The item's title.
    public var title: LocalizedText
    /// What the item asks for, in the outline's words shortened.
    public var summary: String
    /// Division codes the item names (河津 140882 for 2.9).
    public var regions: [RegionCode]
    /// Places it names that are not divisions (黄河, 太行山, 石太高铁…).
    public var places: [String]
    /// The outline's chapter and section the column belongs to, e.g. `五、建设山清水秀天蓝地净的生态环境`.
    public var section: String
}

/// A project's state as its owner declares it.
public enum ProjectStatus: String, Codable, Sendable, CaseIterable {
    case planned, underway, completed, suspended

    /// 计划, 在建, 已完工, 暂停.
    public var label: LocalizedText {
        switch self {
        case .planned: return LocalizedText(zh: "计划", en: "planned")
        case .underway: return LocalizedText(zh: "在建", en: "underway")
        case .completed: return LocalizedText(zh: "已完工", en: "completed")
        case .suspended: return LocalizedText(zh: "暂停", en: "suspended")
        }
    }
}

/// A dated milestone of a project or task.
public struct Milestone: Codable, Sendable, Hashable {
    /// When it is due.
    public var due: CivilDay
    /// What is to be done by then.
    public var title: String

    /// Creates a milestone.
    public init(due: CivilDay, title: String) { self.due = due; self.title = title }
}

/// A concrete engineering project under a programme item.
public struct Project: Codable, Sendable, Hashable {
    /// Unique id (letters, digits, `-`, `_`, `.`).
    public var id: String
    /// Name.
    public var name: String
    /// The programme item, `column.item`.
    public var programme: String
    /// Where it is built.
    public var region: RegionCode
    /// The lead department's id.
    public var leadDepartment: String
    /// Planned investment, 万元.
    public var investmentPlanned: Double
    /// Investment done so far, 万元 (the latest report's, else the imported value).
    public var investmentDone: Double
    /// Planned start.
    public var start: CivilDay
    /// Planned end.
    public var end: CivilDay
    /// Milestones.
    public var milestones: [Milestone]
    /// Framework indicators the project serves.
    public var indicators: [String]
    /// Declared status.
    public var status: ProjectStatus
    /// Evidence file names or references.
    public var evidence: [String]
    /// Progress reports, in period order.
    public var reports: [ProjectReport]
    /// Demo data.
    public var synthetic: Bool

    /// Creates a project.
    public init(id: String, name: String, programme: String, region: RegionCode, leadDepartment: String, investmentPlanned: Double, investmentDone: Double,
                start: CivilDay, end: CivilDay, milestones: [Milestone], indicators: [String], status: ProjectStatus, evidence: [String],
                reports: [ProjectReport], synthetic: Bool) {
        self.id = id; self.name = name; self.programme = programme; self.region = region; self.leadDepartment = leadDepartment
        self.investmentPlanned = investmentPlanned; self.investmentDone = investmentDone; self.start = start; self.end = end
        self.milestones = milestones; self.indicators = indicators; self.status = status; self.evidence = evidence; self.reports = reports
        self.synthetic = synthetic
    }
}

/// A progress report of a project for a period (`YYYY-MM`).
public struct ProjectReport: Codable, Sendable, Hashable {
    /// The month reported, `YYYY-MM`.
    public var period: String
    /// Reported completion, % (0…100).
    public var completion: Double
    /// Cumulative investment done, 万元.
    public var investmentDone: Double?
    /// What was done.
    public var note: String
    /// Evidence references.
    public var evidence: [String]
    /// The account that reported.
    public var by: String

    /// Creates a report.
    public init(period: String, completion: Double, investmentDone: Double?, note: String, evidence: [String], by: String) {
        self.period = period; self.completion = completion; self.investmentDone = investmentDone; self.note = note; self.evidence = evidence; self.by = by
    }
}

/// A project's progress on a day: 序时进度 against the latest reported completion, with its flags.
public struct ProjectProgress: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The project's id.
    public var project: String
    /// The day.
    public var asOf: CivilDay
    /// 序时进度, %.
    public var elapsedShare: Double
    /// Latest reported completion up to the day, % (0 without a report).
    public var completion: Double
    /// The period of that report.
    public var reportedPeriod: String?
    /// completion − elapsedShare, percentage points.
    public var gap: Double
    /// Investment done / planned, %.
    public var investmentShare: Double?
    /// Past the end without being complete.
    public var overdue: Bool
    /// Completion trails 序时进度 by more than the tolerance, or a milestone is past with the project not complete.
    public var atRisk: Bool
    /// Milestones due on or before the day while the project is not complete.
    public var missedMilestones: [String]
}

extension Project {
    /// The project's progress on `day` by the rules' tolerance. A report counts from the last day of its period.
    public func progress(on day: CivilDay, rules: DeliveryRules) -> ProjectProgress {
        let share = Schedule.elapsedShare(start: start, end: end, on: day)
        let counted = reports.filter { r in Self.periodEnd(r.period).map { $0 <= day } ?? false }
        let latest = counted.max { $0.period < $1.period }
        let done = status == .completed ? 100 : (latest?.completion ?? 0)
        let missed = done >= 100 ? [] : milestones.filter { $0.due <= day }.map { "\($0.due) \($0.title)" }
        let invested = latest?.investmentDone ?? investmentDone
        return ProjectProgress(project: id, asOf: day, elapsedShare: GBT8170Rounding.round(share, decimals: 2), completion: done, reportedPeriod: latest?.period,
                               gap: GBT8170Rounding.round(done - share, decimals: 2),
                               investmentShare: investmentPlanned > 0 ? GBT8170Rounding.round(invested / investmentPlanned * 100, decimals: 1) : nil,
                               overdue: day > end && done < 100,
                               atRisk: done < 100 && (share - done > rules.lagTolerance.value || !missed.isEmpty),
                               missedMilestones: missed)
    }

    /// The last day of a `YYYY-MM` period, nil when the text is not one.
    public static func periodEnd(_ period: String) -> CivilDay? {
        let p = period.split(separator: "-")
        guard p.count == 2, p[0].count == 4, p[1].count == 2, let y = Int(p[0]), let m = Int(p[1]), (2000...2100).contains(y), (1...12).contains(m) else { return nil }
        return CivilDay(year: y, month: m, day: CivilDay.daysIn(year: y, month: m))
    }
}
