public import EcoKit
import Foundation

/// How much a failed validation rule matters: an error blocks submission, a warning needs the reporter's comment.
public enum RuleImportance: String, Sendable, Codable, Hashable, CaseIterable {
    /// Blocks submission until the value is corrected.
    case error
    /// Submission goes ahead once the reporter explains the value in a comment.
    case warning
}

/// A plausibility check on reported values, declared in the framework file (`validation`), run when a reporter
/// submits and on demand. The four kinds are those the reporting offices use (DHIS2's validation rules and outlier
/// analysis are the model):
///
/// - `range`: the value lies within `min`…`max` (optionally only at one `level` or in one `region`).
/// - `change`: the year-on-year change is at most `maxChange` (in the indicator's unit) or `maxChangePercent` (% of
///   the previous year's value).
/// - `outlier`: the value is not an outlier among its siblings (regions with the same parent) by the modified
///   z-score of Iglewicz and Hoaglin (1993), Mᵢ = 0.6745 · (xᵢ − median) / MAD, flagged when |Mᵢ| > `threshold`
///   (3.5 is their recommendation). Needs at least `minSiblings` values (default 5) and a MAD above zero.
/// - `notAbove`: the value is not above the value of `other` in the same region and year (a numerator not above its
///   denominator, rural income not above urban income).
public struct ValidationRule: Sendable, Codable, Hashable {
    /// The kinds of rule.
    public enum Kind: String, Sendable, Codable, Hashable, CaseIterable {
        case range, change, outlier, notAbove
    }

    /// Stable id, unique in the framework (comments on warnings are keyed by it).
    public var id: String
    /// The kind.
    public var kind: Kind
    /// The indicator checked.
    public var indicator: String
    /// Error or warning.
    public var importance: RuleImportance
    /// `range`: the lowest acceptable value.
    public var min: Double?
    /// `range`: the highest acceptable value.
    public var max: Double?
    /// `range`, `change`, `outlier`: only regions of this level.
    public var level: RegionLevel?
    /// `range`: only this region.
    public var region: RegionCode?
    /// `change`: the largest absolute change, in the indicator's unit.
    public var maxChange: Double?
    /// `change`: the largest change in % of the previous year's value.
    public var maxChangePercent: Double?
    /// `outlier`: the |modified z-score| above which a value is flagged.
    public var threshold: Double?
    /// `outlier`: the fewest sibling values the test is run on (default 5).
    public var minSiblings: Int?
    /// `notAbove`: the indicator the value must not exceed.
    public var other: String?
    /// What the rule means, shown with a failure.
    public var message: LocalizedText

    /// Creates a rule.
    public init(id: String, kind: Kind, indicator: String, importance: RuleImportance, min: Double? = nil, max: Double? = nil,
                level: RegionLevel? = nil, region: RegionCode? = nil, maxChange: Double? = nil, maxChangePercent: Double? = nil,
                threshold: Double? = nil, minSiblings: Int? = nil, other: String? = nil, message: LocalizedText) {
        self.id = id
        self.kind = kind
        self.indicator = indicator
        self.importance = importance
        self.min = min
        self.max = max
        self.level = level
        self.region = region
        self.maxChange = maxChange
        self.maxChangePercent = maxChangePercent
        self.threshold = threshold
        self.minSiblings = minSiblings
        self.other = other
        self.message = message
    }

    /// Nil when the rule is well formed for `framework`, else the sentence saying what is wrong.
    public func problem(in framework: Framework) -> String? {
        guard framework.indicator(indicator) != nil else { return "names indicator '\(indicator)', which the framework does not declare" }
        switch kind {
        case .range:
            guard min != nil || max != nil else { return "a range rule needs min or max" }
            if let min, let max, min > max { return "min \(min) is above max \(max)" }
        case .change:
            guard maxChange != nil || maxChangePercent != nil else { return "a change rule needs maxChange or maxChangePercent" }
            if let m = maxChange, !(m >= 0) { return "maxChange must be 0 or more" }
            if let m = maxChangePercent, !(m >= 0) { return "maxChangePercent must be 0 or more" }
        case .outlier:
            guard let t = threshold, t > 0, t.isFinite else { return "an outlier rule needs a threshold above 0" }
            if let n = minSiblings, !(3...10_000).contains(n) { return "minSiblings must be 3 to 10000" }
        case .notAbove:
            guard let other, framework.indicator(other) != nil else { return "a notAbove rule needs 'other', an indicator of the framework" }
        }
        for v in [min, max, maxChange, maxChangePercent] { if let v, !v.isFinite { return "every bound must be a finite number" } }
        return nil
    }
}

