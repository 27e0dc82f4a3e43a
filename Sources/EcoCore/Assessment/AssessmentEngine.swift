import Foundation

/// The assessment: a pure function of (framework, regions and their targets, observations, year). Build it once
/// from the inputs (it indexes the series, resolves every target and derives roll-ups), then assess any region and
/// year without I/O. Definitions: issue #3 "Assessment engine"; see `ProgressMeasures` for each formula.
public struct AssessmentEngine: Sendable {
    public let framework: Framework
    public let tree: RegionTree
    /// The regions assessed: those current today, in code order.
    public let regions: [Region]
    public let indicators: [Indicator]
    /// The years the series hold.
    public let years: ClosedRange<Int>
    /// Below this coverage a region's score and rank are marked provisional (our rule, issue #14; 0.8 unless the
    /// caller sets it).
    public var provisionalCoverage: Double = 0.8

    let regionIndex: [RegionCode: Int]
    let indicatorIndex: [String: Int]
    /// values[(r · I + i) · Y + (year − first)]; NaN where missing.
    var numbers: [Double]
    var levels: [Int: String]
    /// True at the slots `levels` holds, so that a missing value costs no dictionary lookup (the latest-value and
    /// milestone lookups of the assessment probe many empty slots).
    var hasLevel: [Bool]
    var derived: [Int: Int]
    /// Values marked incomplete, by slot: kept out of `numbers`/`levels` so that no trend, roll-up or start value
    /// uses them.
    var incomplete: [Int: (value: ObservationValue, note: String)]
    /// targets[(r · I + i) · K + k] for milestone k.
    let targets: [TargetValue?]
    /// What the hot path reads of each indicator, so it never copies a whole `Indicator` (a copy retains a dozen
    /// strings and arrays; the assessment benchmark spent a fifth of its time on that).
    let traits: [Traits]

    struct Traits: Sendable {
        var id: String
        var direction: Direction
        var comparator: Comparator
        var weight: Double
        var veto: Bool
        var levels: Set<RegionLevel>
    }

    public init(framework: Framework, tree: RegionTree, observations: [Observation]) {
        self.framework = framework
        self.tree = tree
        let regions = tree.current()
        self.regions = regions
        let indicators = framework.orderedIndicators
        self.indicators = indicators
        traits = indicators.map { Traits(id: $0.id, direction: $0.direction, comparator: $0.comparator, weight: $0.weight,
                                         veto: $0.veto, levels: Set($0.levels)) }
        var regionIndex: [RegionCode: Int] = [:]
        for (i, r) in regions.enumerated() { regionIndex[r.code] = i }
        self.regionIndex = regionIndex
        var indicatorIndex: [String: Int] = [:]
        for (i, ind) in indicators.enumerated() { indicatorIndex[ind.id] = i }
        self.indicatorIndex = indicatorIndex
        let lastMilestone = framework.milestones.last ?? framework.baseYear
        let obsYears = observations.lazy.filter { $0.key.framework == framework.id }.map(\.key.year)
        let first = min(framework.baseYear, obsYears.min() ?? framework.baseYear)
        let last = max(lastMilestone, obsYears.max() ?? lastMilestone)
        years = first...last
        let Y = last - first + 1
        var numbers = [Double](repeating: .nan, count: regions.count * indicators.count * Y)
        var levels: [Int: String] = [:]
        var hasLevel = [Bool](repeating: false, count: numbers.count)
        var incomplete: [Int: (value: ObservationValue, note: String)] = [:]
        for o in observations where o.key.framework == framework.id {
            guard let r = regionIndex[o.key.region], let i = indicatorIndex[o.key.indicator] else { continue }
            let slot = (r * indicators.count + i) * Y + (o.key.year - first)
            if o.isIncomplete {
                incomplete[slot] = (o.value, o.note ?? Observation.incompletePrefix)
                continue
            }
            switch o.value {
            case .number(let v): numbers[slot] = v
            case .level(let l): levels[slot] = l; hasLevel[slot] = true
            }
        }
        let K = framework.milestones.count
        var targets = [TargetValue?](repeating: nil, count: regions.count * indicators.count * K)
        for r in regions.indices {
            for i in indicators.indices where indicators[i].levels.contains(regions[r].level) {
                for (k, m) in framework.milestones.enumerated() {
                    targets[(r * indicators.count + i) * K + k] = indicators[i].target(for: regions[r].code, milestone: m, in: tree)?.value
                }
            }
        }
        self.targets = targets
        self.numbers = numbers
        self.levels = levels
        self.hasLevel = hasLevel
        self.derived = [:]
        self.incomplete = incomplete
        deriveRollUps()
    }

