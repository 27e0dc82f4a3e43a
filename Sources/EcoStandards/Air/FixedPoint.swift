import Foundation

/// Concentrations as exact fixed-point integers in thousandths (µg/m³ × 1000, CO mg/m³ × 1000), so that sums,
/// means, GB/T 8170 rounding and the IAQI interpolation are exact: a binary double turns an exact IAQI of 55 into
/// 55.000000000000007 and rounds it up to 56 (HJ 633 §6.2 rounds up).
public enum Milli {
    public static let scale: Int64 = 1000

    /// Parses a plain decimal (`12`, `0.85`, `-3.2`) into thousandths; digits past the third decimal are rounded
    /// half to even (GB/T 8170). Nil for anything that is not a decimal number.
    @inlinable
    public static func parse<S: Sequence>(_ bytes: S) -> Int64? where S.Element == UInt8 {
        var negative = false, seenDigit = false, seenDot = false
        var value: Int64 = 0, decimals = 0
        var extra: [UInt8] = []
        var first = true
        for b in bytes {
            defer { first = false }
            switch b {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "+") where first: continue
            case UInt8(ascii: "."):
                if seenDot { return nil }
                seenDot = true
            case 48...57:
                seenDigit = true
                if seenDot && decimals >= 3 {
                    extra.append(b - 48)
                } else {
                    guard value < Int64.max / 100 else { return nil }
                    value = value * 10 + Int64(b - 48)
                    if seenDot { decimals += 1 }
                }
            default: return nil
            }
        }
        guard seenDigit else { return nil }
        for _ in decimals..<3 { value *= 10 }
        if let firstExtra = extra.first {
            // Half to even on the dropped digits.
            let rest = extra.dropFirst().contains { $0 != 0 }
            if firstExtra > 5 || (firstExtra == 5 && (rest || value % 2 == 1)) { value += 1 }
        }
        return negative ? -value : value
    }

    public static func parse(_ text: String) -> Int64? { parse(text.utf8) }

    /// The same over raw bytes, for the hourly-file parser (the generic version is not specialised across modules and
    /// cost a third of the parse time).
    public static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        // Fast path for the common form: up to 12 integer digits and up to 3 decimals, no sign.
        var value: Int64 = 0, i = 0, decimals = -1
        while i < n {
            let b = p[i]
            if b >= 48 && b <= 57 {
                if decimals >= 0 { if decimals == 3 { return parse(UnsafeBufferPointer(start: p, count: n)) }; decimals += 1 }
                value = value * 10 + Int64(b - 48)
            } else if b == 46 && decimals < 0 && i < 13 {
                decimals = 0
            } else {
                return parse(UnsafeBufferPointer(start: p, count: n))
            }
            i += 1
        }
        guard n > 0, n < 17, !(decimals == 0 && n == 1) else { return parse(UnsafeBufferPointer(start: p, count: n)) }
        switch max(decimals, 0) {
        case 0: return value * 1000
        case 1: return value * 100
        case 2: return value * 10
        default: return value
        }
    }

    /// n / d rounded half to even to a multiple of `step` (in thousandths): the GB/T 8170 rounding of a mean.
    public static func roundedQuotient(_ n: Int64, _ d: Int64, step: Int64) -> Int64 {
        guard d > 0, step > 0 else { return 0 }
        let den = d * step
        var q = n / den
        var r = n % den
        if r < 0 { q -= 1; r += den }
        let twice = 2 * r
        if twice > den || (twice == den && q % 2 != 0) { q += 1 }
        return q * step
    }

    /// The step in thousandths of a pollutant's reporting precision (1 µg/m³ = 1000; CO 0.1 mg/m³ = 100).
    public static func reportStep(_ p: AirPollutant) -> Int64 { p.reportDecimals == 1 ? 100 : 1000 }

    /// `value` rounded half to even to the pollutant's reporting precision.
    public static func report(_ value: Int64, _ p: AirPollutant) -> Int64 { roundedQuotient(value, 1, step: reportStep(p)) }

    public static func double(_ v: Int64) -> Double { Double(v) / Double(scale) }

    /// Shortest text of a thousandths value (`35`, `0.8`, `1.234`).
    public static func text(_ v: Int64) -> String {
        let sign = v < 0 ? "-" : ""
        let a = abs(v)
        let whole = a / scale, frac = a % scale
        if frac == 0 { return "\(sign)\(whole)" }
        var f = String(format: "%03d", Int(frac))
        while f.hasSuffix("0") { f.removeLast() }
        return "\(sign)\(whole).\(f)"
    }
}
