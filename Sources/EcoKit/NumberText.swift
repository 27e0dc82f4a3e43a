import Foundation

/// The one way numbers become text, for files, pages, the CLI and JSON.
public enum NumberText {
    /// Shortest round-tripping decimal text (`23.57`, `6000`, `-1.5`): the canonical form in CSV exports, audit
    /// records and comparisons. Integral values below 10¹⁵ are written without `.0`; others as Swift's shortest
    /// representation (`1e+20`); NaN and infinities as `nan`, `inf`, `-inf` (never stored: `ValueRules` refuses them).
    /// A count with thousands separators, as the sources of computed values write it (`2,539,441`).
    public static func grouped(_ n: Int) -> String {
        n.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))
    }

    public static func shortest(_ v: Double) -> String {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// Shortest text, or a dash for a missing or non-finite figure.
    public static func shortest(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return shortest(v)
    }

    /// A figure for people: rounded by GB/T 8170-2008 §3.2 to `decimals` places and written with exactly that many
    /// (`23.50`); a dash for a missing or non-finite figure.
    public static func fixed(_ v: Double?, decimals: Int) -> String {
        guard let v, v.isFinite else { return "—" }
        return GBT8170Rounding.format(v, decimals: decimals)
    }

    /// A share 0–1 as a whole percent (`76%`); a dash when missing.
    public static func percent(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return fixed(v * 100, decimals: 0) + "%"
    }
}

/// JSON has no NaN or infinity: such a figure is written as null. (Not named `finite`: Glibc has a C `finite()`
/// returning 1 for any finite double, which Swift would pick for non-optional arguments.)
public func jsonNumber(_ v: Double?) -> Double? {
    guard let v, v.isFinite else { return nil }
    return v
}
