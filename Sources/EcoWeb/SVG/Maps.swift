import EcoAir
import EcoCore
import EcoServices
import Foundation

/// Choropleth maps of cities or counties, as SVG with a link per region to its page.
enum Maps {
    /// One region's fill and tooltip.
    struct Cell {
        var code: RegionCode
        var name: String
        var fill: String
        var label: String
    }

    struct LegendItem {
        var colour: String
        var text: String
    }

    /// Where each city's tile sits in a 3 × 6 grid laid out roughly as Shanxi's geography (north at the top).
    static let cityTiles: [String: (col: Int, row: Int)] = [
        "140600": (0, 0), "140200": (1, 0),
        "140900": (1, 1),
        "141100": (0, 2), "140100": (1, 2), "140300": (2, 2),
        "140700": (1, 3),
        "141000": (0, 4), "140400": (1, 4),
        "140800": (0, 5), "140500": (1, 5),
    ]

    /// A tile-grid map: one tile per city; at county level each city's tile is divided among its counties.
    static func tiles(_ cells: [Cell], level: RegionLevel, tree: RegionTree, legend: [LegendItem], title: String,
                      cityNames: [RegionCode: String] = [:], linkQuery: String = "") -> String {
        // County tiles are large enough (≈ 48 px for a city of 16 counties) to carry a short name and the value.
        let tile = level == .county ? 200.0 : 110.0, gap = level == .county ? 22.0 : 6.0, pad = 10.0
        let cols = 3, rows = 6
        let W = pad * 2 + Double(cols) * (tile + gap) + 230, H = pad * 2 + Double(rows) * (tile + gap)
        var byCode: [RegionCode: Cell] = [:]
        for cell in cells { byCode[cell.code] = cell }
        var svg = header(W, H, title, wide: level == .county)
        let cities = tree.current(level: .city)
        for (i, city) in cities.enumerated() {
            // A city without a known place (another province's data) goes in the free column, top down.
            let pos = cityTiles[city.code.rawValue] ?? (2, i % rows)
            let x0 = pad + Double(pos.col) * (tile + gap), y0 = pad + Double(pos.row) * (tile + gap)
            if level == .city {
                svg += region(byCode[city.code], fallbackName: city.name.zh, code: city.code,
                              shape: "<rect x=\"\(c(x0))\" y=\"\(c(y0))\" width=\"\(c(tile))\" height=\"\(c(tile))\" rx=\"6\"",
                              labelAt: (x0 + tile / 2, y0 + tile / 2), short: false, query: linkQuery)
            } else {
                let counties = tree.current(level: .county, parent: city.code)
                let n = max(1, counties.count)
                let k = Int(ceil(sqrt(Double(n))))
                let small = (tile - Double(k - 1) * 2) / Double(k)
                for (j, county) in counties.enumerated() {
                    let x = x0 + Double(j % k) * (small + 2), y = y0 + Double(j / k) * (small + 2)
                    svg += region(byCode[county.code], fallbackName: county.name.zh, code: county.code,
                                  shape: "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(small))\" height=\"\(c(small))\" rx=\"2\"",
                                  labelAt: (x + small / 2, y + small / 2), short: true, query: linkQuery)
                }
                svg += "<rect x=\"\(c(x0 - 1))\" y=\"\(c(y0 - 1))\" width=\"\(c(tile + 2))\" height=\"\(c(tile + 2))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\" rx=\"4\"/>"
                svg += "<text x=\"\(c(x0 + tile / 2))\" y=\"\(c(y0 + tile + 14))\" text-anchor=\"middle\" class=\"tk\">\(xml(cityNames[city.code] ?? city.name.zh))</text>"
            }
        }
        svg += legendSVG(legend, x: pad + Double(cols) * (tile + gap) + 10, y: pad + 10)
        return svg + "</svg>"
    }

