import EcoCore
import EcoKit
import EcoServices
import Foundation

/// Escapes text for SVG and HTML content and attributes.
func xml(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for c in s {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// A coordinate with at most one decimal: enough for a screen, and short.
/// Any value the store can hold is drawn: a non-finite coordinate becomes 0 and a huge one is clamped to ±10⁹
/// (off the picture either way), so no conversion can trap.
func c(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let r = (min(1e9, max(-1e9, v)) * 10).rounded() / 10
    return r == r.rounded() ? String(Int(r)) : String(r)
}

/// Axis ticks at "nice" steps (1, 2, 2.5 or 5 × 10ⁿ) covering [lo, hi], after Heckbert's algorithm.
enum NiceScale {
    static func ticks(_ lo: Double, _ hi: Double, count: Int = 5) -> [Double] {
        var lo = lo, hi = hi
        // A span too large for a double (values near ±1.8e308) has no nice steps: show its ends only.
        if !(lo.isFinite && hi.isFinite) { return [0, 1] }
        if !(hi - lo).isFinite || !((hi - lo) / Double(max(1, count - 1))).isFinite { return [lo, hi] }
        if lo == hi { lo -= max(1, abs(lo) * 0.1); hi += max(1, abs(hi) * 0.1) }
        let step = niceStep((hi - lo) / Double(max(1, count - 1)))
        let start = (lo / step).rounded(.down) * step
        let end = (hi / step).rounded(.up) * step
        var out: [Double] = []
        var v = start
        while v <= end + step * 0.5, out.count < 50 {
            out.append(abs(v) < step * 1e-9 ? 0 : v)
            v += step
        }
        return out
    }

    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0 else { return 1 }
        let exponent = floor(log10(raw))
        let fraction = raw / pow(10, exponent)
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10
        return nice * pow(10, exponent)
    }

    /// Tick labels without spurious decimals (`2.5`, `40`, `0.05`).
    static func label(_ v: Double, step: Double) -> String {
        let raw = -floor(log10(step)) + (step / pow(10, floor(log10(step))) == 2.5 ? 1 : 0)
        let decimals = raw.isFinite ? max(0, min(4, Int(max(-10, min(10, raw))))) : 0
        return NumberText.fixed(v, decimals: decimals)
    }
}

/// The colours of the assessment status, shared by tables, maps and legends.
enum StatusColour {
    static func of(_ s: AssessmentStatus) -> String {
        switch s {
        case .attained: return "#1a9850"
        case .onSchedule: return "#91cf60"
        case .behind: return "#fdae61"
        case .regressing: return "#d73027"
        case .missed: return "#a50026"
        case .noData: return "#d9d9d9"
        case .noTarget: return "#bdbdbd"
        case .incomplete: return "#b39ddb"
        }
    }
}

/// The colours and icons of milestone results and outlooks (Open SDG style: an icon and a text label, never colour
/// alone).
enum MilestoneBadge {
    /// Colour and icon of a reached milestone's result.
    static func of(_ r: MilestoneResult) -> (colour: String, icon: String) {
        switch r {
        case .attained: return ("#1a9850", "✓")
        case .missed: return ("#a50026", "✗")
        case .noData: return ("#d9d9d9", "?")
        }
    }

    /// Colour and icon of an outlook; nil is "too little data for a forecast".
    static func of(_ o: Outlook?) -> (colour: String, icon: String) {
        switch o {
        case .onTrack?: return ("#1a9850", "↗")
        case .needsAcceleration?: return ("#fdae61", "→")
        case .offTrack?: return ("#d73027", "↘")
        case nil: return ("#d9d9d9", "?")
        }
    }
}

/// The three classes of an indicator map that follow the target.
enum MapClass {
    case met, near, far

    /// The fill: green, amber, red (text on them is picked for contrast by `Swatches.textColour`).
    var colour: String {
        switch self {
        case .met: return "#1a9850"
        case .near: return "#fdae61"
        case .far: return "#d73027"
        }
    }
}

/// Five-class sequential palette (light to dark green) for choropleths; "better" is always darker.
enum Palette {
    static let classes = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"]
    static let missing = "#e0e0e0"
}
