import Foundation

/// A point in geographic coordinates (degrees).
public struct GeoPoint: Sendable, Hashable, Codable {
    /// Longitude, degrees east.
    public var lon: Double
    /// Latitude, degrees north.
    public var lat: Double

    /// Creates a point.
    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// The great-circle distance in km on a sphere of the WGS 84 mean radius (6371.0088 km, IUGG), by the haversine
    /// formula: 2R·asin(√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2))). Within 0.5 % of the ellipsoidal distance, enough
    /// for "within R km" and "nearest" questions.
    public func distanceKm(to p: GeoPoint) -> Double {
        let r = 6371.0088, rad = Double.pi / 180
        let dPhi = (p.lat - lat) * rad, dLambda = (p.lon - lon) * rad
        let h = sin(dPhi / 2) * sin(dPhi / 2) + cos(lat * rad) * cos(p.lat * rad) * sin(dLambda / 2) * sin(dLambda / 2)
        return 2 * r * asin(min(1, sqrt(max(0, h))))
    }
}

/// The outline of a region: its rings (outer boundaries and holes alike; drawn with the even-odd rule).
public struct RegionBoundary: Sendable, Hashable {
    /// The region.
    public var code: RegionCode
    /// Closed rings (outer outlines and holes alike), in file order.
    public var rings: [[GeoPoint]]
    /// Where the outline came from (file name, and its 审图号 when the file has one).
    public var source: String

    /// Creates an outline.
    public init(code: RegionCode, rings: [[GeoPoint]], source: String) {
        self.code = code
        self.rings = rings
        self.source = source
    }

    /// Smallest and largest longitude and latitude.
    public var bounds: (minLon: Double, minLat: Double, maxLon: Double, maxLat: Double)? {
        var b: (Double, Double, Double, Double)?
        for ring in rings {
            for p in ring {
                if let (a, c, d, e) = b { b = (min(a, p.lon), min(c, p.lat), max(d, p.lon), max(e, p.lat)) } else { b = (p.lon, p.lat, p.lon, p.lat) }
            }
        }
        return b.map { (minLon: $0.0, minLat: $0.1, maxLon: $0.2, maxLat: $0.3) }
    }
}

/// Douglas–Peucker simplification of a polyline, hand-written (no package on the machine does geometry). Points
/// closer than `tolerance` (in degrees) to the simplified line are dropped; a closed ring keeps at least 4 points.
public enum LineSimplification {
    /// Douglas–Peucker simplification: drops points closer than `tolerance` degrees to the line through their neighbours.
    public static func simplify(_ points: [GeoPoint], tolerance: Double) -> [GeoPoint] {
        guard points.count > 4, tolerance > 0 else { return points }
        var keep = [Bool](repeating: false, count: points.count)
        keep[0] = true
        keep[points.count - 1] = true
        var stack = [(0, points.count - 1)]
        while let (a, b) = stack.popLast() {
            guard b > a + 1 else { continue }
            var worst = 0.0, index = a
            for i in (a + 1)..<b {
                let d = distance(points[i], points[a], points[b])
                if d > worst { worst = d; index = i }
            }
            if worst > tolerance {
                keep[index] = true
                stack.append((a, index))
                stack.append((index, b))
            }
        }
        let result = points.indices.filter { keep[$0] }.map { points[$0] }
        return result.count >= 4 ? result : points
    }

    /// Distance from p to the segment a–b.
    static func distance(_ p: GeoPoint, _ a: GeoPoint, _ b: GeoPoint) -> Double {
        let dx = b.lon - a.lon, dy = b.lat - a.lat
        let len2 = dx * dx + dy * dy
        guard len2 > 0 else { return hypot(p.lon - a.lon, p.lat - a.lat) }
        let t = max(0, min(1, ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / len2))
        return hypot(p.lon - (a.lon + t * dx), p.lat - (a.lat + t * dy))
    }
}
