import EcoAir
public import EcoCore
public import Foundation

/// Reads region outlines from a GeoJSON FeatureCollection (Polygon and MultiPolygon features), matching each feature
/// to a region by a code property (`adcode`, `code`, `GB`, `ADCODE`, `gb`, or the feature id), and simplifies the
/// rings for display.
public enum GeoJSONImport {
    public struct Result: Sendable {
        public var boundaries: [RegionBoundary]
        /// Features whose code matched no region of the wanted level, as "feature N (name): reason".
        public var unmatched: [String]
        public var pointsBefore: Int
        public var pointsAfter: Int
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    static let codeKeys = ["adcode", "code", "GB", "ADCODE", "gb", "Code"]

    /// `tolerance` is in degrees (0.002° ≈ 200 m, invisible on a province map).
    public static func read(_ data: Data, file: String, regions: RegionTree, level: RegionLevel?, tolerance: Double = 0.002) throws -> Result {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw Failure(description: "\(file): not valid JSON (\(error.localizedDescription))")
        }
        guard let doc = root as? [String: Any], let features = doc["features"] as? [[String: Any]] else {
            throw Failure(description: "\(file): expected a GeoJSON FeatureCollection with a \"features\" array")
        }
        var result = Result(boundaries: [], unmatched: [], pointsBefore: 0, pointsAfter: 0)
        let source = (file as NSString).lastPathComponent
        for (n, feature) in features.enumerated() {
            let props = feature["properties"] as? [String: Any] ?? [:]
            let name = props["name"] as? String ?? "?"
            let label = "feature \(n + 1) (\(name))"
            let rawCode = codeKeys.lazy.compactMap { props[$0] }.first ?? feature["id"]
            let codeText: String? = (rawCode as? String) ?? (rawCode as? NSNumber).map { String($0.intValue) }
            guard let text = codeText, let code = RegionCode(text) else {
                result.unmatched.append("\(label): no 6-digit code in properties \(codeKeys.joined(separator: "/"))")
                continue
            }
            guard let region = regions[code], region.validTo == nil else {
                result.unmatched.append("\(label): code \(text) is not a current region")
                continue
            }
            if let level, region.level != level {
                result.unmatched.append("\(label): \(text) is a \(region.level.rawValue), not a \(level.rawValue)")
                continue
            }
            guard let geometry = feature["geometry"] as? [String: Any], let type = geometry["type"] as? String else {
                result.unmatched.append("\(label): no geometry")
                continue
            }
            let polygons: [Any]
            switch type {
            case "Polygon": polygons = [geometry["coordinates"] as Any]
            case "MultiPolygon": polygons = geometry["coordinates"] as? [Any] ?? []
            default:
                result.unmatched.append("\(label): geometry \(type) is not a Polygon or MultiPolygon")
                continue
            }
            var rings: [[GeoPoint]] = []
            for polygon in polygons {
                for ring in polygon as? [[[Double]]] ?? [] {
                    let points = ring.compactMap { $0.count >= 2 ? GeoPoint(lon: $0[0], lat: $0[1]) : nil }
                    result.pointsBefore += points.count
                    let simple = LineSimplification.simplify(points, tolerance: tolerance)
                    result.pointsAfter += simple.count
                    if simple.count >= 4 { rings.append(simple) }
                }
            }
            if rings.isEmpty {
                result.unmatched.append("\(label): no ring with at least 4 points")
                continue
            }
            result.boundaries.append(RegionBoundary(code: code, rings: rings, source: source))
        }
        return result
    }
}
