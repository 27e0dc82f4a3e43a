public import EcoCore
public import EcoKit
import Foundation

/// One fact about an enterprise that a credit scheme may count: a penalty decision, an exceedance day, a verified
/// complaint, a one-vote item … Each deduction of a rating names the record it comes from.
public struct CreditRecord: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The enterprise's unified social credit code (统一社会信用代码).
    public var enterprise: String
    /// What kind of fact it is.
    public var input: CreditInput
    /// Its reference: the decision number, the alarm day, the complaint number.
    public var reference: String
    /// The day of the fact.
    public var day: CivilDay
    /// What it says (the legal basis of a penalty, the pollutant of an exceedance …).
    public var text: String
    /// Penalties: the fine in yuan.
    public var fine: Double?
    /// Penalties: the decision ordered closure or suspension.
    public var closed: Bool?
    /// Transmission: the yearly effective rate, %.
    public var rate: Double?
    /// One-vote records: the item's id.
    public var item: String?

    /// Creates a record.
    public init(enterprise: String, input: CreditInput, reference: String, day: CivilDay, text: String, fine: Double? = nil, closed: Bool? = nil,
                rate: Double? = nil, item: String? = nil) {
        self.enterprise = enterprise; self.input = input; self.reference = reference; self.day = day; self.text = text
        self.fine = fine; self.closed = closed; self.rate = rate; self.item = item
    }
}

/// One deduction of a rating, traced to its rule and record.
public struct CreditDeduction: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The rule's id.
    public var rule: String
    /// The rule in words.
    public var ruleText: LocalizedText
    /// The record's reference and day.
    public var reference: String
    /// The record's day.
    public var day: CivilDay
    /// What the record says.
    public var text: String
    /// The rule's points.
    public var points: Double
    /// The points taken after the group's cap (less than `points` when the cap is reached).
    public var applied: Double
    /// The rule's certainty.
    public var certainty: Certainty
}

/// One weighted indicator's score in a rating.
public struct IndicatorScore: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// The indicator's id.
    public var indicator: String
    /// Its name.
    public var name: LocalizedText
    /// Its weight, %.
    public var weight: Double
    /// 0–100, nil when the year has no data for it (its weight is then left out).
    public var score: Double?
    /// How the score was reached.
    public var basis: String
}

/// An enterprise's credit rating of a year under a scheme, with everything that made it.
public struct CreditRating: Codable, Sendable, Hashable, CompleteKeysEncodable {
    /// Credit code.
    public var enterprise: String
    /// The enterprise's name.
    public var name: String
    /// The year rated (the facts of that calendar year, governance.md §1.1 "Period").
    public var year: Int
    /// The scheme's id and version.
    public var scheme: String
    /// The scheme's version.
    public var schemeVersion: Int
    /// The score, 0–100; nil when no indicator of a weighted scheme had data.
    public var score: Double?
    /// The grade's id, nil when not rated.
    public var grade: String?
    /// The grade's name.
    public var gradeName: LocalizedText?
    /// The plate.
    public var plate: LocalizedText?
    /// The plate's colour.
    public var colour: String?
    /// Points schemes: the deductions, in day order.
    public var deductions: [CreditDeduction]
    /// Weighted schemes: each indicator's score.
    public var indicators: [IndicatorScore]
    /// The one-vote items recorded (the lowest grade follows).
    public var oneVote: [String]
    /// Lowered one grade by a 一般 environmental emergency in the year.
    public var downgraded: Bool
    /// The graded measures of the grade.
    public var measures: [String]
    /// The arithmetic in one line.
    public var arithmetic: String
}

