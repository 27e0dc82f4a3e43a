public import EcoCore
import Foundation

/// The designation types of the registry (五.一): 国家公园, 自然保护区, 自然公园, 生态保护红线.
public enum ProtectedType: String, Sendable, Codable, CaseIterable {
    /// 国家公园.
    case nationalPark = "国家公园"
    /// 自然保护区.
    case natureReserve = "自然保护区"
    /// 自然公园 (森林公园, 湿地公园, 地质公园, 风景名胜区, …).
    case naturePark = "自然公园"
    /// 生态保护红线.
    case redLine = "生态保护红线"
}

/// One designated area.
public struct ProtectedArea: Sendable, Codable, Hashable {
    /// Its id.
    public var id: String
    /// Its name.
    public var name: String
    /// Its type.
    public var type: ProtectedType
    /// 国家级, 省级, 市级, 县级.
    public var level: String
    /// The designation date, YYYY-MM-DD.
    public var designated: String
    /// The region it is counted in.
    public var region: RegionCode
    /// The area as designated, km².
    public var areaKm2: Double
    /// The id of the designation that contains it (then it is not counted again when there are no outlines).
    public var within: String?
    /// Its outline (rings, lon/lat), when imported from GeoJSON.
    public var rings: [[GeoPoint]]?
    /// True for demo data.
    public var synthetic: Bool

    /// Creates an area.
    public init(id: String, name: String, type: ProtectedType, level: String, designated: String, region: RegionCode, areaKm2: Double,
                within: String? = nil, rings: [[GeoPoint]]? = nil, synthetic: Bool = false) {
        self.id = id; self.name = name; self.type = type; self.level = level; self.designated = designated; self.region = region
        self.areaKm2 = areaKm2; self.within = within; self.rings = rings; self.synthetic = synthetic
    }
}

/// Areas on the WGS 84 ellipsoid: each point is mapped by the Lambert cylindrical equal-area projection of the
/// ellipsoid (x = a·λ, y = a·q(φ)/2, Snyder 1987, *Map Projections — A Working Manual*, USGS PP 1395, §10 eq. 10-15
/// with k₀ = 1 and eq. 3-12 for q), which keeps areas exactly, and rings are measured there with straight edges.
public enum EllipsoidArea {
    /// WGS 84 semi-major axis, m.
    public static let a = 6_378_137.0
    /// WGS 84 flattening.
    public static let f = 1 / 298.257223563
    static let e2 = f * (2 - f)
    static let e = e2.squareRoot()

    /// q(φ) = (1 − e²)[sin φ/(1 − e² sin² φ) − 1/(2e) ln((1 − e sin φ)/(1 + e sin φ))] (Snyder eq. 3-12).
    public static func q(_ latitude: Double) -> Double {
        let s = sin(latitude * .pi / 180)
        return (1 - e2) * (s / (1 - e2 * s * s) - 1 / (2 * e) * log((1 - e * s) / (1 + e * s)))
    }

    /// The projected point, m.
    public static func project(_ p: GeoPoint) -> (x: Double, y: Double) { (a * p.lon * .pi / 180, a * q(p.lat) / 2) }

    /// The area inside the rings by the even-odd rule (holes subtract), km².
    public static func area(_ rings: [[GeoPoint]]) -> Double { unionArea([rings]) }

