public import EcoCore
public import EcoKit
import EcoStandards
public import EcoWater
import Foundation

/// A section's year (or month) as `ecoprov water evaluate --level section --format json` and `/api/v1/water/sections`
/// give it. Every key always present.
public struct WaterSectionJSON: CompleteKeysEncodable, Sendable {
    public let section: String; public let name: String; public let river: String; public let basin: String; public let city: String
    public let control: String; public let year: Int; public let month: Int?
    /// `I` … `V`, `worse than V`, or null; and its Chinese name (`Ⅲ类`).
    public let waterClass: String?; public let className: String?
    /// 水质状况 (优 … 重度污染) and its colour.
    public let status: String?; public let colour: String?
    public let target: String?; public let targetMet: Bool?
    public let mainItems: [String]; public let itemsOverTarget: [String]
    public let months: Int; public let samples: Int; public let complete: Bool; public let synthetic: Bool
    /// Item values by key as texts in the import format's precision (`0.81`); 未检出 items as `ND(0.00002)`.
    public let values: [String: String]
    /// Classes of the reference items evaluated separately (`FC`, and `TN` of lakes and reservoirs), e.g. `{"FC": "IV"}`.
    public let referenceClasses: [String: String]

    /// The row of a result.
    public init(_ r: SectionResult, section s: WaterSection?) {
        section = r.section; name = s?.name ?? ""; river = s?.river ?? ""; basin = s?.basin ?? ""; city = s?.city.rawValue ?? ""
        control = s?.control.rawValue ?? ""; year = r.year; month = r.month
        waterClass = r.waterClass?.nameEn; className = r.waterClass?.name; status = r.status?.name; colour = r.status?.colour
        target = r.target?.nameEn; targetMet = r.targetMet; mainItems = r.mainItems; itemsOverTarget = r.itemsOverTarget
        months = r.months; samples = r.samples; complete = r.complete; synthetic = r.synthetic
        referenceClasses = (r.referenceClasses ?? [:]).mapValues(\.nameEn)
        values = Dictionary(uniqueKeysWithValues: r.values.map { k, v in
            let d = WaterItem(rawValue: k)?.reportDecimals ?? 3
            let t = NumberText.fixed(GBT8170Rounding.round(WaterValue.double(v.value), decimals: d), decimals: d)
            return (k, v.notDetected ? "ND(\(WaterValue.text(v.value)))" : t)
        })
    }
}

/// An aggregate as `ecoprov water evaluate --level city|basin|province --format json` and `/api/v1/water/aggregates`
/// give it.
public struct WaterAggregateJSON: CompleteKeysEncodable, Sendable {
    public let kind: String; public let key: String; public let name: String; public let nationalOnly: Bool; public let year: Int
    public let sections: Int
    /// Sections per class Ⅰ, Ⅱ, Ⅲ, Ⅳ, Ⅴ, 劣Ⅴ.
    public let counts: [Int]
    /// Shares in %, one decimal (GB/T 8170), null without sections.
    public let shareGood: Double?; public let shareWorseThanV: Double?; public let shareTargetMet: Double?
    /// 22号 rating (优 … 重度污染), its colour, and `classShares` or `meanOfSections`.
    public let rating: String?; public let colour: String?; public let method: String?
    public let incompleteSections: Int; public let samples: Int; public let synthetic: Bool

    /// The row of an aggregate; `name` from the region tree for a region.
    public init(_ a: WaterAggregate, tree: RegionTree, lang: Language) {
        kind = a.kind.rawValue; key = a.key; nationalOnly = a.nationalOnly; year = a.year; sections = a.sections; counts = a.counts
        name = a.kind == .region ? (RegionCode(a.key).flatMap { tree[$0]?.name[lang] } ?? a.key) : a.key
        func r(_ v: Double?) -> Double? { v.map { GBT8170Rounding.round($0, decimals: 1) } }
        shareGood = r(a.shareGood); shareWorseThanV = r(a.shareWorseThanV); shareTargetMet = r(a.shareTargetMet)
        rating = a.rating?.name; colour = a.rating?.colour; method = a.method?.rawValue
        incompleteSections = a.incompleteSections; samples = a.samples; synthetic = a.synthetic
    }
}

/// A compensation line as `ecoprov water compensation --format json` and `/api/v1/water/compensation` give it.
public struct CompensationLineJSON: CompleteKeysEncodable, Sendable {
    public let section: String; public let region: String; public let name: String; public let month: Int?
    /// 万元: + received, − paid.
    public let amount: Double
    public let kind: String; public let arithmetic: String; public let reconstructed: Bool

    /// The row of a line, the region named from the tree.
    public init(_ l: CompensationLine, tree: RegionTree, lang: Language) {
        section = l.section; region = l.region.rawValue; name = tree[l.region]?.name[lang] ?? l.region.rawValue; month = l.month
        amount = l.amount; kind = l.kind; arithmetic = l.arithmetic; reconstructed = l.reconstructed
    }
}