/// One failed rule for one cell.
public struct RuleViolation: Sendable, Hashable, Codable {
    /// The rule's id.
    public var rule: String
    /// Its importance.
    public var importance: RuleImportance
    /// The cell.
    public var indicator: String
    /// The region.
    public var region: RegionCode
    /// The year.
    public var year: Int
    /// What was found, one sentence in both languages (the figures are in it).
    public var message: LocalizedText

    /// The key a comment on this violation is given under: `rule@indicator`.
    public var commentKey: String { "\(rule)@\(indicator)" }

    /// Creates a violation.
    public init(rule: String, importance: RuleImportance, indicator: String, region: RegionCode, year: Int, message: LocalizedText) {
        self.rule = rule
        self.importance = importance
        self.indicator = indicator
        self.region = region
        self.year = year
        self.message = message
    }
}

/// Runs a framework's validation rules over one region's year: pure, over the values given.
public enum ValidationRun {
    /// The modified z-score of `x` among `values` (Iglewicz & Hoaglin 1993, "How to Detect and Handle Outliers",
    /// §3.3): Mᵢ = 0.6745 · (xᵢ − x̃) / MAD, MAD = median |xⱼ − x̃|. Nil when MAD is 0 (half the values or more are
    /// equal, and the score is undefined).
    public static func modifiedZ(_ x: Double, among values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let m = median(values)
        let mad = median(values.map { abs($0 - m) })
        guard mad > 0 else { return nil }
        return 0.6745 * (x - m) / mad
    }

    /// The median (the mean of the two middle values of an even count).
    public static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let n = s.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }

    /// Every violation of the framework's rules by the values of `region` in `year`. `value(indicator, region,
    /// year)` reads any stored number (the previous year and the siblings included); qualitative values are not
    /// checked.
    public static func violations(framework: Framework, tree: RegionTree, region code: RegionCode, year: Int,
                                  value: (String, RegionCode, Int) -> Double?) -> [RuleViolation] {
        guard let region = tree[code] else { return [] }
        var out: [RuleViolation] = []
        for rule in framework.validation ?? [] {
            guard let ind = framework.indicator(rule.indicator), ind.levels.contains(region.level) else { continue }
            if let level = rule.level, level != region.level { continue }
            guard let x = value(rule.indicator, code, year) else { continue }
            let d = ind.decimals
            func fmt(_ v: Double) -> String { NumberText.fixed(v, decimals: Swift.min(6, d + 1)) }
            func add(_ zh: String, _ en: String) {
                out.append(RuleViolation(rule: rule.id, importance: rule.importance, indicator: ind.id, region: code, year: year,
                                         message: LocalizedText(zh: "\(ind.name.zh)：\(zh)（\(rule.message.zh)）",
                                                                en: "\(ind.name.en): \(en) (\(rule.message.en))")))
            }
            switch rule.kind {
            case .range:
                if let r = rule.region, r != code { continue }
                if let lo = rule.min, x < lo { add("\(fmt(x)) 低于下限 \(fmt(lo))", "\(fmt(x)) is below the minimum \(fmt(lo))") }
                if let hi = rule.max, x > hi { add("\(fmt(x)) 高于上限 \(fmt(hi))", "\(fmt(x)) is above the maximum \(fmt(hi))") }
            case .change:
                guard let prev = value(rule.indicator, code, year - 1) else { continue }
                let change = x - prev
                if let m = rule.maxChange, abs(change) > m {
                    add("较上年变化 \(fmt(change))，超过 \(fmt(m))", "changed by \(fmt(change)) on the year before, more than \(fmt(m))")
                } else if let m = rule.maxChangePercent, prev != 0, abs(change) / abs(prev) * 100 > m {
                    let pct = change / abs(prev) * 100
                    add("较上年变化 \(NumberText.fixed(pct, decimals: 1))%，超过 \(fmt(m))%",
                        "changed by \(NumberText.fixed(pct, decimals: 1)) % on the year before, more than \(fmt(m)) %")
                }
            case .outlier:
                guard let parent = region.parent, let threshold = rule.threshold else { continue }
                let siblings = tree.current(level: region.level, parent: parent).compactMap { value(rule.indicator, $0.code, year) }
                guard siblings.count >= (rule.minSiblings ?? 5), let z = modifiedZ(x, among: siblings), abs(z) > threshold else { continue }
                add("修正 Z 分数 \(NumberText.fixed(z, decimals: 2))，同级 \(siblings.count) 个地区中位数 \(fmt(median(siblings)))",
                    "modified z-score \(NumberText.fixed(z, decimals: 2)) among \(siblings.count) sibling regions (median \(fmt(median(siblings))))")
            case .notAbove:
                guard let otherId = rule.other, let other = framework.indicator(otherId), let y = value(otherId, code, year), x > y else { continue }
                add("\(fmt(x)) 高于\(other.name.zh) \(fmt(y))", "\(fmt(x)) is above \(other.name.en) \(fmt(y))")
            }
        }
        return out
    }
}

