public import EcoCore
public import EcoKit
import Foundation

/// The state of a supervision case under the five-step procedure (五步法, governance.md §3.1; the state list is the
/// reference's reconstruction: 发现 → 交办 → 整改中 → 核查 → 销号, on failure or delay 约谈 → 专项督察 → 问责移交).
public enum CaseState: String, Codable, Sendable, CaseIterable {
    case found, assigned, rectifying, summoned, inspection, referred, verified, closed

    /// 发现, 交办, 整改中, 约谈, 专项督察, 问责移交, 核查通过待销号, 已销号.
    public var label: LocalizedText {
        switch self {
        case .found: return LocalizedText(zh: "发现", en: "found")
        case .assigned: return LocalizedText(zh: "交办", en: "assigned")
        case .rectifying: return LocalizedText(zh: "整改中", en: "rectifying")
        case .summoned: return LocalizedText(zh: "约谈", en: "summoned")
        case .inspection: return LocalizedText(zh: "专项督察", en: "special inspection")
        case .referred: return LocalizedText(zh: "问责移交", en: "referred for accountability")
        case .verified: return LocalizedText(zh: "核查通过待销号", en: "verified, awaiting closure")
        case .closed: return LocalizedText(zh: "已销号", en: "closed")
        }
    }

    /// The escalation rung a state stands for (约谈 1, 专项督察 2, 问责移交 3), 0 otherwise.
    var rung: Int { self == .summoned ? 1 : self == .inspection ? 2 : self == .referred ? 3 : 0 }
}

/// How a problem was found.
public enum CaseSource: String, Codable, Sendable, CaseIterable {
    case inspection, complaint, alarm, satellite

    /// 督查排查, 信访投诉, 监测报警, 卫星遥感.
    public var label: LocalizedText {
        switch self {
        case .inspection: return LocalizedText(zh: "督查排查", en: "inspection")
        case .complaint: return LocalizedText(zh: "信访投诉", en: "complaint")
        case .alarm: return LocalizedText(zh: "监测报警", en: "monitoring alarm")
        case .satellite: return LocalizedText(zh: "卫星遥感", en: "satellite")
        }
    }
}

/// Ordinary problems are solved within 7 days, major or complex ones within a month ("13710").
public enum CaseSeverity: String, Codable, Sendable, CaseIterable { case ordinary, major }

/// What a user does to a case.
public enum CaseAction: Sendable, Hashable {
    /// 交办: hand to a unit with a deadline (nil: by the 13710 rule) and the rectification target.
    case assign(unit: String, deadline: CivilDay?, target: String)
    /// The unit reports rectification progress (整改中).
    case report(note: String)
    /// 核查: a verification visit, passed or failed.
    case verify(passed: Bool, note: String)
    /// 销号: the province closes a verified case.
    case close(note: String)
    /// One rung up: 约谈 → 专项督察 → 问责移交, allowed when overdue, after a failed verification, or from a rung.
    case escalate(note: String, people: Int)
    /// 反弹: a closed case opens again.
    case reopen(reason: String)

    /// The action's name as the CLI and the API spell it.
    public var name: String {
        switch self {
        case .assign: return "assign"
        case .report: return "report"
        case .verify: return "verify"
        case .close: return "close"
        case .escalate: return "escalate"
        case .reopen: return "reopen"
        }
    }
}

/// One recorded step: who did what, when, from which state to which.
public struct CaseStep: Codable, Sendable, Hashable {
    /// `open`, `assign`, `report`, `verify`, `close`, `escalate`, `reopen`.
    public var action: String
    /// State before (nil for `open`).
    public var from: CaseState?
    /// State after.
    public var to: CaseState
    /// The day.
    public var on: CivilDay
    /// The account.
    public var by: String
    /// What was said or done.
    public var note: String
    /// Evidence references.
    public var evidence: [String]
}

/// The outcome counters a case contributes to the bulletins (governance.md §3.1 S9).
public struct CaseOutcome: Codable, Sendable, Hashable {
    /// Firms ordered to rectify.
    public var firmsOrdered: Int = 0
    /// Cases filed for penalty (立案).
    public var filed: Int = 0
    /// Fines, 万元.
    public var fines: Double = 0
    /// Criminal referrals.
    public var criminal: Int = 0
    /// People detained.
    public var detained: Int = 0
    /// People summoned (约谈).
    public var summoned: Int = 0
    /// People held accountable (问责).
    public var accountable: Int = 0

