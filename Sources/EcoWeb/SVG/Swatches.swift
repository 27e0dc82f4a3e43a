import EcoCore
import EcoStandards
import Foundation

/// Background colours for HTML elements. The pages' CSP (`style-src 'self'`) refuses inline `style` attributes, so
/// an element carries its colour as `data-bg="#1a9850"` and site.css gets one rule per colour of the palettes
/// (statuses, water classes, AQI levels, choropleth classes). SVG keeps its `fill` attributes, which CSP allows.
enum Swatches {
    /// Every colour a page may put in `data-bg`.
    static var colours: [String] {
        var out = AssessmentStatus.allCases.map(StatusColour.of) + WaterStatus.allCases.map(\.colour) + Palette.classes
            + [Palette.missing, "#eeeeee", "#d9d9d9", "#bbbbbb"] + SourceStateColour.all
        out += [25, 75, 125, 175, 250, 350].map { HJ633.level($0).colour }
        var seen = Set<String>()
        return out.filter { seen.insert($0.lowercased()).inserted }
    }

    /// The rules appended to site.css: `[data-bg="#1a9850"] { background: #1a9850 }`, with dark text on light colours
    /// and white on dark ones.
    static var css: String {
        colours.map { c in
            "[data-bg=\"\(c)\"] { background: \(c); color: \(isDark(c) ? "#fff" : "#111"); }"
        }.joined(separator: "\n") + "\n"
    }

    /// Relative luminance below 0.35 (WCAG formula on the sRGB channels, without gamma for speed of reading).
    static func isDark(_ hex: String) -> Bool {
        let h = hex.dropFirst()
        guard h.count == 6, let v = UInt32(h, radix: 16) else { return false }
        let r = Double((v >> 16) & 0xff) / 255, g = Double((v >> 8) & 0xff) / 255, b = Double(v & 0xff) / 255
        return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.35
    }
}