/// The rating engine: pure, from the records of a year and the scheme.
public enum CreditRater {
    /// Rates one enterprise for `year`. Points scheme: start − Σ deductions (each group at most its cap), not below
    /// 0. Weighted scheme: Σ weight × score / Σ weight over the indicators with data. Then the grade by the cut-offs,
    /// the lowest grade when a one-vote item is recorded, one grade lower for a 一般 emergency.
    public static func rate(enterprise: String, name: String, year: Int, records: [CreditRecord], complianceRate: Double? = nil, hasValidPlan: Bool? = nil,
                            scheme: CreditScheme) -> CreditRating {
        let mine = records.filter { $0.enterprise == enterprise && $0.day.year == year }.sorted { ($0.day, $0.reference) < ($1.day, $1.reference) }
        var deductions: [CreditDeduction] = []
        var indicators: [IndicatorScore] = []
        var score: Double?
        var arithmetic = ""
        if scheme.kind == "points" {
            var used: [String: Double] = [:]
            for r in mine {
                guard let rule = scheme.deductions.first(where: { matches($0, r) }) else { continue }
                let cap = scheme.caps[rule.group]?.value ?? 0
                let applied = max(0, min(rule.points.value, cap - used[rule.group, default: 0]))
                used[rule.group, default: 0] += applied
                deductions.append(CreditDeduction(rule: rule.id, ruleText: rule.text, reference: r.reference, day: r.day, text: r.text, points: rule.points.value,
                                                  applied: applied, certainty: rule.points.certainty))
            }
            let total = deductions.reduce(0) { $0 + $1.applied }
            score = GBT8170Rounding.round(max(0, scheme.start.value - total), decimals: 2)
            arithmetic = "\(NumberText.shortest(scheme.start.value)) − " + (deductions.isEmpty ? "0" : deductions.map { NumberText.shortest($0.applied) }.joined(separator: " − "))
                + " = \(NumberText.shortest(score ?? 0))"
        } else {
            let penalties = mine.filter { $0.input == .penalty }
            for i in scheme.indicators {
                var s: Double?, basis = "no data"
                switch i.measure {
                case "compliance":
                    if let rate = complianceRate { s = bandScore(rate, bands: i.bands); basis = "compliance rate \(NumberText.shortest(rate)) %" }
                case "noPenalty":
                    s = penalties.isEmpty ? 100 : 0
                    basis = penalties.isEmpty ? "no penalty in \(year)" : "\(penalties.count) penalties: " + penalties.map(\.reference).joined(separator: ", ")
                case "plan":
                    if let p = hasValidPlan { s = p ? 100 : 0; basis = p ? "valid emergency plan on file" : "no valid emergency plan" }
                default: break
                }
                indicators.append(IndicatorScore(indicator: i.id, name: i.name, weight: i.weight.value, score: s.map { GBT8170Rounding.round($0, decimals: 2) }, basis: basis))
            }
            let rated = indicators.filter { $0.score != nil }
            let weight = rated.reduce(0) { $0 + $1.weight }
            if weight > 0 {
                let sum = rated.reduce(0) { $0 + $1.weight * ($1.score ?? 0) }
                score = GBT8170Rounding.round(sum / weight, decimals: 2)
                arithmetic = "(" + rated.map { "\(NumberText.shortest($0.weight)) × \(NumberText.shortest($0.score ?? 0))" }.joined(separator: " + ")
                    + ") / \(NumberText.shortest(weight)) = \(NumberText.shortest(score ?? 0))"
            } else {
                arithmetic = "no indicator has data for \(year)"
            }
        }
        let grades = scheme.grades.value
        var index = score.flatMap { s in grades.firstIndex { s >= $0.minScore } }
        let oneVote = mine.filter { $0.input == .oneVote }.map { r in r.item ?? r.reference }
        let incident = mine.contains { $0.input == .incident }
        if index != nil, !oneVote.isEmpty { index = grades.count - 1; arithmetic += "; one-vote: " + oneVote.joined(separator: ", ") }
        var downgraded = false
        if let i = index, oneVote.isEmpty, incident, i < grades.count - 1 { index = i + 1; downgraded = true; arithmetic += "; one grade lower (一般 emergency)" }
        let g = index.map { grades[$0] }
        return CreditRating(enterprise: enterprise, name: name, year: year, scheme: scheme.id, schemeVersion: scheme.version, score: score, grade: g?.id,
                            gradeName: g?.name, plate: g?.plate, colour: g?.colour, deductions: deductions, indicators: indicators, oneVote: oneVote,
                            downgraded: downgraded, measures: g?.measures ?? [], arithmetic: arithmetic)
    }

    /// Whether a record falls under a deduction line.
    static func matches(_ rule: DeductionRule, _ r: CreditRecord) -> Bool {
        guard rule.input == r.input else { return false }
        if let a = rule.fineAbove { guard let f = r.fine, f > a else { return false } }
        if let b = rule.fineAtMost { guard let f = r.fine, f <= b else { return false } }
        if let c = rule.closed { guard (r.closed ?? false) == c else { return false } }
        if let t = rule.below { guard let rate = r.rate, rate < t else { return false } }
        return true
    }

    /// The score of a rate through bands `[from, score at from, score at the band's top]` in descending `from`
    /// order; a band runs from its `from` to the previous band's (100 for the first); below the last band, 0.
    public static func bandScore(_ rate: Double, bands: [[Double]]) -> Double {
        var top = 100.0
        for b in bands where b.count == 3 {
            if rate >= b[0] {
                let span = top - b[0]
                return span > 0 ? b[1] + (min(rate, top) - b[0]) / span * (b[2] - b[1]) : b[2]
            }
            top = b[0]
        }
        return 0
    }
}
