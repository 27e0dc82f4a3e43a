import Foundation

/// Air concentrations as exact fixed-point integers in thousandths (µg/m³ × 1000, CO mg/m³ × 1000), so that sums,
/// means, GB/T 8170 rounding and the IAQI interpolation are exact: a binary double turns an exact IAQI of 55 into
/// 55.000000000000007 and rounds it up to 56 (HJ 633 §6.2 rounds up).
public enum Milli {
    /// Thousandths per unit.
    public static let scale: Int64 = 1000

    /// Parses a plain decimal (`12`, `0.85`, `-3.2`) into thousandths; digits past the third decimal are rounded
    /// half to even (GB/T 8170). Nil for anything that is not a decimal number, or too large for Int64 thousandths.
    @inlinable
    public static func parse<S: Sequence>(_ bytes: S) -> Int64? where S.Element == UInt8 {
        FixedDecimal.parse(bytes, places: 3)
    }

    /// Parses text (see the byte form).
    public static func parse(_ text: String) -> Int64? { parse(text.utf8) }

    /// The same over raw bytes, for the hourly-file parser (the generic version is not specialised across modules and
    /// cost a third of the parse time).
    public static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
        // Fast path for the common form: up to 16 characters (so at most 16 digits: no overflow of Int64 below),
        // digits on both sides of an optional point, up to 3 decimals, no sign. Anything else takes the general,
        // overflow-checked parser (a 20-digit value trapped here once: found by the air fuzz target).
        guard n > 0, n < 17 else { return parse(UnsafeBufferPointer(start: p, count: n)) }
        var value: Int64 = 0, i = 0, decimals = -1
        while i < n {
            let b = p[i]
            if b >= 48 && b <= 57 {
                if decimals >= 0 {
                    if decimals == 3 { return parse(UnsafeBufferPointer(start: p, count: n)) }
                    decimals += 1
                } else if i >= 12 {
                    // A 13th integer digit: × 1000 below could overflow; the general parser checks.
                    return parse(UnsafeBufferPointer(start: p, count: n))
                }
                value = value * 10 + Int64(b - 48)
            } else if b == 46 && decimals < 0 && i > 0 && i < 13 {
                decimals = 0
            } else {
                return parse(UnsafeBufferPointer(start: p, count: n))
            }
            i += 1
        }
        guard decimals != 0 else { return parse(UnsafeBufferPointer(start: p, count: n)) }
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

    /// The value as a double (for display and JSON, never for arithmetic the standards round).
    public static func double(_ v: Int64) -> Double { Double(v) / Double(scale) }

    /// Shortest text of a thousandths value (`35`, `0.8`, `1.234`).
    public static func text(_ v: Int64) -> String { FixedDecimal.text(v, places: 3) }
}

/// Exact fixed-point decimals with a scale per quantity: a value is an `Int64` count of 10^−places units (air
/// concentrations use 3 places, µg/m³ × 1000; surface water needs 5 for 0.00005 mg/L). Parsing rounds digits past
/// the scale half to even (GB/T 8170-2008 §3.2) and refuses what does not fit, never trapping.
public enum FixedDecimal {
    /// The largest number of places supported (10^18 still fits in Int64).
    public static let maxPlaces = 18

    /// 10^places.
    @inlinable
    public static func factor(places: Int) -> Int64 {
        var f: Int64 = 1
        for _ in 0..<max(0, min(places, maxPlaces)) { f *= 10 }
        return f
    }

    /// Parses a plain decimal of `StrictDecimal`'s grammar — an optional `-`, digits, optionally `.` and digits; no
    /// `+`, exponent, bare point or negative zero — into a count of 10^−places units. Nil for anything else, for
    /// places outside 0…18, or when the value overflows Int64.
    @inlinable
    public static func parse<S: Sequence>(_ bytes: S, places: Int) -> Int64? where S.Element == UInt8 {
        guard (0...maxPlaces).contains(places) else { return nil }
        var negative = false, seenDigit = false, seenDot = false
        var value: Int64 = 0, decimals = 0
        var firstExtra: UInt8?
        var restNonZero = false
        var first = true
        for b in bytes {
            defer { first = false }
            switch b {
            case UInt8(ascii: "-") where first: negative = true
            case UInt8(ascii: "."):
                // `StrictDecimal`'s grammar: digits on both sides of one point.
                if seenDot || !seenDigit { return nil }
                seenDot = true
                seenDigit = false
            case 48...57:
                seenDigit = true
                if seenDot && decimals >= places {
                    if firstExtra == nil { firstExtra = b - 48 } else if b != 48 { restNonZero = true }
                } else {
                    let (m, o1) = value.multipliedReportingOverflow(by: 10)
                    let (s, o2) = m.addingReportingOverflow(Int64(b - 48))
                    if o1 || o2 { return nil }
                    value = s
                    if seenDot { decimals += 1 }
                }
            default: return nil
            }
        }
        guard seenDigit else { return nil }
        if negative && value == 0 && firstExtra == nil { return nil }
        for _ in decimals..<places {
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            if o { return nil }
            value = m
        }
        if let e = firstExtra, e > 5 || (e == 5 && (restNonZero || value % 2 == 1)) {
            let (s, o) = value.addingReportingOverflow(1)
            if o { return nil }
            value = s
        }
        return negative ? -value : value
    }

    /// Parses text (see `parse(_:places:)`).
    public static func parse(_ text: String, places: Int) -> Int64? { parse(text.utf8, places: places) }

    /// The shortest text of a fixed-point value (`35`, `0.8`, `0.00005`).
    public static func text(_ v: Int64, places: Int) -> String {
        let p = max(0, min(places, maxPlaces))
        let f = factor(places: p)
        let sign = v < 0 ? "-" : ""
        let a = v.magnitude
        let whole = a / UInt64(f), frac = a % UInt64(f)
        if frac == 0 || p == 0 { return "\(sign)\(whole)" }
        var digits = String(frac)
        digits = String(repeating: "0", count: p - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }
}
