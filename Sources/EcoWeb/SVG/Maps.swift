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
                      cityNames: [RegionCode: String] = [:]) -> String {
        let tile = 96.0, gap = level == .county ? 20.0 : 6.0, pad = 10.0
        let cols = 3, rows = 6
        let W = pad * 2 + Double(cols) * (tile + gap) + 170, H = pad * 2 + Double(rows) * (tile + gap)
        var byCode: [RegionCode: Cell] = [:]
        for cell in cells { byCode[cell.code] = cell }
        var svg = header(W, H, title)
        let cities = tree.current(level: .city)
        for (i, city) in cities.enumerated() {
            // A city without a known place (another province's data) goes in the free column, top down.
            let pos = cityTiles[city.code.rawValue] ?? (2, i % rows)
            let x0 = pad + Double(pos.col) * (tile + gap), y0 = pad + Double(pos.row) * (tile + gap)
            if level == .city {
                svg += region(byCode[city.code], fallbackName: city.name.zh, code: city.code,
                              shape: "<rect x=\"\(c(x0))\" y=\"\(c(y0))\" width=\"\(c(tile))\" height=\"\(c(tile))\" rx=\"6\"")
                svg += "<text x=\"\(c(x0 + tile / 2))\" y=\"\(c(y0 + tile / 2 + 5))\" text-anchor=\"middle\" class=\"ml\">\(xml(byCode[city.code]?.name ?? city.name.zh))</text>"
            } else {
                let counties = tree.current(level: .county, parent: city.code)
                let n = max(1, counties.count)
                let k = Int(ceil(sqrt(Double(n))))
                let small = (tile - Double(k - 1) * 2) / Double(k)
                for (j, county) in counties.enumerated() {
                    let x = x0 + Double(j % k) * (small + 2), y = y0 + Double(j / k) * (small + 2)
                    svg += region(byCode[county.code], fallbackName: county.name.zh, code: county.code,
                                  shape: "<rect x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(small))\" height=\"\(c(small))\" rx=\"2\"")
                }
                svg += "<rect x=\"\(c(x0 - 1))\" y=\"\(c(y0 - 1))\" width=\"\(c(tile + 2))\" height=\"\(c(tile + 2))\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\" rx=\"4\"/>"
                svg += "<text x=\"\(c(x0 + tile / 2))\" y=\"\(c(y0 + tile + 14))\" text-anchor=\"middle\" class=\"tk\">\(xml(cityNames[city.code] ?? city.name.zh))</text>"
            }
        }
        svg += legendSVG(legend, x: pad + Double(cols) * (tile + gap) + 10, y: pad + 10)
        return svg + "</svg>"
    }

    /// Real outlines: an equirectangular projection with longitudes scaled by cos(mean latitude), fitted to the box.
    static func outlines(_ cells: [Cell], boundaries: [RegionCode: RegionBoundary], legend: [LegendItem], title: String) -> String {
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
        let W = mapW + 170
        var svg = header(W, mapH, title)
        for (cell, b) in shapes {
            let d = b.rings.map { ring in
                ring.enumerated().map { i, p in
                    (i == 0 ? "M" : "L") + c(pad + (p.lon - minLon) * k * scale) + "," + c(pad + (maxLat - p.lat) * scale)
                }.joined() + "Z"
            }.joined()
            svg += region(cell, fallbackName: cell.name, code: cell.code, shape: "<path d=\"\(d)\" fill-rule=\"evenodd\"")
        }
        svg += legendSVG(legend, x: mapW + 10, y: pad + 10)
        return svg + "</svg>"
    }

    private static func header(_ w: Double, _ h: Double, _ title: String) -> String {
        "<svg class=\"map\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
    }

    private static func region(_ cell: Cell?, fallbackName: String, code: RegionCode, shape: String) -> String {
        let fill = cell?.fill ?? Palette.missing
        let tip = cell.map { "\($0.name): \($0.label)" } ?? fallbackName
        return "<a href=\"/regions/\(code.rawValue)\" data-code=\"\(code.rawValue)\">\(shape) fill=\"\(fill)\" stroke=\"#fff\" stroke-width=\"0.8\"><title>\(xml(tip))</title></\(shape.hasPrefix("<rect") ? "rect" : "path")></a>"
    }

    private static func legendSVG(_ items: [LegendItem], x: Double, y: Double) -> String {
        var svg = ""
        for (i, item) in items.enumerated() {
            let yy = y + Double(i) * 22
            svg += "<rect x=\"\(c(x))\" y=\"\(c(yy))\" width=\"18\" height=\"14\" fill=\"\(item.colour)\" stroke=\"#999\"/>"
            svg += "<text x=\"\(c(x + 24))\" y=\"\(c(yy + 12))\" class=\"tk\">\(xml(item.text))</text>"
        }
        return svg
    }
}
