import EcoCore
import EcoEnterprise
import EcoKit
import Foundation

/// The risk map: risk sources coloured by level, sensitive targets, emergency resources and incidents on a
/// longitude/latitude plot (equirectangular, x scaled by cos of the mid latitude so distances look right), each
/// category a `<g class="layer-…">` the page's checkboxes show and hide (CSS only), and the query circle when
/// there is one. Points carry `<title>` tooltips; text is escaped.
enum RiskMap {
    /// One point to draw.
    struct Mark {
        let layer: String
        let id: String
        let name: String
        let point: GeoPoint
        let fill: String
    }

    static let levelColours = ["general": "#e0b400", "larger": "#f46d43", "major": "#b2182b"]

    static func svg(_ marks: [Mark], centre: GeoPoint?, radiusKm: Double?, title: String) -> String {
        let points = marks.map(\.point) + (centre.map { [$0] } ?? [])
        guard !points.isEmpty else { return "" }
        var lo = GeoPoint(lon: points.map(\.lon).min()!, lat: points.map(\.lat).min()!)
        var hi = GeoPoint(lon: points.map(\.lon).max()!, lat: points.map(\.lat).max()!)
        if let c = centre, let r = radiusKm {
            let dLat = r / 111.2, dLon = r / (111.2 * max(cos(c.lat * .pi / 180), 0.1))
            lo = GeoPoint(lon: min(lo.lon, c.lon - dLon), lat: min(lo.lat, c.lat - dLat))
            hi = GeoPoint(lon: max(hi.lon, c.lon + dLon), lat: max(hi.lat, c.lat + dLat))
        }
        let pad = 0.05
        lo = GeoPoint(lon: lo.lon - pad, lat: lo.lat - pad); hi = GeoPoint(lon: hi.lon + pad, lat: hi.lat + pad)
        let k = cos((lo.lat + hi.lat) / 2 * .pi / 180)
        let spanX = (hi.lon - lo.lon) * k, spanY = hi.lat - lo.lat
        // At most 640 wide and 720 high, keeping the aspect; the drawing is then exactly the data's extent.
        let s = min(640 / max(spanX, 1e-6), 720 / max(spanY, 1e-6))
        // 14 px of margin so that a marker at the extent is drawn whole.
        let m = 14.0
        let w = max(spanX * s, 320) + 2 * m, h = max(spanY * s, 200) + 2 * m
        func x(_ p: GeoPoint) -> Double { m + ((p.lon - lo.lon) * k) * s }
        func y(_ p: GeoPoint) -> Double { m + (hi.lat - p.lat) * s }
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" class=\"risk-map\"><title>\(xml(title))</title>"
        out += "<rect width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#f7f9fb\" stroke=\"#c8d1da\"/>"
        if let c = centre, let r = radiusKm {
            let rr = r / 111.2 * s
            out += "<circle cx=\(q(x(c))) cy=\(q(y(c))) r=\(q(rr)) fill=\"#2b6cb0\" fill-opacity=\"0.08\" stroke=\"#2b6cb0\" stroke-dasharray=\"4 3\"/>"
            out += "<path d=\"M\(f(x(c) - 7)) \(f(y(c)))h14M\(f(x(c))) \(f(y(c) - 7))v14\" stroke=\"#1f2933\" stroke-width=\"2\"/>"
        }
        for layer in ["targets", "resources", "sources", "incidents"] {
            out += "<g class=\"layer-\(layer)\">"
            for m in marks where m.layer == layer {
                let px = x(m.point), py = y(m.point), tip = "<title>\(xml(m.id + " " + m.name))</title>"
                switch layer {
                case "targets": out += "<path d=\"M\(f(px)) \(f(py - 7))l6 11h-12z\" fill=\"\(m.fill)\" stroke=\"#fff\">\(tip)</path>"
                case "resources": out += "<rect x=\(q(px - 5)) y=\(q(py - 5)) width=\"10\" height=\"10\" fill=\"\(m.fill)\" stroke=\"#fff\">\(tip)</rect>"
                case "incidents": out += "<path d=\"M\(f(px)) \(f(py - 9))l3 6 6 1-4.5 4 1 6-5.5-3-5.5 3 1-6-4.5-4 6-1z\" fill=\"\(m.fill)\" stroke=\"#fff\">\(tip)</path>"
                default: out += "<circle cx=\(q(px)) cy=\(q(py)) r=\"6\" fill=\"\(m.fill)\" stroke=\"#fff\">\(tip)</circle>"
                }
            }
            out += "</g>"
        }
        // A scale bar of a round number of km about a fifth of the width.
        let kmPerPx = 111.2 / s
        let bar = [1.0, 2, 5, 10, 20, 50, 100].last { $0 / kmPerPx <= w / 4 } ?? 1
        out += "<path d=\"M12 \(f(h - 14))h\(f(bar / kmPerPx))\" stroke=\"#1f2933\" stroke-width=\"2\"/><text x=\"12\" y=\"\(f(h - 20))\" font-size=\"12\">\(NumberText.shortest(bar)) km</text>"
        return out + "</svg>"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
    static func q(_ v: Double) -> String { "\"" + f(v) + "\"" }
}
