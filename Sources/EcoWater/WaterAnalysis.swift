public import EcoCore
public import EcoKit
public import EcoStandards
import Foundation

/// An item's value over a period (a month or a year).
public struct PeriodValue: Sendable, Hashable, Codable {
    /// The mean used for the class (`WaterValue` units; half the detection limit for a sample below it).
    public var value: Int64
    /// True when every sample of the period was below the detection limit: shown as 未检出.
    public var notDetected: Bool
    /// Samples (for a month) or months (for a year) the mean is over.
    public var count: Int

    /// Creates a period value.
    public init(value: Int64, notDetected: Bool, count: Int) {
        self.value = value
        self.notDetected = notDetected
        self.count = count
    }
}

/// The stored evaluation of one section in one period: what `/water` shows and the aggregates are built from.
public struct SectionResult: Sendable, Hashable, Codable {
    /// The section's code.
    public var section: String
    /// The year.
    public var year: Int
    /// The month 1…12, or nil for the year.
    public var month: Int?
    /// The item values of the period, by item key (`NH3-N`).
    public var values: [String: PeriodValue]
    /// The section's class (nil without any evaluated item).
    public var waterClass: WaterClass?
    /// The target class.
    public var target: WaterClass?
    /// Class at or better than the target; nil without a target.
    public var targetMet: Bool?
    /// 主要污染指标 as 22号 writes them (`高锰酸盐指数(1.2)`).
    public var mainItems: [String]
    /// Items worse than the target class with their multiple over the target limit (`氨氮(0.25)`; pH and DO bare).
    public var itemsOverTarget: [String]
    /// Months with a sampling (the year only; 1 for a month with samples).
    public var months: Int
    /// Samples the period's values come from.
    public var samples: Int
    /// False for a year with fewer than `WaterAnalysis.minimumMonths` months: stored and shown, never fed as a
    /// normal value.
    public var complete: Bool
    /// True for a synthetic section.
    public var synthetic: Bool
    /// The classes of the reference items evaluated separately (fecal coliform; TN of a lake or reservoir), by item
    /// key; they do not enter the section's class (22号 §6.1).
    public var referenceClasses: [String: WaterClass]?

    /// Creates a result.
    public init(section: String, year: Int, month: Int?, values: [String: PeriodValue], waterClass: WaterClass?, target: WaterClass?,
                targetMet: Bool?, mainItems: [String], itemsOverTarget: [String], months: Int, samples: Int, complete: Bool, synthetic: Bool,
                referenceClasses: [String: WaterClass]? = nil) {
        self.referenceClasses = referenceClasses
        self.section = section
        self.year = year
        self.month = month
        self.values = values
        self.waterClass = waterClass
        self.target = target
        self.targetMet = targetMet
        self.mainItems = mainItems
        self.itemsOverTarget = itemsOverTarget
        self.months = months
        self.samples = samples
        self.complete = complete
        self.synthetic = synthetic
    }

    /// 水质状况 by the class.
    public var status: WaterStatus? { waterClass?.status }
}

/// The shares of a group of sections (a region, a basin, a river) in one year.
public struct WaterAggregate: Sendable, Hashable, Codable {
    /// What the group is.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// The sections of a county, a city (by the section's city) or the province.
        case region
        /// The sections of a basin (黄河, 海河) or sub-basin (汾河).
        case basin
        /// The sections of one river.
        case river
    }

    /// What the group is.
    public var kind: Kind
    /// A division code for a region; the basin's or river's name otherwise.
    public var key: String
    /// Only 国考 sections (the indicator 地表水国考断面优良水体比例) or all sections.
    public var nationalOnly: Bool
    /// The year.
    public var year: Int
    /// Sections with a class in the year.
    public var sections: Int
    /// Sections per class, Ⅰ…劣Ⅴ (index 0 = Ⅰ).
    public var counts: [Int]
    /// Share at Ⅰ–Ⅲ (优良比例), %, unrounded; nil without sections.
    public var shareGood: Double?
    /// Share at 劣Ⅴ, %, unrounded.
    public var shareWorseThanV: Double?
    /// Share of the sections with a target that meet it, %; nil when none has a target.
    public var shareTargetMet: Double?
    /// The 22号 rating (class shares for 5 sections or more, item means below).
    public var rating: WaterStatus?
    /// How the rating was made.
    public var method: RiverRating.Method?
    /// Sections whose year is incomplete (fewer months than the minimum).
    public var incompleteSections: Int
    /// Samples behind the figures.
    public var samples: Int
    /// True when any section is synthetic.
    public var synthetic: Bool

    /// "incomplete: N of M sections below 8 months (…)" when any section's year is incomplete, else nil: the feed
    /// writes its figures with this note (`Observation.incompletePrefix`), shown but never scored.
    public var incompleteNote: String? {
        guard incompleteSections > 0 else { return nil }
        return "\(Observation.incompletePrefix) \(incompleteSections) of \(sections) sections have fewer than \(WaterAnalysis.minimumMonths) monthly values"
    }
}

