import EcoKit
import Foundation

/// The accounting pages' charts: lines against target levels (intensity, peak projection) and horizontal stacked
/// bars (CO₂ by fuel, GEP by class and city). Server-side SVG with `<title>` on every mark.
enum AccountingCharts {
    /// A colour-blind-safe categorical palette (ColorBrewer Dark2 then Paired).
    static let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666", "#1f78b4", "#33a02c", "#fb9a99", "#b15928"]

    /// One line.
    struct Series {
        var label: String
        var colour: String
        var dash: String?
        var points: [(year: Int, value: Double)]
    }

    /// A horizontal reference level (a target).
    struct Level {
        var label: String
        var value: Double
        var colour: String
    }

    /// Lines by year with reference levels, axes, ticks and a legend.
    static func lines(_ series: [Series], levels: [Level], title: String, unit: String, decimals: Int) -> String {
        let years = series.flatMap { $0.points.map(\.year) }
        let values = series.flatMap { $0.points.map(\.value) } + levels.map(\.value)
        guard let first = years.min(), let last = years.max(), last > first, let lo = values.min(), let hi = values.max() else { return "" }
        let ticks = NiceScale.ticks(min(lo, hi), max(lo, hi))
        let yMin = ticks.first ?? lo, yMax = ticks.last ?? hi, step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let W = 640.0, H = 300.0, left = 64.0, right = 16.0, top = 34.0, bottom = 58.0
        func x(_ y: Int) -> Double { left + (W - left - right) * Double(y - first) / Double(last - first) }
        func y(_ v: Double) -> Double { yMax == yMin ? top + (H - top - bottom) / 2 : top + (H - top - bottom) * (yMax - v) / (yMax - yMin) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(W)) \(Int(H))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
        svg += "<text x=\"\(c(left))\" y=\"18\" class=\"ct\">\(xml(title)) (\(xml(unit)))</text>"
        for t in ticks {
            svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - right))\" y1=\"\(c(y(t)))\" y2=\"\(c(y(t)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(c(left - 6))\" y=\"\(c(y(t) + 4))\" text-anchor=\"end\" class=\"tk\">\(NiceScale.label(t, step: step))</text>"
        }
        let every = max(1, (last - first) / 8)
        for yr in stride(from: first, through: last, by: every) {
            svg += "<text x=\"\(c(x(yr)))\" y=\"\(c(H - bottom + 16))\" text-anchor=\"middle\" class=\"tk\">\(yr)</text>"
        }
        svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - right))\" y1=\"\(c(H - bottom))\" y2=\"\(c(H - bottom))\" stroke=\"#666\"/>"
        for l in levels {
            svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - right))\" y1=\"\(c(y(l.value)))\" y2=\"\(c(y(l.value)))\" stroke=\"\(l.colour)\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"><title>\(xml(l.label)): \(NumberText.fixed(l.value, decimals: decimals))</title></line>"
        }
        for s in series where s.points.count >= 1 {
            let pts = s.points.map { "\(c(x($0.year))),\(c(y($0.value)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(pts)\" fill=\"none\" stroke=\"\(s.colour)\" stroke-width=\"2\"\(s.dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
            for p in s.points {
                svg += "<circle cx=\"\(c(x(p.year)))\" cy=\"\(c(y(p.value)))\" r=\"2.5\" fill=\"\(s.colour)\"><title>\(xml(s.label)) \(p.year): \(NumberText.fixed(p.value, decimals: decimals))</title></circle>"
            }
        }
        var lx = left
        for (text, colour, dash) in series.map({ ($0.label, $0.colour, $0.dash) }) + levels.map({ ($0.label, $0.colour, Optional("6 3")) }) {
            svg += "<line x1=\"\(c(lx))\" x2=\"\(c(lx + 22))\" y1=\"\(c(H - 14))\" y2=\"\(c(H - 14))\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash.map { " stroke-dasharray=\"\($0)\"" } ?? "")/>"
            svg += "<text x=\"\(c(lx + 26))\" y=\"\(c(H - 10))\" class=\"tk\">\(xml(text))</text>"
            lx += 40 + Double(text.count) * 11
        }
        return svg + "</svg>"
    }

    /// One bar of stacked segments.
    struct Bar {
        var label: String
        var segments: [(label: String, value: Double, colour: String)]
    }

    /// Horizontal stacked bars, the total at each bar's end, and a legend of the segments.
    static func bars(_ bars: [Bar], title: String, unit: String, decimals: Int) -> String {
        let totals = bars.map { $0.segments.reduce(0) { $0 + max(0, $1.value) } }
        guard let top = totals.max(), top > 0 else { return "" }
        let rowH = 24.0, left = 96.0, right = 80.0, W = 640.0, head = 34.0
        // A legend only when bars are stacked (a bar of one segment is labelled by its own name).
        var legend: [(String, String)] = []
        if bars.contains(where: { $0.segments.count > 1 }) {
            for b in bars { for s in b.segments where !legend.contains(where: { $0.0 == s.label }) { legend.append((s.label, s.colour)) } }
        }
        let legendRows = Int(ceil(Double(legend.count) / 4))
        let H = head + Double(bars.count) * rowH + 16 + Double(legendRows) * 18
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(W)) \(Int(H))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
        svg += "<text x=\"8\" y=\"18\" class=\"ct\">\(xml(title)) (\(xml(unit)))</text>"
        let scale = (W - left - right) / top
        for (i, b) in bars.enumerated() {
            let y0 = head + Double(i) * rowH
            svg += "<text x=\"\(c(left - 6))\" y=\"\(c(y0 + 15))\" text-anchor=\"end\" class=\"tk\">\(xml(b.label))</text>"
            var x0 = left
            for s in b.segments where s.value > 0 {
                let w = s.value * scale
                svg += "<rect x=\"\(c(x0))\" y=\"\(c(y0 + 3))\" width=\"\(c(w))\" height=\"\(c(rowH - 6))\" fill=\"\(s.colour)\"><title>\(xml(b.label)) · \(xml(s.label)): \(NumberText.fixed(s.value, decimals: decimals)) \(xml(unit))</title></rect>"
                x0 += w
            }
            svg += "<text x=\"\(c(x0 + 4))\" y=\"\(c(y0 + 15))\" class=\"tk\">\(NumberText.fixed(totals[i], decimals: decimals))</text>"
        }
        for (k, (text, colour)) in legend.enumerated() {
            let lx = 8 + Double(k % 4) * 158, ly = head + Double(bars.count) * rowH + 16 + Double(k / 4) * 18
            svg += "<rect x=\"\(c(lx))\" y=\"\(c(ly - 10))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/><text x=\"\(c(lx + 16))\" y=\"\(c(ly))\" class=\"tk\">\(xml(text))</text>"
        }
        return svg + "</svg>"
    }
}
