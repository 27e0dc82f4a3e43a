import Foundation

extension Comparator {
    /// Whether `value` meets `target` by this comparator: ≥, >, ≤, < against a threshold; inside [min, max] for a
    /// range; among the accepted levels for a level target. Nil when value and target are of different kinds.
    public func isMet(_ value: ObservationValue, target: TargetValue) -> Bool? {
        switch (self, value, target) {
        case (.atLeast, .number(let v), .threshold(let t)): return v >= t
        case (.greaterThan, .number(let v), .threshold(let t)): return v > t
        case (.atMost, .number(let v), .threshold(let t)): return v <= t
        case (.lessThan, .number(let v), .threshold(let t)): return v < t
        case (.range, .number(let v), .range(let lo, let hi)): return v >= lo && v <= hi
        case (.level, .level(let l), .levels(let accepted)): return accepted.contains(l)
        default: return nil
        }
    }
}

/// What the numeric progress measures work with: the threshold T and direction d. For a range target the side the
/// value lies on decides: below the range it is "higher is better" toward min, above it "lower is better" toward
/// max, inside it is attained (then toward the nearer bound, so a value leaving the range reads as regression).
public struct NumericGoal: Sendable, Hashable {
    public var target: Double
    public var direction: Double

    public static func of(_ target: TargetValue, direction: Direction, value: Double?) -> NumericGoal? {
        switch (target, direction) {
        case (.threshold(let t), .higher): return NumericGoal(target: t, direction: 1)
        case (.threshold(let t), .lower): return NumericGoal(target: t, direction: -1)
        case (.range(let lo, let hi), _):
            guard let v = value else { return nil }
            if v < lo { return NumericGoal(target: lo, direction: 1) }
            if v > hi { return NumericGoal(target: hi, direction: -1) }
            return v - lo <= hi - v ? NumericGoal(target: lo, direction: 1) : NumericGoal(target: hi, direction: -1)
        default: return nil
        }
    }
}