    /// Creates counters.
    public init(firmsOrdered: Int = 0, filed: Int = 0, fines: Double = 0, criminal: Int = 0, detained: Int = 0, summoned: Int = 0, accountable: Int = 0) {
        self.firmsOrdered = firmsOrdered; self.filed = filed; self.fines = fines; self.criminal = criminal
        self.detained = detained; self.summoned = summoned; self.accountable = accountable
    }
}

/// A supervision case.
public struct SupervisionCase: Codable, Sendable, Hashable {
    /// Unique id.
    public var id: String
    /// The problem.
    public var title: String
    /// Where.
    public var region: RegionCode
    /// How it was found.
    public var source: CaseSource
    /// Ordinary or major.
    public var severity: CaseSeverity
    /// The day found.
    public var foundOn: CivilDay
    /// The current state.
    public var state: CaseState
    /// The responsible unit (a department id), once assigned.
    public var unit: String?
    /// The rectification deadline.
    public var deadline: CivilDay?
    /// The rectification target (整改目标).
    public var target: String?
    /// The highest rung reached (0 none, 1 约谈, 2 专项督察, 3 问责移交).
    public var rung: Int
    /// Failed verifications.
    public var failedVerifications: Int
    /// Times reopened (反弹).
    public var reopened: Int
    /// Outcome counters.
    public var outcome: CaseOutcome
    /// Every step, in order.
    public var steps: [CaseStep]
    /// Demo data.
    public var synthetic: Bool

    /// Open states: not closed.
    public var isOpen: Bool { state != .closed }

    /// A new case in state 发现.
    public static func open(id: String, title: String, region: RegionCode, source: CaseSource, severity: CaseSeverity, on day: CivilDay, by: String,
                            note: String = "", synthetic: Bool = false) -> SupervisionCase {
        SupervisionCase(id: id, title: title, region: region, source: source, severity: severity, foundOn: day, state: .found, unit: nil, deadline: nil,
                        target: nil, rung: 0, failedVerifications: 0, reopened: 0, outcome: CaseOutcome(),
                        steps: [CaseStep(action: "open", from: nil, to: .found, on: day, by: by, note: note, evidence: [])], synthetic: synthetic)
    }

    /// Past the deadline on `day` and not yet verified or closed.
    public func overdue(on day: CivilDay) -> Bool {
        guard let d = deadline, state != .verified, state != .closed else { return false }
        return day > d
    }

    /// The "13710" checks on `day`: assigned later than the assign rule, no report within the report rule.
    public func responseFlags(on day: CivilDay, rules: DeliveryRules) -> [String] {
        var out: [String] = []
        let assigned = steps.first { $0.action == "assign" }?.on
        if (assigned ?? day).index - foundOn.index > rules.response.assignDays.value {
            out.append("交办超过\(rules.response.assignDays.value)日 (13710: assign within \(rules.response.assignDays.value) day)")
        }
        if let a = assigned {
            let report = steps.first { $0.action == "report" }?.on
            if (report ?? day).index - a.index > rules.response.reportDays.value {
                out.append("交办后\(rules.response.reportDays.value)日内未报告进展 (13710: first report within \(rules.response.reportDays.value) days)")
            }
        }
        if overdue(on: day) { out.append("逾期未完成整改 (past the deadline)") }
        return out
    }

    /// The deadline the "13710" rule gives a case assigned on `day`: 7 days for an ordinary problem, one month for a major one.
    public func defaultDeadline(assignedOn day: CivilDay, rules: DeliveryRules) -> CivilDay {
        severity == .ordinary ? day.adding(rules.response.ordinaryDays.value) : Schedule.adding(months: rules.response.majorMonths.value, to: day)
    }

