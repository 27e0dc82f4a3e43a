public import EcoCore
public import EcoKit
public import EcoStandards
import Foundation

/// A number of a compensation scheme with how sure it is: a value the reference marks reconstructed is shown with that
/// mark wherever it is used, and is edited in the scheme file, never in code.
public struct SchemeValue: Sendable, Codable, Hashable {
    /// The value (万元, a multiple, a share …).
    public var value: Double
    /// A (found in the cited text), B (reconstructed — verify).
    public var certainty: Certainty
    /// Where it comes from.
    public var source: String

    /// Creates a value.
    public init(value: Double, certainty: Certainty, source: String) {
        self.value = value
        self.certainty = certainty
        self.source = source
    }
}

/// A cross-boundary water eco-compensation scheme as data (`Resources/data/compensation/*.json`, or a user's file).
public struct CompensationScheme: Sendable, Codable, Hashable {
    /// How the amounts are computed.
    public enum Method: String, Sendable, Codable {
        /// Shanxi's vertical scheme (2013): per section and month, the exceedance of COD and NH3-N over the target
        /// concentration by tiers, withheld from the city; rewards for keeping and for improving.
        case verticalTiers
        /// A horizontal river agreement (豫晋陕 2025): the section's annual class against a baseline class, and the
        /// monthly change of a pollution index against the same month of the year before, with a monthly cap.
        case classAndIndex
    }

    /// The scheme's id (`--scheme`).
    public var id: String
    /// Its version: a changed rule is a new version.
    public var version: Int
    /// Its name.
    public var name: LocalizedText
    /// The document it rests on.
    public var source: String
    /// How amounts are computed.
    public var method: Method
    /// The years it applies to (inclusive).
    public var fromYear: Int
    /// Last year it applies to, nil while in force.
    public var toYear: Int?

    // verticalTiers
    /// The factors judged (item keys, e.g. `COD`, `NH3-N`).
    public var factors: [String]?
    /// Upper bounds of the exceedance multiple of each tier (the last tier has none): 0.5, 1, 5, 10.
    public var tierBounds: [SchemeValue]?
    /// 万元 withheld per tier, five values.
    public var tierAmounts: [SchemeValue]?
    /// `sum`: each factor's tier amount is added; `worst`: only the worse factor's.
    public var combine: String?
    /// 万元 for three consecutive months at or within target on every factor.
    public var keepThreeMonths: SchemeValue?
    /// 万元 for a whole year at or within target (instead of the three-month rewards).
    public var keepYear: SchemeValue?
    /// 万元 when a month meets the target that failed in the same month the year before.
    public var reachTarget: SchemeValue?
    /// 万元 per class better than the same month the year before, once at target.
    public var perClassGained: SchemeValue?

    // classAndIndex
    /// The section codes the agreement names.
    public var sections: [String]?
    /// The baseline class: no payment at it (Ⅱ for 豫晋陕).
    public var baselineClass: String?
    /// 万元 per class of the annual class away from the baseline (joint amount).
    public var perClass: SchemeValue?
    /// Items of the monthly index (item keys).
    public var indexItems: [String]?
    /// 万元 per whole percentage point of index change (joint amount).
    public var perIndexPoint: SchemeValue?
    /// Cap of the monthly index payment, 万元 (joint).
    public var monthlyCap: SchemeValue?
    /// Shanxi's share of every joint amount (0.5: with Shaanxi as joint upstream).
    public var shanxiShare: SchemeValue?

    /// Creates a scheme.
    public init(id: String, version: Int, name: LocalizedText, source: String, method: Method, fromYear: Int, toYear: Int? = nil, factors: [String]? = nil, tierBounds: [SchemeValue]? = nil, tierAmounts: [SchemeValue]? = nil, combine: String? = nil, keepThreeMonths: SchemeValue? = nil, keepYear: SchemeValue? = nil, reachTarget: SchemeValue? = nil, perClassGained: SchemeValue? = nil, sections: [String]? = nil, baselineClass: String? = nil, perClass: SchemeValue? = nil, indexItems: [String]? = nil, perIndexPoint: SchemeValue? = nil, monthlyCap: SchemeValue? = nil, shanxiShare: SchemeValue? = nil) {
        self.id = id
        self.version = version
        self.name = name
        self.source = source
        self.method = method
        self.fromYear = fromYear
        self.toYear = toYear
        self.factors = factors
        self.tierBounds = tierBounds
        self.tierAmounts = tierAmounts
        self.combine = combine
        self.keepThreeMonths = keepThreeMonths
        self.keepYear = keepYear
        self.reachTarget = reachTarget
        self.perClassGained = perClassGained
        self.sections = sections
        self.baselineClass = baselineClass
        self.perClass = perClass
        self.indexItems = indexItems
        self.perIndexPoint = perIndexPoint
        self.monthlyCap = monthlyCap
        self.shanxiShare = shanxiShare
    }
}

