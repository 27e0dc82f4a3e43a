import EcoKit
import Foundation

/// The delivery timelines: one small bar per project or task on a shared time scale, so a column of them reads as
/// a Gantt chart inside a table (the labels stay in the table's cells, readable at 390 px).
enum DeliveryCharts {
    /// The shared scale of a timeline column: from the first January before the earliest start to the last
    /// December after the latest end.
    struct Scale {
        let from: CivilDay
        let to: CivilDay
        static let width = 260.0

        /// The scale covering every (start, end) span and `today`.
        init(spans: [(CivilDay, CivilDay)], today: CivilDay) {
            let lo = min(spans.map(\.0).min() ?? today, today).year
            let hi = max(spans.map(\.1).max() ?? today, today).year
            from = CivilDay(year: lo, month: 1, day: 1)
            to = CivilDay(year: max(hi, lo) + 1, month: 1, day: 1)
        }

        func x(_ d: CivilDay) -> Double {
            let span = Double(max(1, to.index - from.index))
            return 4 + (Self.width - 8) * min(1, max(0, Double(d.index - from.index) / span))
        }
    }

    /// The axis above a timeline column: a tick and label per year.
    static func axis(_ s: Scale) -> String {
        var parts: [String] = []
        let years = Array(s.from.year..<s.to.year)
        let every = years.count > 6 ? 2 : 1
        for y in years {
            let x = s.x(CivilDay(year: y, month: 1, day: 1))
            parts.append("<line x1=\"\(c(x))\" y1=\"14\" x2=\"\(c(x))\" y2=\"20\" stroke=\"#7b8794\"/>")
            if (y - s.from.year) % every == 0 { parts.append("<text x=\"\(c(x + 2))\" y=\"11\" class=\"tk\">\(y)</text>") }
        }
        return "<svg class=\"timeline\" viewBox=\"0 0 \(Int(Scale.width)) 20\" width=\"\(Int(Scale.width))\" height=\"20\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(s.from.year)–\(s.to.year - 1)</title>\(parts.joined())</svg>"
    }

    /// One bar: the planned span in grey, the reported completion as the filled share of it (red when behind
    /// 序时进度 by more than the tolerance or overdue, else green), today as a dark line — where the line crosses the
    /// bar is the 序时进度 — and each milestone as a small diamond. `title` is the bar's tooltip and accessible name.
    static func bar(_ s: Scale, start: CivilDay, end: CivilDay, completion: Double, today: CivilDay, milestones: [CivilDay], behind: Bool, title: String) -> String {
        let x0 = s.x(start), x1 = max(s.x(end), x0 + 1)
        let done = x0 + (x1 - x0) * min(1, max(0, completion / 100))
        let colour = behind ? "#d73027" : "#1a9850"
        var parts = ["<rect x=\"\(c(x0))\" y=\"5\" width=\"\(c(x1 - x0))\" height=\"10\" rx=\"2\" fill=\"#d9e2ec\"/>",
                     "<rect x=\"\(c(x0))\" y=\"5\" width=\"\(c(done - x0))\" height=\"10\" rx=\"2\" fill=\"\(colour)\"/>"]
        for m in milestones {
            let x = s.x(m)
            parts.append("<path d=\"M\(c(x)) 2 l3 3 l-3 3 l-3 -3 z\" fill=\"#3e4c59\"/>")
        }
        let t = s.x(today)
        parts.append("<line x1=\"\(c(t))\" y1=\"1\" x2=\"\(c(t))\" y2=\"19\" stroke=\"#1f2933\" stroke-width=\"1.5\"/>")
        return "<svg class=\"timeline\" viewBox=\"0 0 \(Int(Scale.width)) 20\" width=\"\(Int(Scale.width))\" height=\"20\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>\(parts.joined())</svg>"
    }
}
