public import EcoCore
public import EcoKit
import Foundation

/// One grade of a credit scheme, from the best down: its name, its colour (牌), the lowest score that reaches it,
/// and the graded supervision measures it brings (governance.md §1.1 "Measures per grade", §1.2 "Grades").
public struct CreditGrade: Codable, Sendable, Hashable {
    /// Short id: `A`…`D`, or `trustworthy`, `good`, `warning`, `bad`.
    public var id: String
    /// 环保诚信企业 / A 级 …
    public var name: LocalizedText
    /// The plate colour name (绿牌, 蓝牌, 黄牌, 红牌/黑牌) and its display colour.
    public var plate: LocalizedText
    /// `#rrggbb`.
    public var colour: String
    /// The lowest score in this grade (the last grade's is 0).
    public var minScore: Double
    /// Graded supervision measures (inspection frequency, differentiated prices …), as listed measures.
    public var measures: [String]
}

/// What a deduction rule (or a one-vote item) looks at in an enterprise's year.
public enum CreditInput: String, Codable, Sendable, CaseIterable {
    /// An administrative penalty decision (imported, `credit import-penalties`).
    case penalty
    /// A day with at least one exceedance alarm of the enterprise's HJ 212 devices (sources domain).
    case exceedanceDay
    /// The enterprise's yearly HJ 212 effective transmission rate below the rule's threshold (sources domain).
    case transmission
    /// The discharge permit not valid on some day of the year (sources domain).
    case permitInvalid
    /// A permit execution report filed late.
    case reportLate
    /// A complaint verified as founded.
    case complaint
    /// A supervision case naming the enterprise.
    case supervisionCase
    /// A one-vote item recorded for the enterprise (environmental crime, building without EIA …).
    case oneVote
    /// A 一般 environmental emergency at the enterprise (lowers the grade by one, governance.md §1.1 "Downgrade").
    case incident
}

/// One line of a points scheme's deduction table: records of `input` that satisfy the conditions lose `points`
/// each; the lines of one `group` together lose at most the group's cap. Rules are tried in order, and a record
/// counts under the first line it satisfies.
public struct DeductionRule: Codable, Sendable, Hashable {
    /// Stable id (`penalty-small` …), shown with every deduction it makes.
    public var id: String
    /// The rule in words.
    public var text: LocalizedText
    /// The records it looks at.
    public var input: CreditInput
    /// Penalties only: the fine is above this (yuan).
    public var fineAbove: Double?
    /// Penalties only: the fine is at most this (yuan).
    public var fineAtMost: Double?
    /// Penalties only: the decision ordered closure or suspension (`closed` true).
    public var closed: Bool?
    /// Transmission only: the rate (%) is below this.
    public var below: Double?
    /// Points lost per record.
    public var points: RuleValue<Double>
    /// The group whose cap applies.
    public var group: String
}

/// One weighted indicator of a weighted scheme (the 2013 national method's 21-indicator structure: each indicator
/// scored 0–100 and weighted; governance.md §1.1 rows 1–5 and "Two more weights").
public struct WeightedIndicator: Codable, Sendable, Hashable {
    /// Stable id.
    public var id: String
    /// Its name.
    public var name: LocalizedText
    /// 污染防治, 生态保护, 环境管理 or 社会监督.
    public var group: String
    /// The weight, % of the total.
    public var weight: RuleValue<Double>
    /// What scores it: `compliance` (the outlets' compliance rate through `bands`), `noPenalty` (100 without any
    /// penalty in the year, else 0), `plan` (100 with a valid emergency plan on file, else 0).
    public var measure: String
    /// For `compliance`: (rate from, score at that rate, score at the next band's start) in descending rate order;
    /// the score is interpolated linearly within a band.
    public var bands: [[Double]]
}

