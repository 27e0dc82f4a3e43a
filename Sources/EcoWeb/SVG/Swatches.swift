import EcoCore
import EcoStandards
import EcoIngest
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
        // The credit grades of the built-in schemes and the risk levels of the risk map.
        out += ((try? BuiltinData.creditSchemes()) ?? []).flatMap { $0.grades.value.map(\.colour) } + RiskMap.levelColours.values.sorted()
        var seen = Set<String>()
        return out.filter { seen.insert($0.lowercased()).inserted }
    }

    /// The rules appended to site.css: `[data-bg="#1a9850"] { background: #1a9850 }`, with the text colour of
    /// higher contrast.
    static var css: String {
        colours.map { c in
            "[data-bg=\"\(c)\"] { background: \(c); color: \(textColour(on: c)); }"
        }.joined(separator: "\n") + "\n"
    }

    /// WCAG 2.1 relative luminance (§1.4.3 definition): each sRGB channel c/255 linearised as c/12.92 when
    /// ≤ 0.04045, else ((c + 0.055)/1.055)^2.4; L = 0.2126 R + 0.7152 G + 0.0722 B. Nil for a text that is not #rrggbb.
    static func luminance(_ hex: String) -> Double? {
        let h = hex.dropFirst()
        guard hex.hasPrefix("#"), h.count == 6, let v = UInt32(h, radix: 16) else { return nil }
        func lin(_ c: UInt32) -> Double {
            let x = Double(c & 0xff) / 255
            return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * lin(v >> 16) + 0.7152 * lin(v >> 8) + 0.0722 * lin(v)
    }

    /// WCAG contrast ratio (L1 + 0.05)/(L2 + 0.05) of two colours, L1 the lighter.
    static func contrast(_ a: String, _ b: String) -> Double {
        let x = luminance(a) ?? 0, y = luminance(b) ?? 0
        return (max(x, y) + 0.05) / (min(x, y) + 0.05)
    }

    /// Near-black or white, whichever contrasts more with `background`.
    static func textColour(on background: String) -> String {
        contrast(background, "#111111") >= contrast(background, "#ffffff") ? "#111111" : "#ffffff"
    }
}
