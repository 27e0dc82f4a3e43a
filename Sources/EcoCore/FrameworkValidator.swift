import Foundation

/// One problem in a framework file, as one sentence naming the indicator and field.
public struct FrameworkProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case duplicateId, unknownCategory, unknownUnit, directionComparatorMismatch, targetKindMismatch,
             targetMilestoneUnknown, targetInconsistent, unknownAttribute, unknownAttributeValue, noLevels,
             levelsMissing, duplicateTarget, unknownRollUpWeight, unknownDataElement, badPlanPeriods, badWeight, badDecimals,
             badEcoCityRule, badFeed, badValidationRule
    }

    public let kind: Kind
    /// `indicator <id>`, `category <id>`… — where in the file.
    public let location: String
    public let message: String

    public var description: String { "\(location): \(message)" }
}

/// Validates a framework before it is stored: unique ids, known units, targets consistent with the direction and
/// comparator, rules that name known attributes and milestones, roll-up weights and formula elements that exist.
public enum FrameworkValidator {
    /// The largest indicator weight accepted.
    public static let maxWeight = 1000.0

    /// Every problem of `fw`, in file order. `feeds` lists the figures each domain feed offers (feed name →
    /// figure names); when given, a binding to an unknown feed or figure is a problem too.
    public static func problems(in fw: Framework, feeds: [String: Set<String>]? = nil) -> [FrameworkProblem] {
        var out: [FrameworkProblem] = []
        func add(_ k: FrameworkProblem.Kind, _ loc: String, _ msg: String) {
            out.append(FrameworkProblem(kind: k, location: loc, message: msg))
        }
        let fwLoc = "framework \(fw.id)"
        if fw.milestones.isEmpty || fw.milestones != fw.milestones.sorted() || Set(fw.milestones).count != fw.milestones.count
            || (fw.milestones.first ?? 0) <= fw.baseYear {
            add(.badPlanPeriods, fwLoc, "milestones must be increasing years after the base year \(fw.baseYear), got \(fw.milestones)")
        }
        if let rule = fw.ecoCityRule, !(rule.share > 0 && rule.share <= 1) || rule.rule != "allApplicableAttained" {
            add(.badEcoCityRule, fwLoc, "ecoCityRule needs a share in (0, 1] and rule 'allApplicableAttained'")
        }
        for (ids, what) in [(fw.categories.map(\.id), "category"), (fw.indicators.map(\.id), "indicator"),
                            (fw.basicConditions.map(\.id), "basic condition"),
                            ((fw.dataElements ?? []).map(\.id), "data element")] {
            var seen = Set<String>()
            for id in ids where !seen.insert(id).inserted {
                add(.duplicateId, "\(what) \(id)", "the id '\(id)' is used more than once")
            }
        }
        let categories = Set(fw.categories.map(\.id))
        let elements = Set((fw.dataElements ?? []).map(\.id))
        for ind in fw.indicators {
            let loc = "indicator \(ind.id)"
            if !categories.contains(ind.category) {
                add(.unknownCategory, loc, "category '\(ind.category)' is not one of \(fw.categories.map(\.id))")
            }
            if Unit.catalogue[ind.unit] == nil {
                add(.unknownUnit, loc, "unit '\(ind.unit)' is not a known unit (\(Unit.catalogue.keys.sorted().joined(separator: " ")))")
            }
            if !Comparator.allowed(for: ind.direction).contains(ind.comparator) {
                add(.directionComparatorMismatch, loc,
                    "comparator '\(ind.comparator.rawValue)' does not fit direction '\(ind.direction.rawValue)' (expected \(Comparator.allowed(for: ind.direction).map(\.rawValue)))")
            }
            if ind.levels.isEmpty { add(.noLevels, loc, "the indicator applies to no level") }
            if ind.direction == .level, (ind.allowedLevels ?? []).isEmpty {
                add(.levelsMissing, loc, "a qualitative indicator needs allowedLevels")
            }
            // Weights are relative; 1,000 is far above any published scheme and keeps Σ wᵢ·scoreᵢ (scores ≤ 100) finite.
            if !(ind.weight >= 0 && ind.weight <= FrameworkValidator.maxWeight) {
                add(.badWeight, loc, "weight must be a number from 0 to \(Int(FrameworkValidator.maxWeight)), got \(ind.weight)")
            }
            if !(0...6).contains(ind.decimals) { add(.badDecimals, loc, "decimals must be 0–6, got \(ind.decimals)") }
            if ind.rollUp.method == .weightedMean {
                if let w = ind.rollUp.weight, RegionAttribute.numeric.contains(w) {} else {
                    add(.unknownRollUpWeight, loc,
                        "roll-up weight '\(ind.rollUp.weight ?? "")' is not one of \(RegionAttribute.numeric.sorted())")
                }
            }
            if let f = ind.formula {
                for e in [f.numerator] + (f.denominator.map { [$0] } ?? []) where !elements.contains(e) {
                    add(.unknownDataElement, loc, "formula names data element '\(e)', which the framework does not declare")
                }
            }
            var ruleKeys = Set<String>()
            for rule in ind.targets {
                let rloc = "\(loc) target \(rule.milestone)"
                let key = "\(rule.milestone)|\(rule.region?.rawValue ?? "")|" + rule.when.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                if !ruleKeys.insert(key).inserted {
                    add(.duplicateTarget, rloc, "two target rules for the same milestone, region and conditions")
                }
                if !fw.milestones.contains(rule.milestone) {
                    add(.targetMilestoneUnknown, rloc, "milestone \(rule.milestone) is not one of \(fw.milestones)")
                }
                checkTarget(rule.target, of: ind, at: rloc, add)
                if rule.region != nil && !rule.when.isEmpty {
                    add(.targetInconsistent, rloc, "a rule names either a region or attributes (when), not both")
                }
                for (key, value) in rule.when.sorted(by: { $0.key < $1.key }) {
                    guard let allowed = RegionAttribute.allowedValues[key] else {
                        add(.unknownAttribute, rloc, "rule tests attribute '\(key)', which regions do not have (known: \(RegionAttribute.allowedValues.keys.sorted()))")
                        continue
                    }
                    if !allowed.contains(value) {
                        add(.unknownAttributeValue, rloc, "attribute '\(key)' has no value '\(value)' (allowed: \(allowed.joined(separator: " ")))")
                    }
                }
            }
        }
        var fed: [String: FeedBinding] = [:]
        var ruleIds = Set<String>()
        for rule in fw.validation ?? [] {
            let loc = "validation rule \(rule.id)"
            if !ruleIds.insert(rule.id).inserted { add(.duplicateId, loc, "the id '\(rule.id)' is used more than once") }
            if let problem = rule.problem(in: fw) { add(.badValidationRule, loc, problem) }
        }
        for (level, text) in fw.reporting?.deadlines ?? [:] {
            if let l = RegionLevel(rawValue: level) {
                if fw.reporting?.deadline(level: l, year: 2001) == nil {
                    add(.badValidationRule, "reporting deadline \(level)", "a deadline is MM-DD of a real day, got '\(text)'")
                }
            } else {
                add(.badValidationRule, "reporting deadline \(level)", "'\(level)' is not a level (province, city, county)")
            }
        }
        for b in fw.feeds ?? [] {
            let loc = "feed \(b.feed).\(b.figure)"
            if fw.indicator(b.indicator) == nil {
                add(.badFeed, loc, "indicator '\(b.indicator)' is not in the framework")
            }
            if let first = fed[b.indicator] {
                add(.badFeed, loc, "indicator '\(b.indicator)' is already fed by \(first.feed).\(first.figure)")
            }
            fed[b.indicator] = fed[b.indicator] ?? b
            if let feeds {
                if let figures = feeds[b.feed] {
                    if !figures.contains(b.figure) {
                        add(.badFeed, loc, "feed '\(b.feed)' has no figure '\(b.figure)' (it has \(figures.sorted().joined(separator: ", ")))")
                    }
                } else {
                    add(.badFeed, loc, "there is no feed '\(b.feed)' (known: \(feeds.keys.sorted().joined(separator: ", ")))")
                }
            }
        }
        return out
    }

