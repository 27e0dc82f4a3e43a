public import EcoKit
import Foundation

/// Surface-water values are exact fixed-point decimals of 10⁻⁶ of their unit (mg/L, or count/L for fecal
/// coliform, dimensionless for pH): the smallest limit of GB 3838-2002 Table 1 is Hg 0.00005 mg/L = 50 units, and a
/// half detection limit of 0.00001 mg/L is 5, so every comparison is between integers and exact.
public enum WaterValue {
    /// Decimal places of the fixed-point unit.
    public static let places = 6
    /// 10⁶.
    public static let scale: Int64 = 1_000_000

    /// A limit written in the standard's text (`"0.00005"`) as fixed-point units; the table only holds literals
    /// that parse, so a failure is a programming error caught by the tests (then 0).
    static func literal(_ text: String) -> Int64 { FixedDecimal.parse(text, places: places) ?? 0 }

    /// The shortest text of a fixed-point value (`0.00005`, `1.5`, `40000`).
    public static func text(_ v: Int64) -> String { FixedDecimal.text(v, places: places) }

    /// The value as a Double, for display and means.
    public static func double(_ v: Int64) -> Double { Double(v) / Double(scale) }
}

/// The water-quality classes of GB 3838-2002 §4 (Ⅰ–Ⅴ) and 劣Ⅴ for a value worse than the class Ⅴ limit.
public enum WaterClass: Int, Sendable, Codable, CaseIterable, Comparable {
    case I = 1, II, III, IV, V
    /// 劣Ⅴ类: worse than the class Ⅴ limit.
    case worseThanV = 6

    /// Classes compare by number: Ⅰ is the best, 劣Ⅴ the worst.
    public static func < (a: WaterClass, b: WaterClass) -> Bool { a.rawValue < b.rawValue }

    /// `Ⅰ类` … `劣Ⅴ类`.
    public var name: String { ["Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类", "劣Ⅴ类"][rawValue - 1] }

    /// `I` … `V`, `worse than V`.
    public var nameEn: String { ["I", "II", "III", "IV", "V", "worse than V"][rawValue - 1] }

    /// The class by its usual spellings: `I`…`V`, `Ⅰ`…`Ⅴ` (with or without 类), `1`…`6`, `劣V`/`劣Ⅴ`/`劣Ⅴ类`.
    public init?(text: String) {
        let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "类", with: "")
        let table: [String: WaterClass] = [
            "I": .I, "II": .II, "III": .III, "IV": .IV, "V": .V, "Ⅰ": .I, "Ⅱ": .II, "Ⅲ": .III, "Ⅳ": .IV, "Ⅴ": .V,
            "1": .I, "2": .II, "3": .III, "4": .IV, "5": .V, "6": .worseThanV, "劣V": .worseThanV, "劣Ⅴ": .worseThanV,
        ]
        guard let c = table[t.uppercased()] ?? table[t] else { return nil }
        self = c
    }

    /// 水质状况 of a section of this class (环办〔2011〕22号 §6.3 table): Ⅰ–Ⅱ 优, Ⅲ 良好, Ⅳ 轻度污染, Ⅴ 中度污染,
    /// 劣Ⅴ 重度污染.
    public var status: WaterStatus {
        switch self {
        case .I, .II: return .excellent
        case .III: return .good
        case .IV: return .light
        case .V: return .moderate
        case .worseThanV: return .heavy
        }
    }
}

/// 水质状况 (环办〔2011〕22号) with its colour: 优 blue, 良好 green, 轻度污染 yellow, 中度污染 orange, 重度污染 red.
public enum WaterStatus: String, Sendable, Codable, CaseIterable {
    case excellent, good, light, moderate, heavy

    /// 优, 良好, 轻度污染, 中度污染, 重度污染.
    public var name: String { ["优", "良好", "轻度污染", "中度污染", "重度污染"][index] }
    /// The status in English.
    public var nameEn: String { ["excellent", "good", "lightly polluted", "moderately polluted", "heavily polluted"][index] }
    /// The colour that represents it (蓝, 绿, 黄, 橙, 红), as CSS hex.
    public var colour: String { ["#1f78b4", "#33a02c", "#ffd92f", "#ff7f00", "#e31a1c"][index] }

    private var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

/// The kind of water body: lakes and reservoirs have their own total-phosphorus limits and total nitrogen
/// (GB 3838-2002 Table 1 items 8 and 9).
public enum WaterBody: String, Sendable, Codable, CaseIterable {
    case river, lake, reservoir

    /// Lakes and reservoirs (湖、库).
    public var isLakeOrReservoir: Bool { self != .river }
}

/// The 24 basic items of GB 3838-2002 Table 1 except 水温 (whose "limit" is a man-made change, not a concentration).
public enum WaterItem: String, Sendable, Codable, CaseIterable {
    case pH, DO, CODMn, COD, BOD5
    case nh3n = "NH3-N"
    case TP, TN, Cu, Zn, F, Se, As, Hg, Cd
    case cr6 = "Cr6+"
    case Pb, CN, VP, Oil, LAS
    case sulfide = "S2-"
    case FC

