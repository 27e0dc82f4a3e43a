public import EcoKit
import Foundation

/// How sure we are of a fact, using the reference notes' marks: A (read in a source), B-d (derived by arithmetic
/// from an A value), B (reconstructed, not confirmed by a found source).
public enum Certainty: String, Sendable, Codable, CaseIterable {
    case documented = "A"
    case derived = "B-d"
    case reconstructed = "B"

    /// The mark's name in Chinese and English.
    public var label: LocalizedText {
        switch self {
        case .documented: return LocalizedText(zh: "有出处", en: "documented")
        case .derived: return LocalizedText(zh: "推算", en: "derived")
        case .reconstructed: return LocalizedText(zh: "重构待核实", en: "reconstructed, verify")
        }
    }
}

/// Where a definition or value comes from and how sure it is.
public struct Provenance: Sendable, Codable, Hashable {
    /// What the item rests on: `outline` (the Shanxi outline's own text), `eco-province-2007` (环发〔2007〕195号),
    /// `mee-2019` (环生态〔2019〕76号), `reconstruction` (a best guess), or a publication's name.
    public var basis: String
    /// The source reference (document, page, or the reference note's source id).
    public var source: String
    /// A, B-d or B.
    public var certainty: Certainty
    /// A remark (what to verify, how a value was derived).
    public var note: String?

    /// Creates a provenance.
    public init(basis: String, source: String, certainty: Certainty, note: String? = nil) {
        self.basis = basis
        self.source = source
        self.certainty = certainty
        self.note = note
    }
}

/// Which way an indicator improves.
public enum Direction: String, Sendable, Codable, CaseIterable {
    case higher
    case lower
    case range
    case level

    /// +1 higher is better, −1 lower is better, nil where there is no numeric direction.
    public var sign: Double? {
        switch self {
        case .higher: return 1
        case .lower: return -1
        case .range, .level: return nil
        }
    }
}

/// How a value is compared with its target.
public enum Comparator: String, Sendable, Codable, CaseIterable {
    case atLeast = ">="
    case greaterThan = ">"
    case atMost = "<="
    case lessThan = "<"
    case range
    case level

    /// The comparators consistent with a direction.
    public static func allowed(for direction: Direction) -> [Comparator] {
        switch direction {
        case .higher: return [.atLeast, .greaterThan]
        case .lower: return [.atMost, .lessThan]
        case .range: return [.range]
        case .level: return [.level]
        }
    }

    /// The comparator as shown to people (≥, >, ≤, <, ∈, =).
    public var symbol: String {
        switch self {
        case .atLeast: return "≥"
        case .greaterThan: return ">"
        case .atMost: return "≤"
        case .lessThan: return "<"
        case .range: return "∈"
        case .level: return "="
        }
    }
}

/// 约束性 / 预期性 / 参考性.
public enum IndicatorAttribute: String, Sendable, Codable, CaseIterable {
    case binding
    case expected
    case reference

    /// The attribute's name in Chinese and English.
    public var name: LocalizedText {
        switch self {
        case .binding: return LocalizedText(zh: "约束性", en: "binding")
        case .expected: return LocalizedText(zh: "预期性", en: "expected")
        case .reference: return LocalizedText(zh: "参考性", en: "reference")
        }
    }
}

/// How a parent's value is derived from its children's when the parent reported none.
public struct RollUp: Sendable, Codable, Hashable {
    /// Sum of the children, their weighted mean, or not derivable.
    public enum Method: String, Sendable, Codable, CaseIterable { case sum, weightedMean, none }
    /// The rule.
    public var method: Method
    /// For `weightedMean`: the numeric region attribute used as weight (population, landArea, gdp).
    public var weight: String?

    /// Creates a roll-up rule.
    public init(method: Method, weight: String? = nil) {
        self.method = method
        self.weight = weight
    }

    /// No roll-up: a parent's value must be reported.
    public static let notDerivable = RollUp(method: .none)
}

/// value = numerator / denominator × factor, over reported data elements.
public struct Formula: Sendable, Codable, Hashable {
    /// The data element id of the numerator.
    public var numerator: String
    /// The data element id of the denominator, if any.
    public var denominator: String?
    /// The factor (100 for a percentage).
    public var factor: Double

    /// Creates a formula.
    public init(numerator: String, denominator: String?, factor: Double) {
        self.numerator = numerator
        self.denominator = denominator
        self.factor = factor
    }
}