    private static func checkTarget(_ t: TargetValue, of ind: Indicator, at loc: String,
                                    _ add: (FrameworkProblem.Kind, String, String) -> Void) {
        switch (ind.comparator, t) {
        case (.atLeast, .threshold(let v)), (.greaterThan, .threshold(let v)),
             (.atMost, .threshold(let v)), (.lessThan, .threshold(let v)):
            if let r = ind.physicalRange, !r.contains(v) {
                add(.targetInconsistent, loc, "target \(v) lies outside the physical range of \(ind.unit)")
            }
            // A strict comparator against the edge of the physical range can never be met (e.g. > 100 %).
            if let r = ind.physicalRange {
                if ind.comparator == .greaterThan, let max = r.max, v >= max {
                    add(.targetInconsistent, loc, "target > \(v) can never be met: values cannot exceed \(max)")
                }
                if ind.comparator == .lessThan, let min = r.min, v <= min {
                    add(.targetInconsistent, loc, "target < \(v) can never be met: values cannot be below \(min)")
                }
            }
        case (.range, .range(let lo, let hi)):
            if !(lo <= hi) { add(.targetInconsistent, loc, "range target [\(lo), \(hi)] has min above max") }
        case (.level, .levels(let accepted)):
            let allowed = Set(ind.allowedLevels ?? [])
            if accepted.isEmpty { add(.targetInconsistent, loc, "a level target needs at least one accepted level") }
            for l in accepted where !allowed.contains(l) {
                add(.targetInconsistent, loc, "accepted level '\(l)' is not among allowedLevels \(ind.allowedLevels ?? [])")
            }
        default:
            add(.targetKindMismatch, loc, "a '\(ind.comparator.rawValue)' indicator needs a \(expectedTargetKind(ind.comparator)) target")
        }
    }

    private static func expectedTargetKind(_ c: Comparator) -> String {
        switch c {
        case .range: return "range [min, max]"
        case .level: return "levels"
        default: return "numeric value"
        }
    }
}