    /// The item's number in GB 3838-2002 Table 1.
    public var tableNumber: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 2 }

    /// The Chinese name of Table 1.
    public var name: String {
        ["pH值", "溶解氧", "高锰酸盐指数", "化学需氧量", "五日生化需氧量", "氨氮", "总磷", "总氮", "铜", "锌", "氟化物", "硒", "砷", "汞",
         "镉", "铬(六价)", "铅", "氰化物", "挥发酚", "石油类", "阴离子表面活性剂", "硫化物", "粪大肠菌群"][tableNumber - 2]
    }

    /// The unit: mg/L, `个/L` for fecal coliform, none for pH.
    public var unit: String { self == .FC ? "个/L" : self == .pH ? "" : "mg/L" }

    /// Decimals of a reported evaluation value (《地表水环境质量监测数据统计技术规定（试行）》2020, single secondary
    /// source: marked reconstructed in the reference).
    public var reportDecimals: Int {
        switch self {
        case .pH, .FC: return 0
        case .DO, .CODMn, .COD, .BOD5: return 1
        case .nh3n, .TN, .Oil, .LAS: return 2
        case .TP, .Cu, .Zn, .F, .cr6, .Pb, .CN, .sulfide: return 3
        case .Se, .As, .VP: return 4
        case .Hg, .Cd: return 5
        }
    }

    /// Evaluated for the class of a section (环办〔2011〕22号 §6.1: the 21 items of Table 1 other than 水温, 总氮 and
    /// 粪大肠菌群; TN and fecal coliform are reference items evaluated separately, TN for lakes and reservoirs only).
    public var inSectionClass: Bool { self != .TN && self != .FC }

    /// Cyanide and the heavy metals, which come first among a section's main pollution items when they exceed
    /// class Ⅲ (环办〔2011〕22号 §6.5, from memory in the reference: marked reconstructed).
    public var takesPriority: Bool { [.CN, .Hg, .Cd, .cr6, .Pb, .As, .Cu, .Zn, .Se].contains(self) }

    /// The item by its key (`NH3-N`), its Chinese name (`氨氮`) or common spellings (`NH3N`, `氨氮(NH3-N)`, `Cr6`).
    public init?(key: String) {
        let t = key.trimmingCharacters(in: .whitespaces)
        if let i = WaterItem(rawValue: t) { self = i; return }
        let aliases: [String: WaterItem] = [
            "ph": .pH, "do": .DO, "codmn": .CODMn, "cod": .COD, "bod5": .BOD5, "nh3n": .nh3n, "nh3-n": .nh3n, "tp": .TP, "tn": .TN,
            "cu": .Cu, "zn": .Zn, "f": .F, "se": .Se, "as": .As, "hg": .Hg, "cd": .Cd, "cr6": .cr6, "cr6+": .cr6, "pb": .Pb,
            "cn": .CN, "vp": .VP, "oil": .Oil, "las": .LAS, "s2-": .sulfide, "s": .sulfide, "fc": .FC,
            "化学需氧量(cod)": .COD, "五日生化需氧量(bod5)": .BOD5, "氨氮(nh3-n)": .nh3n, "总磷(以p计)": .TP, "氟化物(以f-计)": .F,
        ]
        if let i = aliases[t.lowercased()] { self = i; return }
        if let i = WaterItem.allCases.first(where: { $0.name == t }) { self = i; return }
        return nil
    }
}

/// GB 3838-2002 《地表水环境质量标准》 Table 1 (basic items) and the single-item class.
public enum GB3838 {
    /// The limits of classes Ⅰ…Ⅴ of an item for a water body, in `WaterValue` units: the upper limit (≤), the lower
    /// limit for DO (≥; class Ⅰ "饱和率90%（或7.5）" taken as 7.5 mg/L), and for pH the range 6–9 of every class
    /// (returned as its lower and upper end by `pHRange`). TP has its 湖、库 column; TN applies to lakes and
    /// reservoirs only (nil for a river: 22号 §6.1 "河流总氮除外").
    public static func limits(_ item: WaterItem, body: WaterBody) -> [Int64]? {
        // Parsed once per item and body kind (the table is read for every item of every section and period).
        body.isLakeOrReservoir ? lakeTable[item] : riverTable[item]
    }

    static let riverTable: [WaterItem: [Int64]] = table(.river)
    static let lakeTable: [WaterItem: [Int64]] = table(.lake)

    static func table(_ body: WaterBody) -> [WaterItem: [Int64]] {
        var out: [WaterItem: [Int64]] = [:]
        for item in WaterItem.allCases { if let l = literalLimits(item, body: body) { out[item] = l } }
        return out
    }