    func slot(_ r: Int, _ i: Int, _ year: Int) -> Int? {
        guard years.contains(year) else { return nil }
        return (r * indicators.count + i) * years.count + (year - years.lowerBound)
    }

    func number(_ r: Int, _ i: Int, _ year: Int) -> Double? {
        guard let s = slot(r, i, year) else { return nil }
        let v = numbers[s]
        return v.isNaN ? nil : v
    }

    func value(_ r: Int, _ i: Int, _ year: Int) -> ObservationValue? {
        guard let s = slot(r, i, year) else { return nil }
        if !numbers[s].isNaN { return .number(numbers[s]) }
        return hasLevel[s] ? levels[s].map { .level($0) } : nil
    }

    func target(_ r: Int, _ i: Int, milestoneIndex k: Int) -> TargetValue? {
        targets[(r * indicators.count + i) * framework.milestones.count + k]
    }

    /// Roll-up: where a city's or the province's value is missing and every child to which the indicator applies has
    /// one, derive it by the indicator's rule (sum, or weighted mean by a region attribute every child has) and mark
    /// it "derived from N children". Counties feed cities before cities feed the province; a reported value is never
    /// replaced.
    mutating func deriveRollUps() {
        for (i, ind) in indicators.enumerated() where ind.rollUp.method != .none && ind.direction != .level {
            for level in [RegionLevel.city, .province] where ind.applies(to: level) {
                for (r, parent) in regions.enumerated() where parent.level == level {
                    let children = tree.children(of: parent.code).compactMap { c -> Int? in
                        guard ind.applies(to: c.level) else { return nil }
                        return regionIndex[c.code]
                    }
                    guard !children.isEmpty else { continue }
                    var weights: [Double] = []
                    if ind.rollUp.method == .weightedMean {
                        guard let name = ind.rollUp.weight else { continue }
                        weights = children.compactMap { c in regions[c].attributes[name].flatMap(Double.init) }
                        guard weights.count == children.count, weights.reduce(0, +) > 0 else { continue }
                    }
                    for year in years {
                        guard let s = slot(r, i, year), numbers[s].isNaN, levels[s] == nil, incomplete[s] == nil else { continue }
                        let values = children.compactMap { number($0, i, year) }
                        guard values.count == children.count else { continue }
                        switch ind.rollUp.method {
                        case .sum: numbers[s] = values.reduce(0, +)
                        case .weightedMean: numbers[s] = zip(values, weights).reduce(0) { $0 + $1.0 * $1.1 } / weights.reduce(0, +)
                        case .none: continue
                        }
                        derived[s] = children.count
                    }
                }
            }
        }
    }

    /// The plan period of year t: the first milestone M ≥ t (the last one after the plan) and its start S (the
    /// previous milestone, or the base year for the first period).
    public func period(of t: Int) -> (milestoneIndex: Int, milestone: Int, start: Int) {
        let ms = framework.milestones
        let k = ms.firstIndex { $0 >= t } ?? max(0, ms.count - 1)
        return (k, ms.isEmpty ? t : ms[k], k == 0 ? framework.baseYear : ms[k - 1])
    }
}
