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
        let rules = targets.filter { $0.milestone == milestone }
        if rules.isEmpty { return nil }
        if let r = rules.first(where: { $0.region == region }) {
            return ResolvedTarget(value: r.target, milestone: milestone, basis: .own, rule: r)
        }
        let conditioned = rules.filter { $0.region == nil && !$0.when.isEmpty && matches($0.when, region, tree) }
        if let best = conditioned.max(by: { $0.when.count < $1.when.count }) {
            return ResolvedTarget(value: best.target, milestone: milestone, basis: .byAttributes, rule: best)
        }
        for ancestor in tree.lineage(of: region).dropFirst() {
            if let r = rules.first(where: { $0.region == ancestor.code }) {
                return ResolvedTarget(value: r.target, milestone: milestone, basis: .inherited(from: ancestor.code), rule: r)
            }
        }
        if let r = rules.first(where: { $0.region == nil && $0.when.isEmpty }) {
            return ResolvedTarget(value: r.target, milestone: milestone, basis: .frameworkDefault, rule: r)
        }
        return nil
    }

    private func matches(_ when: [String: String], _ region: RegionCode, _ tree: RegionTree) -> Bool {
        when.allSatisfy { key, value in tree.attribute(key, of: region) == value }
    }
}
