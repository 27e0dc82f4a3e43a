public import EcoKit
import EcoIngest
import Foundation

/// The notes and sources the feeds and data files write are stored in one language (the feeds' patterns in English,
/// kept so that stored data never changes with the interface). This renders them in the page's language at display
/// time: the patterns the air, water and demo feeds write are recognised and translated; developer references
/// (`frameworks.md §…`, `(S19)`) are dropped from what users see. Text of any other shape is shown as stored.
public enum DataText {
    /// A stored note or source in `lang`. On a Chinese page a framework's English note or source is replaced by its
    /// rendering in `provenance-zh.json` when there is one.
    public static func localize(_ text: String, _ lang: Language) -> String {
        if lang == .zh, let zh = BuiltinData.provenanceZh[text] { return zh }
        let cleaned = stripReferences(text)
        guard lang == .zh else { return cleaned.replacingOccurrences(of: "示例数据 synthetic demo data", with: "synthetic demo data") }
        // Most texts are none of the feeds' shapes: test their fixed starts before compiling any pattern.
        guard ["incomplete:", "computed from", "示例数据"].contains(where: { cleaned.hasPrefix($0) }) else { return cleaned }
        for (pattern, render) in zhPatterns {
            if let m = pattern.regex.flatMap({ try? $0.wholeMatch(in: cleaned) }) {
                let groups = (1..<m.output.count).map { m.output[$0].substring.map(String.init) ?? "" }
                return render(groups)
            }
        }
        return cleaned
    }

    /// The first clause of an incomplete note, for a table cell ("数据不完整：有效天数 250"); the whole is the title.
    public static func short(_ note: String, _ lang: Language) -> String {
        let text = localize(note, lang)
        for open in [" (", "（"] { if let r = text.range(of: open) { return String(text[..<r.lowerBound]) } }
        return text
    }

    /// Drops developer references: "; frameworks.md §1a", "(frameworks.md §3.1)", " (S3/S4)", "(S19)".
    static func stripReferences(_ text: String) -> String {
        guard text.contains("frameworks.md") || text.contains("(S") || text.contains("§") else { return text }
        var out = text
        for source in referencePatterns {
            guard let r = try? Regex(source) else { continue }
            out = out.replacing(r, with: "")
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    private static let referencePatterns: [String] = [
        #"\s*[;；,]?\s*\(?frameworks\.md §[0-9a-z.]+( candidates[^)]*)?\)?"#,
        #"\s*\(S[0-9]+(/S[0-9]+)*\)"#,
        #"\s*\((S[0-9]+, )?§[0-9.]+\)"#,
    ]

    private struct Pattern: Sendable {
        let source: String
        var regex: Regex<AnyRegexOutput>? { try? Regex(source) }
    }

    private static let rule = "GB 3095-2012 表4：每年至少 324 个日均值、每月至少 27 个（2 月 25 个）"

    private static let zhPatterns: [(Pattern, @Sendable ([String]) -> String)] = [
        (Pattern(source: #"incomplete: ([0-9,]+) of ([0-9,]+) cities below the completeness rule \(.*\)"#),
         { "数据不完整：\($0[1]) 个城市中 \($0[0]) 个未达数据有效性规定（\(rule)）" }),
        (Pattern(source: #"incomplete: ([0-9,]+) daily (\S+) values \(.*\)"#),
         { "数据不完整：\($0[1]) 日均值 \($0[0]) 个（\(rule)）" }),
        (Pattern(source: #"incomplete: ([0-9,]+) valid days \(.*; incomplete: (.*)\)"#),
         { "数据不完整：有效天数 \($0[0])（\(rule)；不完整：\($0[1].replacingOccurrences(of: ", ", with: "、"))）" }),
        (Pattern(source: #"incomplete: ([0-9,]+) of ([0-9,]+) sections have fewer than ([0-9]+) monthly values"#),
         { "数据不完整：\($0[1]) 个断面中 \($0[0]) 个全年监测不足 \($0[2]) 个月" }),
        (Pattern(source: #"computed from ([0-9,]+) station-hours, (.*)"#), { "由 \($0[0]) 个站点小时值计算，\($0[1])" }),
        (Pattern(source: #"computed from ([0-9,]+) samples of ([0-9,]+) sections, (.*)"#),
         { "由 \($0[1]) 个断面的 \($0[0]) 个样品计算，\($0[2])" }),
        (Pattern(source: #"示例数据 synthetic demo data \(seed ([0-9]+)\)"#), { "示例数据（随机种子 \($0[0])）" }),
    ]
}

extension DataText {
    /// A unit as the page's language writes it: the Chinese units of the frameworks in English on English pages
    /// (元/人 → yuan/person, 指数 → index); "-" (no unit) as nothing.
    public static func unit(_ unit: String, _ lang: Language) -> String {
        if unit == "-" { return "" }
        guard lang == .en else { return unit }
        return unitsEn[unit] ?? unit
    }

    private static let unitsEn: [String: String] = ["元/人": "yuan/person", "指数": "index", "m²/人": "m²/person", "万元": "10⁴ yuan",
                                                    "亿元": "10⁸ yuan", "吨": "t", "万吨": "10⁴ t"]

    /// The levels of qualitative indicators and the region attributes of target rules in English on English pages;
    /// Chinese text unchanged on Chinese pages.
    public static func levels(_ text: String, _ lang: Language) -> String {
        guard lang == .en else { return text }
        var out = text
        for (zh, en) in levelsEn { out = out.replacingOccurrences(of: zh, with: en) }
        return out
    }

    /// Longest first, so 未达标 is replaced before 达标.
    private static let levelsEn: [(String, String)] = [
        ("未达标", "not met"), ("达标", "met"), ("制定实施", "adopted and implemented"), ("有效开展", "carried out"),
        ("全面实施", "fully implemented"), ("建立", "established"), ("未知", "unknown"),
        ("terrain=山区", "terrain = mountain"), ("terrain=平原", "terrain = plain"), ("terrain=丘陵", "terrain = hills"),
        ("terrain=高原", "terrain = plateau"), ("economicZone=东部", "economic zone = east"), ("economicZone=中部", "economic zone = central"),
        ("economicZone=西部", "economic zone = west"), ("山区", "mountain"), ("平原", "plain"), ("丘陵", "hills"),
    ]

    /// The attribute condition of a target rule (`terrain=山区`) in the page's language.
    public static func condition(_ key: String, _ value: String, _ lang: Language) -> String {
        let names: [String: LocalizedText] = ["terrain": LocalizedText(zh: "地形", en: "terrain"),
                                              "economicZone": LocalizedText(zh: "经济区", en: "economic zone"),
                                              "altitude": LocalizedText(zh: "海拔", en: "altitude"),
                                              "citySize": LocalizedText(zh: "城市规模", en: "city size")]
        let name = names[key]?[lang] ?? key
        return "\(name) = \(levels(value, lang))"
    }
}
