public import EcoKit
import Foundation

/// Why a reported value is refused. Rendered as one sentence per language by `ValueProblem.message(_:)`.
public enum ValueProblem: Error, Sendable, Hashable {
    case empty
    case notANumber(String)
    case decimalComma(String)
    case percentSign(String)
    case outOfRange(Double, ValueRange, unit: String)
    case unknownLevel(String, allowed: [String])
    /// A number that breaks the strict grammar (`StrictDecimal`), with the reason.
    case loose(String, StrictDecimal.Problem)

    public func message(_ lang: Language) -> String {
        switch (self, lang) {
        case (.empty, .zh): return "数值为空，应填写数值"
        case (.empty, .en): return "the value is empty; a value is expected"
        case (.notANumber(let t), .zh): return "“\(t)”不是数值"
        case (.notANumber(let t), .en): return "'\(t)' is not a number"
        case (.decimalComma(let t), .zh): return "“\(t)”用逗号作小数点，应使用“.”（如 \(t.replacingOccurrences(of: ",", with: "."))）"
        case (.decimalComma(let t), .en): return "'\(t)' uses a comma as decimal point; use '.' (\(t.replacingOccurrences(of: ",", with: ".")))"
        case (.percentSign(let t), .zh): return "“\(t)”带有百分号，应只填数字（单位已是 %）"
        case (.percentSign(let t), .en): return "'\(t)' has a percent sign; write the number only (the unit is already %)"
        case (.loose(let t, let p), .zh): return "“\(t)”不是规范的数值：\(Self.reason(p, .zh))"
        case (.loose(let t, let p), .en): return "'\(t)' is not a plain decimal: \(Self.reason(p, .en))"
        case (.outOfRange(let v, let r, let unit), .zh):
            return "数值 \(NumberText.shortest(v)) 超出 \(unit) 的合理范围（\(ValueRules.describe(r))）"
        case (.outOfRange(let v, let r, let unit), .en):
            return "value \(NumberText.shortest(v)) is outside the physical range of \(unit) (\(ValueRules.describe(r)))"
        case (.unknownLevel(let t, let allowed), .zh): return "“\(t)”不是允许的等级（应为：\(allowed.joined(separator: "、"))）"
        case (.unknownLevel(let t, let allowed), .en): return "'\(t)' is not an allowed level (expected one of: \(allowed.joined(separator: ", ")))"
        }
    }
}

extension ValueProblem {
    /// What to change, in one phrase.
    public static func reason(_ p: StrictDecimal.Problem, _ lang: Language) -> String {
        switch (p, lang) {
        case (.spaces, .zh): return "数字前后或中间有空格，请删除空格"
        case (.spaces, .en): return "it has spaces around or inside it; remove them"
        case (.plusSign, .zh): return "不要写“+”号"
        case (.plusSign, .en): return "write it without '+'"
        case (.exponent, .zh): return "不要使用科学计数法（如 1e2），请写成 100"
        case (.exponent, .en): return "write it without an exponent (1e2 → 100)"
        case (.barePoint, .zh): return "小数点两边都应有数字（如 0.5、5）"
        case (.barePoint, .en): return "write digits on both sides of the point (0.5, 5)"
        case (.negativeZero, .zh): return "负零请写作 0"
        case (.negativeZero, .en): return "write 0, not a negative zero"
        case (.tooManyDigits(let n), .zh): return "有效数字 \(n) 位，最多 \(StrictDecimal.maxDigits) 位"
        case (.tooManyDigits(let n), .en): return "\(n) significant digits; at most \(StrictDecimal.maxDigits)"
        case (.thousandsSeparator, .zh): return "含千位分隔符：请去掉逗号（如 1,200 写作 1200），小数点用“.”"
        case (.thousandsSeparator, .en): return "it has thousands separators: remove the commas (1,200 → 1200); the decimal point is '.'"
        case (_, .zh): return "应为普通小数（如 12.5）"
        case (_, .en): return "expected a plain decimal such as 12.5"
        }
    }
}

/// The one place that decides whether a reported text is a valid value of an indicator.
public enum ValueRules {
    /// Years a value may be reported for.
    public static let years = 2000...2035

    /// Parses and checks `text` for `indicator`: qualitative levels (spaces around them trimmed) must be among the
    /// allowed ones; numbers must follow `StrictDecimal`'s grammar exactly and lie inside the physical range of the
    /// unit.
    public static func parse(_ text: String, for indicator: Indicator) -> Result<ObservationValue, ValueProblem> {
        let t = text.trimmedSpaces
        if t.isEmpty { return .failure(.empty) }
        if indicator.direction == .level {
            let allowed = indicator.allowedLevels ?? []
            return allowed.contains(t) ? .success(.level(t)) : .failure(.unknownLevel(t, allowed: allowed))
        }
        let v: Double
        switch StrictDecimal.parse(text) {
        case .success(let x): v = x
        case .failure(.empty): return .failure(.empty)
        case .failure(.percentSign): return .failure(.percentSign(t))
        case .failure(.decimalComma): return .failure(.decimalComma(t))
        case .failure(.notANumber): return .failure(.notANumber(t))
        case .failure(let p): return .failure(.loose(text, p))
        }
        if let r = indicator.physicalRange, !r.contains(v) {
            return .failure(.outOfRange(v, r, unit: indicator.unit))
        }
        return .success(.number(v))
    }

    static func describe(_ r: ValueRange) -> String {
        switch (r.min, r.max) {
        case let (lo?, hi?): return "\(NumberText.shortest(lo))–\(NumberText.shortest(hi))"
        case let (lo?, nil): return "≥ \(NumberText.shortest(lo))"
        case let (nil, hi?): return "≤ \(NumberText.shortest(hi))"
        case (nil, nil): return "any"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and full-width spaces (U+3000, common in Chinese
    /// spreadsheets). Hand-written because Foundation's `trimmingCharacters(in:)` costs a CharacterSet lookup per
    /// character on Linux, which the 100,000-row import benchmark showed as a fifth of its parse time.
    public var trimmedSpaces: String {
        let scalars = unicodeScalars
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\t" || u == "\u{3000}" || u == "\u{A0}" }
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return self }
        var lo = scalars.startIndex, hi = scalars.endIndex
        while lo < hi, isSpace(scalars[lo]) { lo = scalars.index(after: lo) }
        while hi > lo, isSpace(scalars[scalars.index(before: hi)]) { hi = scalars.index(before: hi) }
        return String(scalars[lo..<hi])
    }
}