/// A raw figure a region reports, from which an indicator may be computed (e.g. forest area, land area).
public struct DataElement: Sendable, Codable, Hashable {
    /// Stable id, referenced by formulas.
    public var id: String
    /// Names in Chinese and English.
    public var name: LocalizedText
    /// Its unit as written in the reporting form.
    public var unit: String

    /// Creates a data element.
    public init(id: String, name: LocalizedText, unit: String) {
        self.id = id
        self.name = name
        self.unit = unit
    }
}

/// A target: a threshold for `>=`, `>`, `<=`, `<`; an interval for `range`; accepted levels for `level`.
public enum TargetValue: Sendable, Hashable {
    case threshold(Double)
    case range(min: Double, max: Double)
    case levels([String])
}

/// One target rule: the value for a milestone, optionally only for one region (and, through inheritance, its
/// descendants without their own) or only for regions whose attributes match `when`.
public struct TargetRule: Sendable, Hashable {
    /// The milestone year the target is for.
    public var milestone: Int
    /// The target: a threshold, a range or accepted levels.
    public var target: TargetValue
    /// Only this region (and, by inheritance, its descendants without a rule of their own).
    public var region: RegionCode?
    /// Only regions whose attributes match (e.g. `terrain` = 山区); empty for all.
    public var when: [String: String]
    /// Where the target comes from and how sure it is.
    public var provenance: Provenance?

    /// Creates a rule.
    public init(milestone: Int, target: TargetValue, region: RegionCode? = nil, when: [String: String] = [:],
                provenance: Provenance? = nil) {
        self.milestone = milestone
        self.target = target
        self.region = region
        self.when = when
        self.provenance = provenance
    }
}

extension TargetRule: Codable {
    private enum Keys: String, CodingKey { case milestone, value, range, levels, region, when, provenance }

    /// Reads `value`, `range` [min, max] or `levels`, with one sentence for a malformed target.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        milestone = try c.decode(Int.self, forKey: .milestone)
        region = try c.decodeIfPresent(RegionCode.self, forKey: .region)
        when = try c.decodeIfPresent([String: String].self, forKey: .when) ?? [:]
        provenance = try c.decodeIfPresent(Provenance.self, forKey: .provenance)
        if let v = try c.decodeIfPresent(Double.self, forKey: .value) {
            target = .threshold(v)
        } else if let r = try c.decodeIfPresent([Double].self, forKey: .range) {
            guard r.count == 2 else {
                throw DecodingError.dataCorruptedError(forKey: .range, in: c,
                    debugDescription: "a range target needs exactly two numbers [min, max]")
            }
            target = .range(min: r[0], max: r[1])
        } else if let l = try c.decodeIfPresent([String].self, forKey: .levels) {
            target = .levels(l)
        } else {
            throw DecodingError.dataCorruptedError(forKey: .value, in: c,
                debugDescription: "a target needs one of value, range or levels")
        }
    }

    /// Writes the form `init(from:)` reads.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(milestone, forKey: .milestone)
        switch target {
        case .threshold(let v): try c.encode(v, forKey: .value)
        case .range(let lo, let hi): try c.encode([lo, hi], forKey: .range)
        case .levels(let l): try c.encode(l, forKey: .levels)
        }
        try c.encodeIfPresent(region, forKey: .region)
        if !when.isEmpty { try c.encode(when, forKey: .when) }
        try c.encodeIfPresent(provenance, forKey: .provenance)
    }
}

/// The physical bounds of a value, when an indicator narrows or widens its unit's default.
public struct ValueRange: Sendable, Codable, Hashable {
    /// The lowest value allowed, if bounded below.
    public var min: Double?
    /// The highest value allowed, if bounded above.
    public var max: Double?

    /// Creates a range.
    public init(min: Double?, max: Double?) {
        self.min = min
        self.max = max
    }

    /// True when `v` lies within the bounds (inclusive).
    public func contains(_ v: Double) -> Bool {
        if let min, v < min { return false }
        if let max, v > max { return false }
        return true
    }
}

/// Which computed figure of a domain feed fills which indicator of a framework, e.g. the air feed's `pm25Annual`
/// into `pm25`. Declared in the framework file (`feeds`), so that the feeds hard-code no indicator id.
public struct FeedBinding: Sendable, Codable, Hashable {
    /// The feed (domain) name, e.g. `air`.
    public var feed: String
    /// The figure of that feed, e.g. `pm25Annual`.
    public var figure: String
    /// The indicator id of this framework that the figure fills.
    public var indicator: String

    /// Creates a binding.
    public init(feed: String, figure: String, indicator: String) {
        self.feed = feed
        self.figure = figure
        self.indicator = indicator
    }
}