/// One amount with the arithmetic behind it, positive when the region receives, negative when it pays.
public struct CompensationLine: Sendable, Hashable, Codable {
    /// The section.
    public var section: String
    /// The region charged or paid (the section's upstream region, else its city).
    public var region: RegionCode
    /// The month, nil for an annual amount.
    public var month: Int?
    /// 万元: + received, − paid.
    public var amount: Double
    /// What it is for: `penalty`, `keep`, `reach`, `improve`, `class`, `index`.
    public var kind: String
    /// The arithmetic, e.g. `NH3-N 2.12 mg/L over target 1.0: (2.12 − 1.0)/1.0 = 1.12 → tier 3 (1 < m ≤ 5): −150万元`.
    public var arithmetic: String
    /// True when a value used is marked reconstructed in the scheme.
    public var reconstructed: Bool
}

/// The amounts of a scheme for a year, from the sections' monthly results of that year and the year before.
public enum WaterCompensation {
    static func wan(_ v: Double) -> String { NumberText.shortest(GBT8170Rounding.round(v, decimals: 2)) + "万元" }

    /// The tier (1…) of an exceedance multiple m > 0: the first whose bound m does not pass (bounds inclusive, as
    /// "50%–100%（含）" reads); past the last bound, the last tier.
    public static func tier(_ m: Double, bounds: [Double]) -> Int {
        for (i, b) in bounds.enumerated() where m <= b { return i + 1 }
        return bounds.count + 1
    }

    /// The vertical scheme's lines for one section: per month, each factor's exceedance over the target class's limit
    /// (超标倍数 (C − S)/S, S the target concentration) by tier, withheld; months within target on every factor earn the
    /// keeping rewards; a month better than the same month last year earns the improvement rewards.
    public static func vertical(_ scheme: CompensationScheme, section: WaterSection, months: [Int: SectionResult],
                                lastYear: [Int: SectionResult]) -> [CompensationLine] {
        guard let target = section.target, let bounds = scheme.tierBounds, let amounts = scheme.tierAmounts, amounts.count == bounds.count + 1 else { return [] }
        let factors = (scheme.factors ?? []).compactMap(WaterItem.init(rawValue:))
        let region = section.upstream ?? section.city
        var lines: [CompensationLine] = []
        var within: [Int] = []
        func met(_ r: SectionResult?) -> Bool? {
            guard let r else { return nil }
            var any = false
            for f in factors {
                guard let v = r.values[f.rawValue]?.value, let limit = GB3838.limits(f, body: section.body)?[target.rawValue - 1] else { continue }
                any = true
                if v > limit { return false }
            }
            return any ? true : nil
        }
        for month in 1...12 {
            guard let r = months[month] else { continue }
            var parts: [(Double, String, Bool)] = []
            for f in factors {
                guard let v = r.values[f.rawValue]?.value, let m = GB3838.exceedanceMultiple(f, v, over: target, body: section.body),
                      let limit = GB3838.limits(f, body: section.body)?[target.rawValue - 1] else { continue }
                let t = tier(m, bounds: bounds.map(\.value))
                let a = amounts[t - 1].value
                let recon = amounts[t - 1].certainty == .reconstructed || bounds[max(0, min(t - 1, bounds.count - 1))].certainty == .reconstructed
                parts.append((a, "\(f.rawValue) \(WaterValue.text(v)) over target \(target.name) \(WaterValue.text(limit)): (\(WaterValue.text(v)) − \(WaterValue.text(limit)))/\(WaterValue.text(limit)) = \(NumberText.fixed(GBT8170Rounding.round(m, decimals: 3), decimals: 3)) → tier \(t) → \(wan(a))", recon))
            }
            if parts.isEmpty {
                if met(r) == true { within.append(month) }
            } else {
                let worst = parts.max { $0.0 < $1.0 }
                let used = scheme.combine == "worst" ? [worst].compactMap { $0 } : parts
                let total = used.reduce(0) { $0 + $1.0 }
                lines.append(CompensationLine(section: section.code, region: region, month: month, amount: -total, kind: "penalty",
                                              arithmetic: used.map(\.1).joined(separator: "; ") + (used.count > 1 ? " (\(scheme.combine ?? "sum"))" : ""),
                                              reconstructed: used.contains { $0.2 } || (used.count > 1 && scheme.combine == nil)))
            }
            // Improvement against the same month last year.
            if let before = lastYear[month], met(r) == true {
                if met(before) == false, let reach = scheme.reachTarget {
                    lines.append(CompensationLine(section: section.code, region: region, month: month, amount: reach.value, kind: "reach",
                                                  arithmetic: "target \(target.name) met, missed in \(month)/\(r.year - 1): +\(wan(reach.value))",
                                                  reconstructed: reach.certainty == .reconstructed))
                } else if met(before) == true, let per = scheme.perClassGained, let now = r.waterClass, let was = before.waterClass, now < was {
                    let k = Double(was.rawValue - now.rawValue)
                    lines.append(CompensationLine(section: section.code, region: region, month: month, amount: k * per.value, kind: "improve",
                                                  arithmetic: "\(was.name) in \(month)/\(r.year - 1) → \(now.name): \(Int(k)) × \(wan(per.value)) = +\(wan(k * per.value))",
                                                  reconstructed: per.certainty == .reconstructed))
                }
            }
        }
        if within.count == 12, let year = scheme.keepYear {
            lines.append(CompensationLine(section: section.code, region: region, month: nil, amount: year.value, kind: "keep",
                                          arithmetic: "every month within target: +\(wan(year.value))", reconstructed: year.certainty == .reconstructed))
        } else if let three = scheme.keepThreeMonths {
            // Non-overlapping runs of three consecutive months within target.
            var run = 0, prev = -1
            for m in within {
                run = m == prev + 1 ? run + 1 : 1
                prev = m
                if run == 3 {
                    lines.append(CompensationLine(section: section.code, region: region, month: m, amount: three.value, kind: "keep",
                                                  arithmetic: "months \(m - 2)–\(m) within target: +\(wan(three.value))",
                                                  reconstructed: three.certainty == .reconstructed))
                    run = 0
                }
            }
        }
        return lines
    }