    /// The case after `action` on `day` by `by`, or the sentence saying why the action is not allowed in this state.
    public func applying(_ action: CaseAction, on day: CivilDay, by: String, evidence: [String] = [], rules: DeliveryRules) -> Result<SupervisionCase, CaseRefusal> {
        var c = self
        let from = state
        func refuse(_ why: String) -> Result<SupervisionCase, CaseRefusal> {
            .failure(CaseRefusal(description: "case \(id) is \(from.label.zh) (\(from.rawValue)): \(why)"))
        }
        if day < (steps.last?.on ?? foundOn) { return refuse("the day \(day) is before its last step (\(steps.last?.on ?? foundOn))") }
        var note = ""
        switch action {
        case .assign(let unit, let deadline, let target):
            guard from == .found else { return refuse("only a found case (发现) can be assigned") }
            guard !unit.isEmpty, !target.isEmpty else { return refuse("assigning needs the responsible unit and the rectification target") }
            let d = deadline ?? defaultDeadline(assignedOn: day, rules: rules)
            guard d >= day else { return refuse("the deadline \(d) is before the day of assignment \(day)") }
            c.unit = unit; c.deadline = d; c.target = target; c.state = .assigned
            note = "交办 \(unit), 时限 \(d): \(target)"
        case .report(let n):
            guard [.assigned, .rectifying, .summoned, .inspection, .referred].contains(from) else { return refuse("progress is reported only on an assigned case still being rectified") }
            c.state = .rectifying; note = n
        case .verify(let passed, let n):
            guard from == .rectifying else { return refuse("only a case being rectified (整改中) with a report can be verified") }
            if passed { c.state = .verified } else { c.failedVerifications += 1; c.state = .rectifying }
            note = (passed ? "核查通过: " : "核查未通过: ") + n
        case .close(let n):
            guard from == .verified else { return refuse("only a verified case (核查通过) can be closed (销号)") }
            c.state = .closed; note = n
        case .escalate(let n, let people):
            guard [.assigned, .rectifying, .summoned, .inspection].contains(from) else {
                return refuse(from == .referred ? "it is at the top of the ladder (问责移交)" : "only an assigned case being rectified can be escalated")
            }
            guard from.rung > 0 || c.rung > 0 || overdue(on: day) || failedVerifications > 0 else {
                return refuse("escalation needs the deadline passed (\(deadline.map { "\($0)" } ?? "none")) or a failed verification")
            }
            guard (0...10_000).contains(people) else { return refuse("people must be 0 to 10000") }
            let next = max(c.rung, from.rung) + 1
            c.rung = next
            c.state = next == 1 ? .summoned : next == 2 ? .inspection : .referred
            if next == 3 { c.outcome.accountable += people } else { c.outcome.summoned += people }
            note = n
        case .reopen(let reason):
            guard from == .closed else { return refuse("only a closed case can reopen") }
            guard !reason.isEmpty else { return refuse("reopening needs the reason (反弹)") }
            c.reopened += 1; c.state = .rectifying; note = "反弹: " + reason
        }
        c.steps.append(CaseStep(action: action.name, from: from, to: c.state, on: day, by: by, note: note, evidence: evidence))
        return .success(c)
    }
}

/// Why a case action was refused: one sentence.
public struct CaseRefusal: Error, Sendable, CustomStringConvertible, Hashable {
    /// The sentence.
    public let description: String
}

/// The bulletin counters over a set of cases (as the provincial bulletins publish them, governance.md §3.1 S9).
public struct CaseCounters: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// Cases.
    public var cases: Int
    /// Closed (基本办结).
    public var closed: Int
    /// Open and past the deadline.
    public var overdue: Int
    /// Firms ordered to rectify.
    public var firmsOrdered: Int
    /// Cases filed.
    public var filed: Int
    /// Fines, 万元.
    public var fines: Double
    /// Criminal referrals.
    public var criminal: Int
    /// Detained.
    public var detained: Int
    /// People summoned.
    public var summoned: Int
    /// People held accountable.
    public var accountable: Int
    /// Cases per state.
    public var byState: [String: Int]

    /// The counters of `cases` on `day`.
    public static func of(_ cases: [SupervisionCase], on day: CivilDay) -> CaseCounters {
        var by: [String: Int] = [:]
        for s in CaseState.allCases { by[s.rawValue] = 0 }
        for c in cases { by[c.state.rawValue, default: 0] += 1 }
        return CaseCounters(cases: cases.count, closed: cases.filter { $0.state == .closed }.count, overdue: cases.filter { $0.overdue(on: day) }.count,
                            firmsOrdered: cases.reduce(0) { $0 + $1.outcome.firmsOrdered }, filed: cases.reduce(0) { $0 + $1.outcome.filed },
                            fines: GBT8170Rounding.round(cases.reduce(0) { $0 + $1.outcome.fines }, decimals: 2),
                            criminal: cases.reduce(0) { $0 + $1.outcome.criminal }, detained: cases.reduce(0) { $0 + $1.outcome.detained },
                            summoned: cases.reduce(0) { $0 + $1.outcome.summoned }, accountable: cases.reduce(0) { $0 + $1.outcome.accountable }, byState: by)
    }
}