/// The surface-water pipeline: period values from samples, section results, aggregates. Pure: the services
/// move data in and out.
public enum WaterAnalysis {
    /// The months a year needs (a reading of ours, stated in the README): 环办〔2011〕22号 and the monitoring rules ask
    /// 12 monthly samplings of a national section and at least 8 of others; Shanxi's rivers freeze or run dry in some
    /// months, so every section's year needs 8 months with a sampling, and a year below that is incomplete.
    public static let minimumMonths = 8

    /// The mean of an item over samples: half the detection limit for one below it (`SampleValue.forMeans`), rounded
    /// half to even to 10⁻⁶; 未检出 when every sample was below the limit.
    static func period(_ values: [SampleValue]) -> PeriodValue? {
        guard let m = SurfaceWaterEvaluation.mean(values.map(\.forMeans)) else { return nil }
        let nd = values.allSatisfy { if case .belowDetection = $0 { return true } else { return false } }
        return PeriodValue(value: m, notDetected: nd, count: values.count)
    }

    /// A section's results for a year: one per month with samples (the mean of the month's samples, 22号 §6.2) and the
    /// year (the arithmetic mean of the monthly values of each item, so a month sampled twice weighs as much as one
    /// sampled once). `samples` must be the section's, of that year.
    public static func sectionYear(_ section: WaterSection, year: Int, samples: [WaterSample]) -> (months: [SectionResult], year: SectionResult) {
        let byMonth = Dictionary(grouping: samples.filter { $0.date.components.year == year }, by: { $0.date.components.month })
        var monthly: [SectionResult] = []
        var monthValues: [WaterItem: [PeriodValue]] = [:]
        for month in byMonth.keys.sorted() {
            let list = byMonth[month] ?? []
            var values: [WaterItem: PeriodValue] = [:]
            for item in WaterItem.allCases {
                let vs = list.compactMap { $0.values[item] }
                if let p = period(vs) { values[item] = p; monthValues[item, default: []].append(p) }
            }
            monthly.append(result(section, year: year, month: month, values: values, months: 1, samples: list.count, complete: true))
        }
        var annual: [WaterItem: PeriodValue] = [:]
        for (item, ps) in monthValues {
            guard let m = SurfaceWaterEvaluation.mean(ps.map(\.value)) else { continue }
            annual[item] = PeriodValue(value: m, notDetected: ps.allSatisfy(\.notDetected), count: ps.count)
        }
        let months = byMonth.count
        let yearResult = result(section, year: year, month: nil, values: annual, months: months, samples: byMonth.values.reduce(0) { $0 + $1.count },
                                complete: months >= minimumMonths)
        return (monthly, yearResult)
    }