    /// Table 1 as written, parsed into `WaterValue` units.
    static func literalLimits(_ item: WaterItem, body: WaterBody) -> [Int64]? {
        let text: [String]
        switch item {
        case .pH: return nil
        case .DO: text = ["7.5", "6", "5", "3", "2"]
        case .CODMn: text = ["2", "4", "6", "10", "15"]
        case .COD: text = ["15", "15", "20", "30", "40"]
        case .BOD5: text = ["3", "3", "4", "6", "10"]
        case .nh3n: text = ["0.15", "0.5", "1.0", "1.5", "2.0"]
        case .TP: text = body.isLakeOrReservoir ? ["0.01", "0.025", "0.05", "0.1", "0.2"] : ["0.02", "0.1", "0.2", "0.3", "0.4"]
        case .TN:
            guard body.isLakeOrReservoir else { return nil }
            text = ["0.2", "0.5", "1.0", "1.5", "2.0"]
        case .Cu: text = ["0.01", "1.0", "1.0", "1.0", "1.0"]
        case .Zn: text = ["0.05", "1.0", "1.0", "2.0", "2.0"]
        case .F: text = ["1.0", "1.0", "1.0", "1.5", "1.5"]
        case .Se: text = ["0.01", "0.01", "0.01", "0.02", "0.02"]
        case .As: text = ["0.05", "0.05", "0.05", "0.1", "0.1"]
        case .Hg: text = ["0.00005", "0.00005", "0.0001", "0.001", "0.001"]
        case .Cd: text = ["0.001", "0.005", "0.005", "0.005", "0.01"]
        case .cr6: text = ["0.01", "0.05", "0.05", "0.05", "0.1"]
        case .Pb: text = ["0.01", "0.01", "0.05", "0.05", "0.1"]
        case .CN: text = ["0.005", "0.05", "0.2", "0.2", "0.2"]
        case .VP: text = ["0.002", "0.002", "0.005", "0.01", "0.1"]
        case .Oil: text = ["0.05", "0.05", "0.05", "0.5", "1.0"]
        case .LAS: text = ["0.2", "0.2", "0.2", "0.3", "0.3"]
        case .sulfide: text = ["0.05", "0.1", "0.2", "0.5", "1.0"]
        case .FC: text = ["200", "2000", "10000", "20000", "40000"]
        }
        return text.map(WaterValue.literal)
    }

    /// pH 6–9, the same for every class.
    public static let pHRange: ClosedRange<Int64> = WaterValue.literal("6")...WaterValue.literal("9")

    /// The class of one value (GB 3838-2002 §4 and Table 1, as the public implementations read it): the best class
    /// whose limit the value meets — `value ≤ limit`, for DO `value ≥ limit` — so where classes share a limit the value
    /// gets the better one (COD 15 is Ⅰ, never Ⅱ); worse than class Ⅴ is 劣Ⅴ. pH within 6–9 is class Ⅰ (it does not
    /// worsen a section), outside is 劣Ⅴ. Nil for an item not evaluated for the body (TN of a river) or a negative
    /// value (not a concentration).
    public static func itemClass(_ item: WaterItem, _ value: Int64, body: WaterBody) -> WaterClass? {
        guard value >= 0 else { return nil }
        if item == .pH { return pHRange.contains(value) ? .I : .worseThanV }
        guard let limits = limits(item, body: body) else { return nil }
        for (i, limit) in limits.enumerated() where item == .DO ? value >= limit : value <= limit {
            return WaterClass(rawValue: i + 1)
        }
        return .worseThanV
    }

    /// The exceedance multiple as text with `decimals` places, rounded half to even exactly from the integers C and S
    /// (GB/T 8170 on the exact quotient, without a floating-point step): `1.12` for NH3-N 2.12 over 1.0. Nil where
    /// `exceedanceMultiple` is nil.
    public static func exceedanceText(_ item: WaterItem, _ value: Int64, over limitClass: WaterClass, body: WaterBody, decimals: Int) -> String? {
        guard item != .pH, item != .DO, limitClass != .worseThanV, let limits = limits(item, body: body) else { return nil }
        let s = limits[limitClass.rawValue - 1]
        let f = FixedDecimal.factor(places: decimals)
        guard s > 0, value > s else { return nil }
        let (num, o) = (value - s).multipliedReportingOverflow(by: f)
        guard !o else { return NumberText.fixed(Double(value - s) / Double(s), decimals: decimals) }
        let q = Milli.roundedQuotient(num, s, step: 1)
        let whole = q / f, frac = q % f
        guard decimals > 0 else { return String(whole) }
        let digits = String(frac)
        return "\(whole)." + String(repeating: "0", count: decimals - digits.count) + digits
    }

    /// 超标倍数 (C − S)/S of a value over the limit S of `limitClass` (环办〔2011〕22号 §6.5: S is the class Ⅲ limit
    /// for the main pollution items; a section's target class for its target check). Nil when the value does not
    /// exceed the limit, and for pH and DO, for which no multiple is computed (and for a class without a limit).
    public static func exceedanceMultiple(_ item: WaterItem, _ value: Int64, over limitClass: WaterClass, body: WaterBody) -> Double? {
        guard item != .pH, item != .DO, limitClass != .worseThanV, let limits = limits(item, body: body) else { return nil }
        let s = limits[limitClass.rawValue - 1]
        guard s > 0, value > s else { return nil }
        return Double(value - s) / Double(s)
    }
}
