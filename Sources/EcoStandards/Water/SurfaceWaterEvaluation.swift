public import EcoKit
import Foundation

/// One item of a section's evaluation.
public struct WaterItemResult: Sendable, Hashable {
    /// The item.
    public var item: WaterItem
    /// Its value (`WaterValue` units).
    public var value: Int64
    /// Its single-item class (GB 3838-2002).
    public var waterClass: WaterClass
    /// 超标倍数 over the class Ⅲ limit (环办〔2011〕22号 §6.5), nil when within it (and for pH and DO).
    public var overIII: Double?
    /// 超标倍数 over the section's target class limit, nil when within it, without a target, and for pH and DO.
    public var overTarget: Double?

    /// Creates a result.
    public init(item: WaterItem, value: Int64, waterClass: WaterClass, overIII: Double?, overTarget: Double?) {
        self.item = item
        self.value = value
        self.waterClass = waterClass
        self.overIII = overIII
        self.overTarget = overTarget
    }

    /// `高锰酸盐指数(1.2)`: the name with its exceedance multiple over class Ⅲ to one decimal (GB/T 8170 on the exact
    /// quotient), as 22号 writes main pollution items; the name alone for pH and DO.
    public func label(body: WaterBody) -> String {
        guard let t = GB3838.exceedanceText(item, value, over: .III, body: body, decimals: 1) else { return item.name }
        return "\(item.name)(\(t))"
    }
}

/// A section's evaluation from one period's item values (环办〔2011〕22号 §6.3 and §6.5).
public struct SectionEvaluation: Sendable, Hashable {
    /// The water body (TP and TN limits).
    public var body: WaterBody
    /// The worst class among the evaluated items (nil when none has a value).
    public var waterClass: WaterClass?
    /// Every evaluated item with a value, in Table 1 order.
    public var items: [WaterItemResult]
    /// The reference items evaluated separately: fecal coliform, and total nitrogen of a lake or reservoir.
    public var referenceItems: [WaterItemResult]
    /// The target class, when the section has one.
    public var target: WaterClass?
    /// The class is at or better than the target; nil without a target or a class.
    public var targetMet: Bool?
    /// Items whose class is worse than the target, in Table 1 order.
    public var itemsOverTarget: [WaterItemResult]
    /// 主要污染指标: up to three items worse than class Ⅲ when the section is (see `SurfaceWaterEvaluation.section`).
    public var mainItems: [WaterItemResult]

    /// 水质状况 by the class.
    public var status: WaterStatus? { waterClass?.status }
}

/// River or basin rating (环办〔2011〕22号 §6.4).
public struct RiverRating: Sendable, Hashable {
    /// How the rating was made.
    public enum Method: String, Sendable, Codable {
        /// Fewer than 5 sections: the mean of each item over the sections, then the single-factor class.
        case meanOfSections
        /// 5 or more: the class-share method.
        case classShares
    }

    /// The method used.
    public var method: Method
    /// Sections evaluated (with a class).
    public var sections: Int
    /// Sections per class Ⅰ…劣Ⅴ.
    public var counts: [WaterClass: Int]
    /// Share of sections at Ⅰ–Ⅲ, %, unrounded.
    public var shareGood: Double
    /// Share of sections at 劣Ⅴ, %, unrounded.
    public var shareWorseThanV: Double
    /// The class of the item means (`meanOfSections` only).
    public var meanClass: WaterClass?
    /// 水质状况; nil without sections.
    public var status: WaterStatus?
}