    static func result(_ s: WaterSection, year: Int, month: Int?, values: [WaterItem: PeriodValue], months: Int, samples: Int, complete: Bool) -> SectionResult {
        let e = SurfaceWaterEvaluation.section(values.mapValues(\.value), body: s.body, target: s.target)
        let over = e.itemsOverTarget.map { r in
            s.target.flatMap { GB3838.exceedanceText(r.item, r.value, over: $0, body: s.body, decimals: 2) }.map { "\(r.item.name)(\($0))" } ?? r.item.name
        }
        return SectionResult(section: s.code, year: year, month: month, values: Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }),
                             waterClass: e.waterClass, target: s.target, targetMet: e.targetMet, mainItems: e.mainItems.map { $0.label(body: s.body) },
                             itemsOverTarget: over, months: months, samples: samples, complete: complete, synthetic: s.synthetic,
                             referenceClasses: e.referenceItems.isEmpty ? nil
                                 : Dictionary(uniqueKeysWithValues: e.referenceItems.map { ($0.item.rawValue, $0.waterClass) }))
    }

    /// The shares and 22号 rating of a group of sections from their year results (sections without a class are left
    /// out; the rating of fewer than 5 uses the item means of their years).
    public static func aggregate(_ kind: WaterAggregate.Kind, key: String, year: Int, nationalOnly: Bool,
                                 _ members: [(WaterSection, SectionResult)]) -> WaterAggregate {
        let classed = members.filter { $0.1.waterClass != nil }
        var counts = [Int](repeating: 0, count: 6)
        for (_, r) in classed { if let c = r.waterClass { counts[c.rawValue - 1] += 1 } }
        let n = classed.count
        let good = counts[0..<3].reduce(0, +), bad = counts[5]
        let withTarget = classed.filter { $0.1.targetMet != nil }
        let body = classed.first?.0.body ?? .river
        // 5 sections or more: the class shares of the classes already known; fewer: the item means (22号 §6.4).
        let rating = n >= 5 ? SurfaceWaterEvaluation.classShares(classed.compactMap(\.1.waterClass))
            : SurfaceWaterEvaluation.river(classed.map { pair in
                Dictionary(uniqueKeysWithValues: pair.1.values.compactMap { k, v in WaterItem(rawValue: k).map { ($0, v.value) } })
            }, body: body)
        return WaterAggregate(kind: kind, key: key, nationalOnly: nationalOnly, year: year, sections: n, counts: counts,
                              shareGood: n > 0 ? Double(good) * 100 / Double(n) : nil,
                              shareWorseThanV: n > 0 ? Double(bad) * 100 / Double(n) : nil,
                              shareTargetMet: withTarget.isEmpty ? nil : Double(withTarget.filter { $0.1.targetMet == true }.count) * 100 / Double(withTarget.count),
                              rating: n > 0 ? rating.status : nil, method: n > 0 ? rating.method : nil,
                              incompleteSections: classed.filter { !$0.1.complete }.count,
                              samples: classed.reduce(0) { $0 + $1.1.samples }, synthetic: classed.contains { $0.0.synthetic })
    }

    /// Every aggregate of a year: each county, city and the province (all sections, and 国考 only), each basin and
    /// sub-basin, each river.
    public static func aggregates(year: Int, sections: [WaterSection], results: [String: SectionResult], tree: RegionTree) -> [WaterAggregate] {
        let pairs = sections.compactMap { s in results[s.code].map { (s, $0) } }
        var out: [WaterAggregate] = []
        for region in tree.current() {
            let members = pairs.filter { p in
                switch region.level {
                case .province: return true
                case .city: return p.0.city == region.code
                case .county: return p.0.county == region.code
                }
            }
            guard !members.isEmpty else { continue }
            out.append(aggregate(.region, key: region.code.rawValue, year: year, nationalOnly: false, members))
            let national = members.filter { $0.0.control == .national }
            if !national.isEmpty { out.append(aggregate(.region, key: region.code.rawValue, year: year, nationalOnly: true, national)) }
        }
        let basins = Set(pairs.map(\.0.basin) + pairs.map(\.0.subBasin).filter { !$0.isEmpty }).sorted()
        for b in basins {
            out.append(aggregate(.basin, key: b, year: year, nationalOnly: false, pairs.filter { $0.0.basin == b || $0.0.subBasin == b }))
        }
        for river in Set(pairs.map(\.0.river)).sorted() {
            out.append(aggregate(.river, key: river, year: year, nationalOnly: false, pairs.filter { $0.0.river == river }))
        }
        return out
    }
}
