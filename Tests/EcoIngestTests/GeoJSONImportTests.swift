import EcoAir
import EcoCore
import EcoIngest
import EcoServices
import EcoStoreSQLite
import XCTest

final class GeoJSONImportTests: XCTestCase {
    private let tree = RegionTree((try? BuiltinData.regions()) ?? [])

    func testMatchesByCodePropertySimplifiesAndReportsTheRest() throws {
        // A square with a collinear midpoint on each side (dropped by simplification), a MultiPolygon with two
        // parts, a retired code, a code of another level, and a feature without any code.
        let geojson = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"adcode":140100,"name":"太原市"},"geometry":{"type":"Polygon","coordinates":[[[112,37],[112.5,37],[113,37],[113,37.5],[113,38],[112.5,38],[112,38],[112,37.5],[112,37]]]}},
         {"type":"Feature","properties":{"code":"140200","name":"大同市"},"geometry":{"type":"MultiPolygon","coordinates":[[[[113,39],[114,39],[114,40],[113,39]]],[[[114.5,39],[115,39],[115,39.5],[114.5,39]]]]}},
         {"type":"Feature","properties":{"adcode":"140202","name":"城区"},"geometry":{"type":"Polygon","coordinates":[[[113,39],[114,39],[114,40],[113,39]]]}},
         {"type":"Feature","properties":{"adcode":140105,"name":"小店区"},"geometry":{"type":"Polygon","coordinates":[[[112,37],[113,37],[113,38],[112,37]]]}},
         {"type":"Feature","properties":{"name":"无代码"},"geometry":{"type":"Polygon","coordinates":[[[112,37],[113,37],[113,38],[112,37]]]}}
        ]}
        """
        let r = try GeoJSONImport.read(Data(geojson.utf8), file: "/tmp/cities.geojson", regions: tree, level: .city)
        XCTAssertEqual(r.boundaries.map(\.code.rawValue), ["140100", "140200"])
        XCTAssertEqual(r.boundaries[0].rings.first?.count, 5, "the 4 collinear midpoints are dropped: 9 → 5 points")
        XCTAssertEqual(r.boundaries[1].rings.count, 2)
        XCTAssertEqual(r.boundaries[0].source, "cities.geojson")
        XCTAssertEqual(r.unmatched, [
            "feature 3 (城区): code 140202 is not a current region",
            "feature 4 (小店区): 140105 is a county, not a city",
            "feature 5 (无代码): no 6-digit code in properties adcode/code/GB/ADCODE/gb/Code",
        ])
        XCTAssertEqual(r.pointsBefore, 9 + 4 + 4)
        XCTAssertEqual(r.pointsAfter, 5 + 4 + 4)
    }

    func testNotAFeatureCollection() {
        XCTAssertThrowsError(try GeoJSONImport.read(Data("{\"type\":\"Feature\"}".utf8), file: "x.geojson", regions: tree, level: nil)) {
            XCTAssertEqual("\($0)", "x.geojson: expected a GeoJSON FeatureCollection with a \"features\" array")
        }
    }

    func testDouglasPeuckerKeepsCornersAndFarPoints() {
        // A zig-zag: (0,0) (1,0.001) (2,0) (3,1) — (1, 0.001) lies within 0.01 of the line and goes; (3,1) stays.
        let pts = [GeoPoint(lon: 0, lat: 0), GeoPoint(lon: 1, lat: 0.001), GeoPoint(lon: 2, lat: 0), GeoPoint(lon: 3, lat: 1),
                   GeoPoint(lon: 4, lat: 1), GeoPoint(lon: 0, lat: 0)]
        let s = LineSimplification.simplify(pts, tolerance: 0.01)
        XCTAssertFalse(s.contains(GeoPoint(lon: 1, lat: 0.001)))
        XCTAssertTrue(s.contains(GeoPoint(lon: 3, lat: 1)))
        XCTAssertEqual(s.first, s.last)
    }
}
