import EcoAir
public import EcoCore
import EcoKit
import Foundation

/// Deterministic synthetic demo data (示例数据) for every current region × applicable indicator × year.
///
/// Levels start near the published province value where one exists (else near the 2025 target), move toward the
/// region's target with noise (or keep improving slowly where already past it), about one region in eight regresses
/// on each indicator, and about 6% of cells are left empty. Every value's source says it is synthetic, and writing uses `WritePolicy.keepReal`, so a real value
/// is never overwritten.
public struct SyntheticDataset {
    public var seed: UInt64
    public var years: ClosedRange<Int>

    public init(seed: UInt64, years: ClosedRange<Int> = 2020...2025) {
        self.seed = seed
        self.years = years
    }

    public var source: String { "示例数据 synthetic demo data (seed \(seed))" }

    public func generate(framework: Framework, regions: RegionTree, published: [Observation]) -> [Observation] {
        var anchors: [String: Double] = [:]
        for o in published where o.key.region.rawValue == "140000" {
            if let v = o.value.number, anchors[o.key.indicator] == nil { anchors[o.key.indicator] = v }
        }
        var out: [Observation] = []
        let milestone = framework.milestones.first ?? (years.upperBound)
        for region in regions.current() {
            for ind in framework.orderedIndicators where ind.applies(to: region.level) {
                var rng = SplitMix64(seed: seed ^ stableHash(region.code.rawValue + "|" + ind.id))
                let target = ind.target(for: region.code, milestone: milestone, in: regions)?.value
                for (step, year) in years.enumerated() {
                    if rng.unit() < 0.06 { continue }
                    let value: ObservationValue
                    if ind.direction == .level {
                        let allowed = ind.allowedLevels ?? []
                        guard let ok = allowed.first else { continue }
                        let notOK = allowed.dropFirst().first ?? ok
                        // Qualitative items are met more often as the years pass.
                        value = .level(rng.unit() < 0.55 + 0.07 * Double(step) ? ok : notOK)
                    } else {
                        guard let v = numeric(ind, target: target, anchor: anchors[ind.id], step: step,
                                              span: max(1, milestone - years.lowerBound), rng: &rng) else { continue }
                        value = .number(v)
                    }
                    out.append(Observation(key: ObservationKey(framework: framework.id, indicator: ind.id, region: region.code, year: year),
                                                value: value, source: source, synthetic: true))
                }
            }
        }
        return out
    }

    private func numeric(_ ind: Indicator, target: TargetValue?, anchor: Double?, step: Int, span: Int,
                         rng: inout SplitMix64) -> Double? {
        let goal: Double
        switch target {
        case .threshold(let t): goal = t
        case .range(let lo, let hi): goal = (lo + hi) / 2
        default: goal = anchor ?? 50
        }
        // The per-region start: the province anchor (or 85% of the way from zero to the goal) with ±15% spread.
        let base = (anchor ?? goal * (ind.direction == .lower ? 1.2 : 0.85)) * (0.85 + 0.3 * rng.unit())
        let regressing = rng.unit() < 0.125
        let d = ind.direction.sign ?? 1
        var pace = (goal - base) / Double(span) * (regressing ? -0.4 : 0.6 + 0.8 * rng.unit())
        if d * (goal - base) <= 0 {
            // Already past the target: keep improving slowly (or slip back, for a regressing region) instead of
            // walking back toward the target.
            pace = d * abs(base) * 0.03 * rng.unit() * (regressing ? -1 : 1)
        }
        let noise = (rng.unit() - 0.5) * 0.04 * max(abs(goal), 1)
        var v = base + pace * Double(step) + noise
        if let r = ind.physicalRange {
            if let lo = r.min { v = max(lo, v) }
            if let hi = r.max { v = min(hi, v) }
        }
        return GBT8170Rounding.round(v, decimals: ind.decimals)
    }

}

/// FNV-1a of a string: stable across runs and platforms, unlike `Hasher` (seeded per process).
func stableHash(_ s: String) -> UInt64 {
    var h: UInt64 = 0xcbf29ce484222325
    for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
    return h
}

/// SplitMix64, a small deterministic generator (the same sequence on every platform and run).
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