/// A versioned credit scheme: a points ledger from a start score (Shanxi's 2024 pilot) or a weighted score (the
/// 2013 national method); its grades with their cut-offs; the one-vote items; the procedure's periods.
public struct CreditScheme: Codable, Sendable, Hashable {
    /// Stable id (`shanxi-2024-pilot`, `national-2013`).
    public var id: String
    /// Version of the file.
    public var version: Int
    /// The scheme's name.
    public var name: LocalizedText
    /// `points` or `weighted`.
    public var kind: String
    /// Where it comes from.
    public var source: String
    /// Points schemes: the start score (100 for a first entry, governance.md §1.2 "Initial score").
    public var start: RuleValue<Double>
    /// The grades from the best down; cut-offs in `minScore`.
    public var grades: RuleValue<[CreditGrade]>
    /// Points schemes: the deduction table.
    public var deductions: [DeductionRule]
    /// Points schemes: the most a group of deduction lines may take.
    public var caps: [String: RuleValue<Double>]
    /// Weighted schemes: the indicators.
    public var indicators: [WeightedIndicator]
    /// One-vote items (一票否决): their ids and wording; any one recorded gives the lowest grade.
    public var oneVote: RuleValue<[OneVoteItem]>
    /// Days of public notice (公示) of the preliminary rating.
    public var noticeDays: RuleValue<Int>
    /// Months after the rating before an enterprise may apply for repair, and the working days the city has to verify.
    public var repairAfterMonths: RuleValue<Int>
    /// Working days for the city to verify a repair application.
    public var repairVerifyWorkingDays: RuleValue<Int>
    /// The grades that may apply for repair.
    public var repairableGrades: RuleValue<[String]>

    /// The first problem that makes the scheme unusable, as a sentence; nil when it is sound.
    public var problem: String? {
        guard kind == "points" || kind == "weighted" else { return "kind must be points or weighted, not '\(kind.prefix(20))'" }
        guard !grades.value.isEmpty else { return "a scheme needs at least one grade" }
        let mins = grades.value.map(\.minScore)
        guard mins.allSatisfy({ (0...100).contains($0) }), zip(mins, mins.dropFirst()).allSatisfy({ $0 > $1 }), mins.last == 0 else {
            return "grade cut-offs must fall from the best grade to 0 for the last, each from 0 to 100"
        }
        guard Set(grades.value.map(\.id)).count == grades.value.count else { return "grade ids must be distinct" }
        guard (0...100).contains(start.value) else { return "start must be 0 to 100 points" }
        for d in deductions {
            guard (0...100).contains(d.points.value), caps[d.group] != nil else { return "deduction \(d.id): points must be 0 to 100 and its group '\(d.group)' needs a cap" }
        }
        guard caps.values.allSatisfy({ (0...100).contains($0.value) }) else { return "caps must be 0 to 100 points" }
        if kind == "weighted" {
            guard !indicators.isEmpty, indicators.allSatisfy({ $0.weight.value > 0 && $0.weight.value <= 100 }) else { return "a weighted scheme needs indicators with weights above 0 and at most 100" }
            for i in indicators where i.measure == "compliance" {
                guard !i.bands.isEmpty, i.bands.allSatisfy({ $0.count == 3 && $0.allSatisfy { (0...100).contains($0) } }) else {
                    return "indicator \(i.id): bands must be [rate from, score there, score at the next band] with values 0 to 100"
                }
            }
        }
        guard (1...90).contains(noticeDays.value), (0...24).contains(repairAfterMonths.value), (1...60).contains(repairVerifyWorkingDays.value) else {
            return "noticeDays must be 1 to 90, repairAfterMonths 0 to 24, repairVerifyWorkingDays 1 to 60"
        }
        return nil
    }

    /// The names of the values marked reconstructed, with their sources (shown beside every rating that uses them).
    public var reconstructed: [String] {
        var out: [String] = []
        func add<T>(_ name: String, _ v: RuleValue<T>) { if v.certainty == .reconstructed { out.append("\(name) — \(v.source)") } }
        add("start", start); add("grades", grades); add("oneVote", oneVote); add("noticeDays", noticeDays)
        add("repairAfterMonths", repairAfterMonths); add("repairVerifyWorkingDays", repairVerifyWorkingDays); add("repairableGrades", repairableGrades)
        for d in deductions { add("deduction \(d.id)", d.points) }
        for (k, v) in caps.sorted(by: { $0.key < $1.key }) { add("cap \(k)", v) }
        for i in indicators { add("weight \(i.id)", i.weight) }
        return out
    }
}

/// A one-vote item (一票否决).
public struct OneVoteItem: Codable, Sendable, Hashable {
    /// Stable id (`crime`, `no-eia` …), used in the records that assert it.
    public var id: String
    /// Its wording.
    public var text: LocalizedText
}
