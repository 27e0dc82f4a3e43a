import Foundation

/// The one number grammar of every file EcoProvince reads (yearly figures, air files, and the formats to come):
///
///     number = ["-"] digit {digit} ["." digit {digit}]
///
/// — a plain decimal with `.` as the decimal point, nothing around it: no `+`, no exponent (`1e2`), no bare point
/// (`.5`, `5.`), no spaces or no-break spaces, no thousands separator, no `%`, no negative zero, and at most
/// `maxDigits` significant digits (15: every such decimal survives the round trip through a double exactly, and
/// values stay below 10¹⁵, far from overflow). Each refusal says what is wrong so the user can fix the cell.
public enum StrictDecimal {
    /// Significant digits allowed.
    public static let maxDigits = 15

    /// Why a text is not a number of the grammar.
    public enum Problem: Error, Sendable, Hashable {
        /// Nothing but spaces.
        case empty
        /// Spaces (or no-break spaces) around or inside the number.
        case spaces
        /// A leading `+`.
        case plusSign
        /// An exponent such as `1e2`.
        case exponent
        /// `.5` or `5.`.
        case barePoint
        /// `-0`, `-0.0`.
        case negativeZero
        /// More than `maxDigits` significant digits.
        case tooManyDigits(Int)
        /// A `%` at the end.
        case percentSign
        /// `,` where the point belongs (`12,5`).
        case decimalComma
        /// Commas in thousands groups (`1,200`, `12,345.6`): in Chinese practice a thousands separator, so it is
        /// never read as a decimal point (that would be a 1000× error) nor guessed; the writer removes it.
        case thousandsSeparator
        /// Anything else.
        case notANumber
    }

    /// True for digits in thousands groups: an optional '-', 1–3 digits, then one or more ",ddd", then an optional
    /// fraction (`1,200`, `-12,345.6`, `1,234,567`).
    static func isGrouped(_ text: String) -> Bool {
        func isDigit(_ c: Character) -> Bool { c >= "0" && c <= "9" }
        var body = Substring(text)
        if body.hasPrefix("-") { body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 2, parts[1].isEmpty || !parts[1].allSatisfy(isDigit) { return false }
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard groups.count >= 2, let first = groups.first, (1...3).contains(first.count), first.allSatisfy(isDigit) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(isDigit) }
    }

    /// The value of `text`, or why it is not a number of the grammar.
    public static func parse(_ text: String) -> Result<Double, Problem> {
        let u = Array(text.utf8)
        if u.isEmpty || text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\u{A0}" }) { return .failure(.empty) }
        if text.contains(where: { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\u{A0}" }) { return .failure(.spaces) }
        if text.hasSuffix("%") || text.hasSuffix("％") { return .failure(.percentSign) }
        var i = 0
        var negative = false
        if u[0] == UInt8(ascii: "+") { return .failure(.plusSign) }
        if u[0] == UInt8(ascii: "-") { negative = true; i = 1 }
        var intDigits = 0, fracDigits = 0, significant = 0, seenPoint = false, nonZero = false
        var leading = true
        while i < u.count {
            let b = u[i]
            switch b {
            case 48...57:
                if seenPoint { fracDigits += 1 } else { intDigits += 1 }
                if b != 48 { nonZero = true; leading = false }
                if !leading { significant += 1 }
            case UInt8(ascii: "."):
                if seenPoint { return .failure(.notANumber) }
                seenPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                return .failure(intDigits > 0 ? .exponent : .notANumber)
            case UInt8(ascii: ","):
                if isGrouped(text) { return .failure(.thousandsSeparator) }
                return .failure(text.filter { $0 == "," }.count == 1 && !text.contains(".") ? .decimalComma : .notANumber)
            default:
                return .failure(.notANumber)
            }
            i += 1
        }
        if intDigits == 0 && fracDigits == 0 { return .failure(.notANumber) }
        if intDigits == 0 || (seenPoint && fracDigits == 0) { return .failure(.barePoint) }
        // Trailing zeros of the fraction are not significant.
        if seenPoint, let last = u.lastIndex(where: { $0 != 48 }) { significant -= (u.count - 1 - last) }
        if negative && !nonZero { return .failure(.negativeZero) }
        if significant > maxDigits { return .failure(.tooManyDigits(significant)) }
        guard let v = Double(text), v.isFinite else { return .failure(.notANumber) }
        return .success(v)
    }
}