    /// Real outlines: an equirectangular projection with longitudes scaled by cos(mean latitude), fitted to the box.
    static func outlines(_ cells: [Cell], boundaries: [RegionCode: RegionBoundary], legend: [LegendItem], title: String,
                         linkQuery: String = "") -> String {
        let shapes = cells.compactMap { cell in boundaries[cell.code].map { (cell, $0) } }
        var minLon = Double.infinity, minLat = Double.infinity, maxLon = -Double.infinity, maxLat = -Double.infinity
        for (_, b) in shapes {
            guard let bb = b.bounds else { continue }
            minLon = min(minLon, bb.minLon); minLat = min(minLat, bb.minLat); maxLon = max(maxLon, bb.maxLon); maxLat = max(maxLat, bb.maxLat)
        }
        guard minLon.isFinite, maxLat > minLat else { return "" }
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let mapH = 640.0, pad = 10.0
        let scale = (mapH - 2 * pad) / (maxLat - minLat)
        let mapW = (maxLon - minLon) * k * scale + 2 * pad
        let W = mapW + 230
        var svg = header(W, mapH, title, wide: shapes.count > 20)
        for (cell, b) in shapes {
            let d = b.rings.map { ring in
                ring.enumerated().map { i, p in
                    (i == 0 ? "M" : "L") + c(pad + (p.lon - minLon) * k * scale) + "," + c(pad + (maxLat - p.lat) * scale)
                }.joined() + "Z"
            }.joined()
            // The label sits at the mean of the outline's points (inside for the compact shapes of Shanxi's regions).
            let pts = b.rings.first ?? []
            let cx = pts.isEmpty ? 0 : pts.map { pad + ($0.lon - minLon) * k * scale }.reduce(0, +) / Double(pts.count)
            let cy = pts.isEmpty ? 0 : pts.map { pad + (maxLat - $0.lat) * scale }.reduce(0, +) / Double(pts.count)
            svg += region(cell, fallbackName: cell.name, code: cell.code, shape: "<path d=\"\(d)\" fill-rule=\"evenodd\"",
                          labelAt: pts.isEmpty ? nil : (cx, cy), short: shapes.count > 20, query: linkQuery)
        }
        svg += legendSVG(legend, x: mapW + 10, y: pad + 10)
        return svg + "</svg>"
    }

    /// The SVG element; a `wide` map (the counties) is drawn larger so that its labels stay readable.
    private static func header(_ w: Double, _ h: Double, _ title: String, wide: Bool = false) -> String {
        "<svg class=\"map\(wide ? " map-wide" : "")\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
    }

    /// One region as a link holding its shape and its label (name and value, in the text colour of higher contrast
    /// on the fill), so the label is clickable and the value readable without hovering. `short` labels (county
    /// tiles) use the first two characters of the name; the full name is in the title.
    private static func region(_ cell: Cell?, fallbackName: String, code: RegionCode, shape: String,
                               labelAt: (x: Double, y: Double)?, short: Bool, query: String) -> String {
        let fill = cell?.fill ?? Palette.missing
        let name = cell?.name ?? fallbackName
        let tip = cell.map { "\($0.name): \($0.label)" } ?? fallbackName
        var out = "<a href=\"/regions/\(code.rawValue)\(xml(query))\" data-code=\"\(code.rawValue)\"><title>\(xml(tip))</title>"
        out += "\(shape) fill=\"\(fill)\" stroke=\"#fff\" stroke-width=\"0.8\"/>"
        if let at = labelAt {
            let ink = Swatches.textColour(on: fill)
            let shown = short ? String(name.prefix(2)) : name
            out += "<text x=\"\(c(at.x))\" y=\"\(c(at.y - 3))\" text-anchor=\"middle\" class=\"\(short ? "mls" : "ml")\" fill=\"\(ink)\">\(xml(shown))</text>"
            // A county tile carries the number only; the unit is in the legend.
            if let full = cell?.label, case let value = short ? String(full.prefix { $0 != " " }) : full {
                out += "<text x=\"\(c(at.x))\" y=\"\(c(at.y + (short ? 10 : 14)))\" text-anchor=\"middle\" class=\"\(short ? "mvs" : "mv")\" fill=\"\(ink)\">\(xml(value))</text>"
            }
        }
        return out + "</a>"
    }

    private static func legendSVG(_ items: [LegendItem], x: Double, y: Double) -> String {
        var svg = ""
        for (i, item) in items.enumerated() {
            let yy = y + Double(i) * 22
            svg += "<rect x=\"\(c(x))\" y=\"\(c(yy))\" width=\"18\" height=\"14\" fill=\"\(item.colour)\" stroke=\"#999\"/>"
            svg += "<text x=\"\(c(x + 24))\" y=\"\(c(yy + 12))\" class=\"lg\">\(xml(item.text))</text>"
        }
        return svg
    }
}
