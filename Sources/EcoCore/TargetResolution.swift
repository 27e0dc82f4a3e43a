import Foundation

/// The target that applies to one region for one milestone, and which rule gave it.
public struct ResolvedTarget: Sendable, Hashable {
    public var value: TargetValue
    public var milestone: Int
    /// How the rule was chosen.
    public var basis: Basis
    public var rule: TargetRule

    public enum Basis: Sendable, Hashable {
        /// A rule written for this region.
        case own
        /// A framework-wide rule for regions with these attributes (e.g. terrain 山区).
        case byAttributes
        /// The nearest ancestor's own rule (a decomposed target inherited downwards).
        case inherited(from: RegionCode)
        /// The framework-wide default.
        case frameworkDefault
    }
}

extension Indicator {
    /// The target for `region` at `milestone`. Precedence, most specific first:
    /// 1. a rule for the region itself;
    /// 2. a framework-wide rule whose `when` attributes all match the region (most attributes tested wins) — a rule
    ///    written for a class of regions (mountain counties, cities) is that region's own standard;
    /// 3. the nearest ancestor's own rule: "a region without a target of its own inherits its nearest ancestor's";
    /// 4. the framework-wide unconditional rule.
    /// Attribute values come from `RegionTree.attribute`, so a county with unknown terrain matches no terrain rule.
    public func target(for region: RegionCode, milestone: Int, in tree: RegionTree) -> ResolvedTarget? {
        // Written as plain loops over the rules without intermediate arrays: the assessment resolves every
        // (region, indicator, milestone) when it is built, and this is most of that cost.
        var best: TargetRule?
        var fallback: TargetRule?
        for rule in targets where rule.milestone == milestone {
            if rule.region == region { return ResolvedTarget(value: rule.target, milestone: milestone, basis: .own, rule: rule) }
            if rule.region == nil {
                if rule.when.isEmpty {
                    if fallback == nil { fallback = rule }
                } else if rule.when.count > (best?.when.count ?? 0), matches(rule.when, region, tree) {
                    best = rule
                }
            }
        }
        if let best { return ResolvedTarget(value: best.target, milestone: milestone, basis: .byAttributes, rule: best) }
        var next = tree[region]?.parent
        var steps = 0
        while let ancestor = next, steps < 16 {
            for rule in targets where rule.milestone == milestone && rule.region == ancestor {
                return ResolvedTarget(value: rule.target, milestone: milestone, basis: .inherited(from: ancestor), rule: rule)
            }
            next = tree[ancestor]?.parent
            steps += 1
        }
        if let fallback { return ResolvedTarget(value: fallback.target, milestone: milestone, basis: .frameworkDefault, rule: fallback) }
        return nil
    }

    private func matches(_ when: [String: String], _ region: RegionCode, _ tree: RegionTree) -> Bool {
        when.allSatisfy { key, value in tree.attribute(key, of: region) == value }
    }
}