    /// The area covered by at least one of the shapes (each a list of rings, even-odd inside), km² — overlaps counted
    /// once. A sweep over horizontal strips bounded by every vertex and every crossing of two edges: inside a strip
    /// the covered length is linear in y, so its value at mid-height times the strip's height is exact.
    public static func unionArea(_ shapes: [[[GeoPoint]]]) -> Double {
        typealias Edge = (x0: Double, y0: Double, x1: Double, y1: Double, shape: Int)
        var edges: [Edge] = []
        for (s, rings) in shapes.enumerated() {
            for ring in rings where ring.count >= 3 {
                let pts = ring.map(project)
                for i in pts.indices {
                    let p = pts[i], n = pts[(i + 1) % pts.count]
                    if p.y != n.y { edges.append((p.x, p.y, n.x, n.y, s)) }
                }
            }
        }
        guard !edges.isEmpty else { return 0 }
        var ys = Set<Double>()
        for e in edges { ys.insert(e.y0); ys.insert(e.y1) }
        // Crossings of edges of different shapes (only they change which shape is on top inside a strip).
        if shapes.count > 1 {
            let sorted = edges.sorted { min($0.y0, $0.y1) < min($1.y0, $1.y1) }
            for i in sorted.indices {
                let a = sorted[i]
                let aTop = max(a.y0, a.y1)
                var j = i + 1
                while j < sorted.count, min(sorted[j].y0, sorted[j].y1) <= aTop {
                    let b = sorted[j]
                    j += 1
                    guard a.shape != b.shape else { continue }
                    let d = (a.x1 - a.x0) * (b.y1 - b.y0) - (a.y1 - a.y0) * (b.x1 - b.x0)
                    guard d != 0 else { continue }
                    let t = ((b.x0 - a.x0) * (b.y1 - b.y0) - (b.y0 - a.y0) * (b.x1 - b.x0)) / d
                    let u = ((b.x0 - a.x0) * (a.y1 - a.y0) - (b.y0 - a.y0) * (a.x1 - a.x0)) / d
                    if t > 0, t < 1, u > 0, u < 1 { ys.insert(a.y0 + t * (a.y1 - a.y0)) }
                }
            }
        }
        let levels = ys.sorted()
        var total = 0.0
        for (y0, y1) in zip(levels, levels.dropFirst()) {
            let ym = (y0 + y1) / 2
            var intervals: [(Double, Double)] = []
            var byShape: [Int: [Double]] = [:]
            for e in edges where (e.y0 <= ym) != (e.y1 <= ym) {
                byShape[e.shape, default: []].append(e.x0 + (ym - e.y0) / (e.y1 - e.y0) * (e.x1 - e.x0))
            }
            for (_, xs) in byShape {
                let s = xs.sorted()
                var k = 0
                while k + 1 < s.count { intervals.append((s[k], s[k + 1])); k += 2 }
            }
            intervals.sort { $0.0 < $1.0 }
            var covered = 0.0, start = -Double.infinity, end = -Double.infinity
            for (l, r) in intervals {
                if l > end { covered += max(0, end - start); start = l; end = r } else { end = max(end, r) }
            }
            covered += max(0, end - start)
            total += covered * (y1 - y0)
        }
        return total / 1e6
    }
}

/// A region's protected share of land area (written into `protected_area_share`).
public struct ProtectedShare: Sendable, Codable, Hashable {
    /// The region.
    public var region: RegionCode
    /// The designations counted (in its subtree, designated by the end of the year).
    public var areas: Int
    /// Of the counted, those with outlines (their union measured on the ellipsoid).
    public var withOutlines: Int
    /// The union of the outlined areas, km².
    public var outlinedKm2: Double
    /// The designated areas of those without outlines and not `within` another, km².
    public var registeredKm2: Double
    /// Designations left out because they lie within another.
    public var nestedLeftOut: Int
    /// Protected km².
    public var protectedKm2: Double
    /// Land area, km², and where it came from.
    public var landKm2: Double?
    /// attribute, built-in (reconstructed) or boundary.
    public var landSource: String?
    /// %.
    public var share: Double?
    /// The rule, in words.
    public var rule: String
    /// True when a counted area is synthetic.
    public var synthetic: Bool
}

/// The registry's checks and the share computation.
public enum ProtectedAreas {
    /// The tolerated difference between an outline's ellipsoid area and the designated area.
    public static let tolerance = 0.05

    /// Designations whose outline area differs from the designated area by more than 5 %, with both areas.
    public static func areaDifferences(_ list: [ProtectedArea]) -> [(area: ProtectedArea, measuredKm2: Double, difference: Double)] {
        list.compactMap { p in
            guard let rings = p.rings, p.areaKm2 > 0 else { return nil }
            let m = EllipsoidArea.area(rings)
            let d = (m - p.areaKm2) / p.areaKm2
            return abs(d) > tolerance ? (p, m, d) : nil
        }
    }

    /// The share of `region` in `year`: every designation of its subtree designated by the end of the year, except those
    /// `within` another of them; outlined ones as the union of their outlines, the rest by designated area.
    public static func share(region: RegionCode, year: Int, areas: [ProtectedArea], tree: RegionTree, landKm2: Double?, landSource: String?) -> ProtectedShare {
        let inside = areas.filter { p in
            tree.lineage(of: p.region).contains { $0.code == region } && p.designated.prefix(4) <= String(format: "%04d", year)
        }
        // A designation within another one of the subtree lies inside that one's area: it is not counted again.
        let ids = Set(inside.map(\.id))
        let counted = inside.filter { $0.within.map { !ids.contains($0) } ?? true }
        let outlined = counted.filter { $0.rings != nil }
        let union = EllipsoidArea.unionArea(outlined.compactMap(\.rings))
        let registered = counted.filter { $0.rings == nil }.reduce(0) { $0 + $1.areaKm2 }
        let total = union + registered
        let share = landKm2.flatMap { $0 > 0 ? min(100, total / $0 * 100) : nil }
        return ProtectedShare(region: region, areas: inside.count, withOutlines: outlined.count, outlinedKm2: union, registeredKm2: registered,
                              nestedLeftOut: inside.count - counted.count, protectedKm2: total, landKm2: landKm2, landSource: landSource, share: share,
                              rule: "designations within another are not counted again; the union of the outlines on the WGS 84 ellipsoid (overlaps once) + the designated areas of the rest",
                              synthetic: inside.contains { $0.synthetic })
    }
}
