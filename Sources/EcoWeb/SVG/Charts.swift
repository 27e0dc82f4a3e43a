import EcoCore
import EcoKit
import EcoServices
import Foundation

/// Server-side SVG charts: readable without scripts, printable, with `<title>` for screen readers.
enum Charts {
    /// A 120×28 sparkline of a series (missing years leave gaps), the last point marked.
    static func sparkline(_ points: [(year: Int, value: Double?)], colour: String = "#2b6cb0") -> String {
        let values = points.compactMap(\.value)
        guard values.count >= 2, let lo = values.min(), let hi = values.max(), let first = points.first?.year, let last = points.last?.year,
              last > first else { return "" }
        let w = 120.0, h = 28.0, pad = 3.0
        func x(_ y: Int) -> Double { pad + (w - 2 * pad) * Double(y - first) / Double(last - first) }
        func y(_ v: Double) -> Double { hi == lo ? h / 2 : h - pad - (h - 2 * pad) * (v - lo) / (hi - lo) }
        var segments: [String] = []
        var current: [String] = []
        for p in points {
            if let v = p.value { current.append("\(c(x(p.year))),\(c(y(v)))") } else if !current.isEmpty { segments.append(current.joined(separator: " ")); current = [] }
        }
        if !current.isEmpty { segments.append(current.joined(separator: " ")) }
        let lines = segments.map { "<polyline points=\"\($0)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"/>" }.joined()
        let lastPoint = points.last { $0.value != nil }
        let dot = lastPoint.map { "<circle cx=\"\(c(x($0.year)))\" cy=\"\(c(y($0.value ?? 0)))\" r=\"2\" fill=\"\(colour)\"/>" } ?? ""
        return "<svg class=\"spark\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" width=\"\(Int(w))\" height=\"\(Int(h))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(first)–\(last)</title>\(lines)\(dot)</svg>"
    }

    struct TrendLabels {
        var title: String
        var value: String
        var baseline: String
        var target: String
        var expected: String
        var forecast: String
        var unit: String
    }

    /// The trend chart of one indicator for one region: values, the target of each milestone, the expected
    /// time-proportional line and the forecast line, with axes, ticks and a legend.
    static func trend(_ series: [ProgressPoint], decimals: Int, labels: TrendLabels) -> String {
        guard let first = series.first?.year, let last = series.last?.year, last > first else { return "" }
        var all: [Double] = []
        for p in series {
            if let v = p.value?.number { all.append(v) }
            if case .threshold(let t)? = p.target { all.append(t) }
            if case .range(let lo, let hi)? = p.target { all += [lo, hi] }
            if let e = p.expected { all.append(e) }
            if let f = p.forecast { all.append(f) }
        }
        guard let lo = all.min(), let hi = all.max() else { return "" }
        let ticks = NiceScale.ticks(lo, hi)
        let yMin = ticks.first ?? lo, yMax = ticks.last ?? hi
        let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
        let W = 640.0, H = 300.0, left = 56.0, right = 16.0, top = 34.0, bottom = 58.0
        func x(_ y: Int) -> Double { left + (W - left - right) * Double(y - first) / Double(last - first) }
        func y(_ v: Double) -> Double { yMax == yMin ? top + (H - top - bottom) / 2 : top + (H - top - bottom) * (yMax - v) / (yMax - yMin) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(W)) \(Int(H))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title>\(xml(labels.title))</title>"
        svg += "<text x=\"\(c(left))\" y=\"18\" class=\"ct\">\(xml(labels.title)) (\(xml(labels.unit)))</text>"
        for t in ticks {
            svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - right))\" y1=\"\(c(y(t)))\" y2=\"\(c(y(t)))\" stroke=\"#e5e5e5\"/>"
            svg += "<text x=\"\(c(left - 6))\" y=\"\(c(y(t) + 4))\" text-anchor=\"end\" class=\"tk\">\(NiceScale.label(t, step: step))</text>"
        }
        for yr in first...last {
            let major = (yr - first) % max(1, (last - first) / 10) == 0
            guard major else { continue }
            svg += "<line x1=\"\(c(x(yr)))\" x2=\"\(c(x(yr)))\" y1=\"\(c(H - bottom))\" y2=\"\(c(H - bottom + 4))\" stroke=\"#666\"/>"
            svg += "<text x=\"\(c(x(yr)))\" y=\"\(c(H - bottom + 16))\" text-anchor=\"middle\" class=\"tk\">\(yr)</text>"
        }
        svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - right))\" y1=\"\(c(H - bottom))\" y2=\"\(c(H - bottom))\" stroke=\"#666\"/>"
        // Target: one horizontal segment per milestone period (2020–2025 at the 2025 target, 2026–2030 at the 2030
        // one), not a slope between them.
        var targetPath = ""
        var previous: Double?
        for p in series {
            guard case .threshold(let t)? = p.target else { previous = nil; continue }
            if t != previous { targetPath += "M\(c(x(p.year))),\(c(y(t)))" } else { targetPath += "L\(c(x(p.year))),\(c(y(t)))" }
            previous = t
        }
        if !targetPath.isEmpty { svg += "<path d=\"\(targetPath)\" fill=\"none\" stroke=\"#d73027\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>" }
        func line(_ pts: [(Int, Double)], _ style: String) -> String {
            guard pts.count >= 2 else { return "" }
            return "<polyline points=\"\(pts.map { "\(c(x($0.0))),\(c(y($0.1)))" }.joined(separator: " "))\" fill=\"none\" \(style)/>"
        }
        svg += line(series.compactMap { p in p.expected.map { (p.year, $0) } }, "stroke=\"#7f7f7f\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"")
        svg += line(series.compactMap { p in p.forecast.map { (p.year, $0) } }, "stroke=\"#9ecae1\" stroke-width=\"1.5\" stroke-dasharray=\"8 4\"")
        let observed = series.compactMap { p in p.value?.number.map { (p.year, $0) } }
        svg += line(observed, "stroke=\"#2b6cb0\" stroke-width=\"2\"")
        // The baseline: the base year's value, where the expected line starts.
        if let base = series.first, let v = base.value?.number {
            svg += "<line x1=\"\(c(x(first)))\" x2=\"\(c(W - right))\" y1=\"\(c(y(v)))\" y2=\"\(c(y(v)))\" stroke=\"#b0b0b0\" stroke-width=\"1\" stroke-dasharray=\"1 4\"/>"
            svg += "<rect x=\"\(c(x(first) - 5))\" y=\"\(c(y(v) - 5))\" width=\"10\" height=\"10\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.5\"><title>\(xml(labels.baseline)) \(base.year): \(NumberText.fixed(v, decimals: decimals))</title></rect>"
        }
        for (yr, v) in observed {
            svg += "<circle cx=\"\(c(x(yr)))\" cy=\"\(c(y(v)))\" r=\"3\" fill=\"#2b6cb0\"><title>\(yr): \(NumberText.fixed(v, decimals: decimals))</title></circle>"
        }
        // Legend under the axis.
        let items = [(labels.value, "stroke=\"#2b6cb0\" stroke-width=\"2\""), (labels.baseline, "stroke=\"#b0b0b0\" stroke-dasharray=\"1 4\""),
                     (labels.target, "stroke=\"#d73027\" stroke-dasharray=\"6 3\""),
                     (labels.expected, "stroke=\"#7f7f7f\" stroke-dasharray=\"2 3\""), (labels.forecast, "stroke=\"#9ecae1\" stroke-dasharray=\"8 4\"")]
        var lx = left
        for (text, style) in items {
            svg += "<line x1=\"\(c(lx))\" x2=\"\(c(lx + 22))\" y1=\"\(c(H - 14))\" y2=\"\(c(H - 14))\" \(style)/>"
            svg += "<text x=\"\(c(lx + 26))\" y=\"\(c(H - 10))\" class=\"tk\">\(xml(text))</text>"
            lx += 40 + Double(text.count) * 11
        }
        return svg + "</svg>"
    }

    /// A histogram of values in nice bins, for the indicator page's distribution.
    static func histogram(_ values: [Double], decimals: Int, title: String, countLabel: String) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "" }
        let edges = NiceScale.ticks(lo, hi, count: 8)
        guard edges.count >= 2 else { return "" }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        for v in values {
            let i = min(counts.count - 1, max(0, edges.lastIndex { $0 <= v } ?? 0))
            counts[i] += 1
        }
        let W = 480.0, H = 220.0, left = 40.0, bottom = 36.0, top = 26.0
        let maxCount = Double(counts.max() ?? 1)
        let bw = (W - left - 10) / Double(counts.count)
        let step = edges[1] - edges[0]
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(W)) \(Int(H))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
        svg += "<text x=\"\(c(left))\" y=\"16\" class=\"ct\">\(xml(title))</text>"
        for (i, n) in counts.enumerated() {
            let h = (H - top - bottom) * Double(n) / max(1, maxCount)
            let x0 = left + Double(i) * bw
            svg += "<rect x=\"\(c(x0 + 1))\" y=\"\(c(H - bottom - h))\" width=\"\(c(bw - 2))\" height=\"\(c(h))\" fill=\"#74a9cf\"><title>\(NiceScale.label(edges[i], step: step))–\(NiceScale.label(edges[i + 1], step: step)): \(n)</title></rect>"
            if n > 0 { svg += "<text x=\"\(c(x0 + bw / 2))\" y=\"\(c(H - bottom - h - 3))\" text-anchor=\"middle\" class=\"tk\">\(n)</text>" }
        }
        for (i, e) in edges.enumerated() where i % max(1, edges.count / 6) == 0 || i == edges.count - 1 {
            svg += "<text x=\"\(c(left + Double(i) * bw))\" y=\"\(c(H - bottom + 14))\" text-anchor=\"middle\" class=\"tk\">\(NiceScale.label(e, step: step))</text>"
        }
        svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - 10))\" y1=\"\(c(H - bottom))\" y2=\"\(c(H - bottom))\" stroke=\"#666\"/>"
        svg += "<text x=\"\(c(left))\" y=\"\(c(H - 4))\" class=\"tk\">\(xml(countLabel)): \(values.count)</text>"
        return svg + "</svg>"
    }
}
