public import EcoCore
public import EcoKit
import Foundation

/// Where a rating stands in the procedure (governance.md §1.1 "Procedure"): rated (初评) → under public notice (公示)
/// → final (发布). Objections are filed during the notice; repair (信用修复) is applied for after the final rating.
public enum CreditStage: String, Codable, Sendable, CaseIterable {
    /// Computed, not yet published.
    case preliminary
    /// Under public notice; objections may be filed until the notice ends.
    case notice
    /// Final.
    case final

    /// The name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .preliminary: return LocalizedText(zh: "初评", en: "preliminary")
        case .notice: return LocalizedText(zh: "公示中", en: "under public notice")
        case .final: return LocalizedText(zh: "已发布", en: "final")
        }
    }
}

/// An objection (异议) to a rating under notice, and its review.
public struct CreditObjection: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// 1, 2, … within the file.
    public var number: Int
    /// The day filed.
    public var filedOn: CivilDay
    /// Who filed it (the account, for the enterprise).
    public var by: String
    /// The reason.
    public var reason: String
    /// Evidence references.
    public var evidence: [String]
    /// `upheld` or `rejected`; nil while pending.
    public var decision: String?
    /// The day decided.
    public var decidedOn: CivilDay?
    /// The reviewer.
    public var decidedBy: String?
    /// The record references the upheld objection cancels (the deductions it removes).
    public var cancels: [String]
    /// The reviewer's note.
    public var note: String
}

/// A credit repair application (信用修复) and its verification.
public struct CreditRepair: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The day applied.
    public var appliedOn: CivilDay
    /// Who applied.
    public var by: String
    /// The rectification evidence.
    public var evidence: [String]
    /// The record references whose deductions the repair would cancel.
    public var cancels: [String]
    /// The last day for the city to verify (working days after the application).
    public var verifyBy: CivilDay
    /// `approved` or `refused`; nil while pending.
    public var decision: String?
    /// The day decided.
    public var decidedOn: CivilDay?
    /// Who decided.
    public var decidedBy: String?
    /// The decision's note.
    public var note: String
}

/// A rating and its procedure: the file kept for an enterprise and year.
public struct CreditFile: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The rating as it stands (re-rated when an objection is upheld or a repair approved).
    public var rating: CreditRating
    /// The stage.
    public var stage: CreditStage
    /// The first and last day of the notice.
    public var noticeFrom: CivilDay?
    /// The last day of the notice.
    public var noticeUntil: CivilDay?
    /// Objections, in order.
    public var objections: [CreditObjection]
    /// The day and account of the final rating.
    public var finalizedOn: CivilDay?
    /// Who finalised it.
    public var finalizedBy: String?
    /// Repair applications, in order.
    public var repairs: [CreditRepair]
    /// Record references cancelled by upheld objections and approved repairs (left out when rating again).
    public var cancelled: [String]

    /// A new preliminary file.
    public static func preliminary(_ rating: CreditRating) -> CreditFile {
        CreditFile(rating: rating, stage: .preliminary, noticeFrom: nil, noticeUntil: nil, objections: [], finalizedOn: nil, finalizedBy: nil, repairs: [], cancelled: [])
    }

    /// The file's id in the store: `YEAR/CREDITCODE`.
    public var id: String { "\(rating.year)/\(rating.enterprise)" }
}

/// Why a procedure step is refused: one sentence.
public struct CreditRefusal: Error, Sendable, CustomStringConvertible, Hashable {
    /// The sentence.
    public let description: String
}

/// The procedure's steps, pure: each returns the file after the step or the sentence saying why not.
public enum CreditProcedure {
    /// Publishes a preliminary rating for `scheme.noticeDays` calendar days from `day` (the last day is day + n − 1).
    public static func notice(_ f: CreditFile, on day: CivilDay, scheme: CreditScheme) -> Result<CreditFile, CreditRefusal> {
        guard f.stage == .preliminary else { return .failure(CreditRefusal(description: "\(f.id) is \(f.stage.rawValue): only a preliminary rating is put under notice")) }
        var x = f
        x.stage = .notice; x.noticeFrom = day; x.noticeUntil = day.adding(scheme.noticeDays.value - 1)
        return .success(x)
    }

    /// Files an objection during the notice.
    public static func object(_ f: CreditFile, on day: CivilDay, by: String, reason: String, evidence: [String]) -> Result<CreditFile, CreditRefusal> {
        guard f.stage == .notice, let from = f.noticeFrom, let until = f.noticeUntil else {
            return .failure(CreditRefusal(description: "\(f.id) is \(f.stage.rawValue): objections are filed while the rating is under notice"))
        }
        guard day >= from, day <= until else { return .failure(CreditRefusal(description: "the notice of \(f.id) runs \(from) to \(until); \(day) is outside it")) }
        guard !reason.isEmpty, reason.count <= 1000 else { return .failure(CreditRefusal(description: "an objection needs a reason of 1 to 1000 characters")) }
        var x = f
        x.objections.append(CreditObjection(number: f.objections.count + 1, filedOn: day, by: by, reason: reason, evidence: evidence, decision: nil, decidedOn: nil,
                                            decidedBy: nil, cancels: [], note: ""))
        return .success(x)
    }