    /// The pollution index of a month (豫晋陕, reconstructed definition): the mean over the index items of C/S, S the
    /// class Ⅲ limit; nil when an item is missing.
    public static func index(_ r: SectionResult, items: [WaterItem], body: WaterBody) -> Double? {
        var sum = 0.0
        for i in items {
            guard let v = r.values[i.rawValue]?.value, let s = GB3838.limits(i, body: body)?[2], s > 0 else { return nil }
            sum += Double(v) / Double(s)
        }
        return items.isEmpty ? nil : sum / Double(items.count)
    }

    /// The class-and-index agreement's lines for one of its sections, as Shanxi's share: the annual class against
    /// the baseline (each class better → the downstream side pays, each worse → the upstream sides pay, per class),
    /// and each month the change of the index against the same month last year in whole percentage points (down →
    /// received, up → paid, per point), capped each month.
    public static func classAndIndex(_ scheme: CompensationScheme, section: WaterSection, year: SectionResult?, months: [Int: SectionResult],
                                     lastYear: [Int: SectionResult]) -> [CompensationLine] {
        guard let baseline = scheme.baselineClass.flatMap(WaterClass.init(text:)), let per = scheme.perClass,
              let point = scheme.perIndexPoint, let cap = scheme.monthlyCap else { return [] }
        let share = scheme.shanxiShare?.value ?? 1
        let shareText = share == 1 ? "" : " × share \(NumberText.shortest(share))"
        let region = section.upstream ?? section.city
        let items = (scheme.indexItems ?? []).compactMap(WaterItem.init(rawValue:))
        var lines: [CompensationLine] = []
        if let c = year?.waterClass, c != baseline {
            let k = Double(baseline.rawValue - c.rawValue)   // > 0: better than the baseline
            let joint = k * per.value
            lines.append(CompensationLine(section: section.code, region: region, month: nil, amount: joint * share, kind: "class",
                                          arithmetic: "annual class \(c.name) vs baseline \(baseline.name): \(Int(k)) × \(wan(per.value)) = \(wan(joint))\(shareText) = \(wan(joint * share))",
                                          reconstructed: per.certainty == .reconstructed || scheme.shanxiShare?.certainty == .reconstructed))
        }
        for month in 1...12 {
            guard let now = months[month], let before = lastYear[month], let p1 = index(now, items: items, body: section.body),
                  let p0 = index(before, items: items, body: section.body), p0 > 0 else { continue }
            let change = (p1 - p0) / p0 * 100
            let points = (abs(change) + 1e-9).rounded(.down)
            guard points >= 1 else { continue }
            let raw = points * point.value
            let joint = min(raw, cap.value) * (change < 0 ? 1 : -1)
            lines.append(CompensationLine(section: section.code, region: region, month: month, amount: joint * share, kind: "index",
                                          arithmetic: "index \(NumberText.fixed(p0, decimals: 4)) → \(NumberText.fixed(p1, decimals: 4)) = \(NumberText.fixed(change, decimals: 2)) %: \(Int(points)) × \(wan(point.value)) = \(wan(raw))"
                                              + (raw > cap.value ? ", capped at \(wan(cap.value))" : "") + "\(shareText) → \(wan(joint * share))",
                                          reconstructed: true))
        }
        return lines
    }
}