/// 《地表水环境质量评价办法（试行）》（环办〔2011〕22号）: section class, main pollution items, target check and the river /
/// basin rating, over GB 3838-2002 Table 1.
public enum SurfaceWaterEvaluation {
    /// A section's evaluation (§6.3): the class of every evaluated item (the 21 items other than 水温, 总氮 and 粪大肠菌群),
    /// the section's class = the worst of them, its target check, and (§6.5) the main pollution items when the class
    /// is worse than Ⅲ: the items worse than Ⅲ, cyanide and heavy metals first, then by class (worst first), then by
    /// the exceedance multiple over class Ⅲ (largest first; pH and DO, which have none, after), then Table 1 order —
    /// the first three. Fecal coliform, and TN of lakes and reservoirs, are classed separately as reference items.
    /// Negative values are left out (not concentrations).
    public static func section(_ values: [WaterItem: Int64], body: WaterBody, target: WaterClass? = nil) -> SectionEvaluation {
        var items: [WaterItemResult] = [], reference: [WaterItemResult] = []
        for item in WaterItem.allCases {
            guard let v = values[item], let c = GB3838.itemClass(item, v, body: body) else { continue }
            let r = WaterItemResult(item: item, value: v, waterClass: c,
                                    overIII: GB3838.exceedanceMultiple(item, v, over: .III, body: body),
                                    overTarget: target.flatMap { GB3838.exceedanceMultiple(item, v, over: $0, body: body) })
            if item.inSectionClass { items.append(r) } else { reference.append(r) }
        }
        let worst = items.map(\.waterClass).max()
        var main: [WaterItemResult] = []
        if let worst, worst > .III {
            main = items.filter { $0.waterClass > .III }.sorted { a, b in
                if a.item.takesPriority != b.item.takesPriority { return a.item.takesPriority }
                if a.waterClass != b.waterClass { return a.waterClass > b.waterClass }
                if (a.overIII ?? -1) != (b.overIII ?? -1) { return (a.overIII ?? -1) > (b.overIII ?? -1) }
                return a.item.tableNumber < b.item.tableNumber
            }
            main = Array(main.prefix(3))
        }
        return SectionEvaluation(body: body, waterClass: worst, items: items, referenceItems: reference, target: target,
                                 targetMet: target.flatMap { t in worst.map { $0 <= t } },
                                 itemsOverTarget: target.map { t in items.filter { $0.waterClass > t } } ?? [], mainItems: main)
    }

    /// The status of a river or basin from its sections' classes by the class-share method (§6.4, 5 sections or
    /// more): Ⅰ–Ⅲ ≥ 90 % 优; 75 % ≤ Ⅰ–Ⅲ < 90 % 良好; Ⅰ–Ⅲ < 75 % and 劣Ⅴ < 20 % 轻度污染; Ⅰ–Ⅲ < 75 % and 20 % ≤ 劣Ⅴ < 40 %
    /// 中度污染; Ⅰ–Ⅲ < 75 % and 劣Ⅴ ≥ 40 % 重度污染 (the reference's two readings of the last row, "< 60 %" and
    /// "< 75 %", differ only at exactly 60 % / 40 %, where this gives 重度). Shares from unrounded counts, compared in
    /// integers, boundaries inclusive as written.
    public static func classShares(_ classes: [WaterClass]) -> RiverRating {
        var counts: [WaterClass: Int] = [:]
        for c in classes { counts[c, default: 0] += 1 }
        let n = classes.count
        let good = classes.filter { $0 <= .III }.count, bad = counts[.worseThanV] ?? 0
        var status: WaterStatus?
        if n > 0 {
            if good * 100 >= 90 * n { status = .excellent } else if good * 100 >= 75 * n { status = .good } else if bad * 100 < 20 * n {
                status = .light
            } else if bad * 100 < 40 * n { status = .moderate } else { status = .heavy }
        }
        return RiverRating(method: .classShares, sections: n, counts: counts, shareGood: n > 0 ? Double(good) * 100 / Double(n) : 0,
                           shareWorseThanV: n > 0 ? Double(bad) * 100 / Double(n) : 0, meanClass: nil, status: status)
    }

    /// A river or basin (§6.4): with 5 sections or more the class-share method; with fewer, the arithmetic mean of each
    /// item over the sections that measured it (rounded half to even to 10⁻⁶), then the single-factor class, whose
    /// 水质状况 is the river's. Sections without a class are left out.
    public static func river(_ sections: [[WaterItem: Int64]], body: WaterBody = .river) -> RiverRating {
        let evaluated = sections.map { ($0, section($0, body: body)) }.filter { $0.1.waterClass != nil }
        let classes = evaluated.compactMap(\.1.waterClass)
        guard classes.count < 5 else { return classShares(classes) }
        var means: [WaterItem: Int64] = [:]
        for item in WaterItem.allCases {
            let vs = evaluated.compactMap { $0.0[item] }.filter { $0 >= 0 }
            guard let m = mean(vs) else { continue }
            means[item] = m
        }
        let meanClass = section(means, body: body).waterClass
        var r = classShares(classes)
        r.method = .meanOfSections
        r.meanClass = meanClass
        r.status = meanClass?.status
        return r
    }

    /// The arithmetic mean of fixed-point values, rounded half to even to one unit (10⁻⁶); nil for none, or when
    /// the sum would overflow (never for range-checked data: a value is below 10¹³ units).
    public static func mean(_ values: [Int64]) -> Int64? {
        guard !values.isEmpty else { return nil }
        var sum: Int64 = 0
        for v in values {
            let (s, o) = sum.addingReportingOverflow(v)
            if o { return nil }
            sum = s
        }
        return Milli.roundedQuotient(sum, Int64(values.count), step: 1)
    }
}