    /// Decides objection `number`: upheld (cancelling the deductions of `cancels`, which must be records the rating
    /// counted) or rejected. The caller rates again when the cancelled set changed.
    public static func decide(_ f: CreditFile, objection number: Int, upheld: Bool, cancels: [String], on day: CivilDay, by: String, note: String) -> Result<CreditFile, CreditRefusal> {
        guard let i = f.objections.firstIndex(where: { $0.number == number }) else { return .failure(CreditRefusal(description: "\(f.id) has no objection \(number)")) }
        guard f.objections[i].decision == nil else { return .failure(CreditRefusal(description: "objection \(number) of \(f.id) is already \(f.objections[i].decision ?? "")")) }
        guard day >= f.objections[i].filedOn else { return .failure(CreditRefusal(description: "the day \(day) is before the objection was filed")) }
        let counted = Set(f.rating.deductions.map(\.reference))
        if upheld, let bad = cancels.first(where: { !counted.contains($0) }) {
            return .failure(CreditRefusal(description: "'\(bad.prefix(60))' is not a record this rating counts: one of " + counted.sorted().joined(separator: ", ")))
        }
        var x = f
        x.objections[i].decision = upheld ? "upheld" : "rejected"
        x.objections[i].decidedOn = day; x.objections[i].decidedBy = by; x.objections[i].note = note
        x.objections[i].cancels = upheld ? cancels : []
        if upheld { x.cancelled = Array(Set(x.cancelled + cancels)).sorted() }
        return .success(x)
    }

    /// Makes the rating final: after the notice's last day, with no objection pending.
    public static func finalize(_ f: CreditFile, on day: CivilDay, by: String) -> Result<CreditFile, CreditRefusal> {
        guard f.stage == .notice, let until = f.noticeUntil else { return .failure(CreditRefusal(description: "\(f.id) is \(f.stage.rawValue): only a rating under notice is made final")) }
        guard day > until else { return .failure(CreditRefusal(description: "the notice of \(f.id) runs until \(until): it can be made final from \(until.adding(1))")) }
        if let p = f.objections.first(where: { $0.decision == nil }) {
            return .failure(CreditRefusal(description: "objection \(p.number) of \(f.id) (filed \(p.filedOn)) is not decided yet"))
        }
        var x = f
        x.stage = .final; x.finalizedOn = day; x.finalizedBy = by
        return .success(x)
    }

    /// Applies for repair: a final rating in a repairable grade, at least `repairAfterMonths` after it was made
    /// final, with evidence, naming the records whose deductions it asks to cancel; one application pending at a time.
    public static func applyRepair(_ f: CreditFile, on day: CivilDay, by: String, evidence: [String], cancels: [String], scheme: CreditScheme) -> Result<CreditFile, CreditRefusal> {
        guard f.stage == .final, let done = f.finalizedOn else { return .failure(CreditRefusal(description: "\(f.id) is \(f.stage.rawValue): repair is for a final rating")) }
        guard let g = f.rating.grade, scheme.repairableGrades.value.contains(g) else {
            return .failure(CreditRefusal(description: "grade \(f.rating.grade ?? "none") is not repairable: only " + scheme.repairableGrades.value.joined(separator: ", ")))
        }
        let earliest = done.adding(months: scheme.repairAfterMonths.value)
        guard day >= earliest else { return .failure(CreditRefusal(description: "repair of \(f.id) may be applied for from \(earliest) (\(scheme.repairAfterMonths.value) months after \(done))")) }
        guard !evidence.isEmpty else { return .failure(CreditRefusal(description: "a repair application needs the rectification evidence")) }
        guard !f.repairs.contains(where: { $0.decision == nil }) else { return .failure(CreditRefusal(description: "\(f.id) has a repair application pending")) }
        let counted = Set(f.rating.deductions.map(\.reference))
        guard !cancels.isEmpty, cancels.allSatisfy({ counted.contains($0) }) else {
            return .failure(CreditRefusal(description: "name the records to repair, each one the rating counts: " + counted.sorted().joined(separator: ", ")))
        }
        var x = f
        x.repairs.append(CreditRepair(appliedOn: day, by: by, evidence: evidence, cancels: cancels, verifyBy: day.addingWorkingDays(scheme.repairVerifyWorkingDays.value),
                                      decision: nil, decidedOn: nil, decidedBy: nil, note: ""))
        return .success(x)
    }

    /// The city's decision on the pending repair; approved cancels its records (the caller rates again).
    public static func decideRepair(_ f: CreditFile, approve: Bool, on day: CivilDay, by: String, note: String) -> Result<CreditFile, CreditRefusal> {
        guard let i = f.repairs.firstIndex(where: { $0.decision == nil }) else { return .failure(CreditRefusal(description: "\(f.id) has no repair application pending")) }
        guard day >= f.repairs[i].appliedOn else { return .failure(CreditRefusal(description: "the day \(day) is before the application (\(f.repairs[i].appliedOn))")) }
        var x = f
        x.repairs[i].decision = approve ? "approved" : "refused"
        x.repairs[i].decidedOn = day; x.repairs[i].decidedBy = by; x.repairs[i].note = note
        if approve { x.cancelled = Array(Set(x.cancelled + f.repairs[i].cancels)).sorted() }
        return .success(x)
    }
}
