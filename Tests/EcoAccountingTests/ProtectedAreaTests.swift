import EcoAccounting
import EcoCore
import XCTest

/// Areas on the ellipsoid and the protected share with an overlap.
final class ProtectedAreaTests: XCTestCase {
    func rect(_ l0: Double, _ p0: Double, _ l1: Double, _ p1: Double) -> [[GeoPoint]] {
        [[GeoPoint(lon: l0, lat: p0), GeoPoint(lon: l1, lat: p0), GeoPoint(lon: l1, lat: p1), GeoPoint(lon: l0, lat: p1), GeoPoint(lon: l0, lat: p0)]]
    }

    /// The whole WGS 84 ellipsoid measures its published surface, 510 065 621.72 km².
    func testTheEllipsoidsSurface() {
        XCTAssertEqual(EllipsoidArea.area(rect(-180, -90, 180, 90)), 510_065_621.72, accuracy: 0.01)
        // A hole subtracts: a 1° cell with a quarter-degree hole.
        let cell = EllipsoidArea.area(rect(112, 37, 113, 38)), hole = EllipsoidArea.area(rect(112.25, 37.25, 112.5, 37.5))
        XCTAssertEqual(EllipsoidArea.area(rect(112, 37, 113, 38) + rect(112.25, 37.25, 112.5, 37.5)), cell - hole, accuracy: 1e-6)
        // A 1° cell at 37–38°N is close to the sphere's 6 371² × (π/180) × (sin 38° − sin 37°) = 9 808.6 km².
        XCTAssertEqual(cell, 9808.6, accuracy: 9808.6 * 0.005)
    }

    /// Two overlapping outlines count their overlap once; a plain designation counts its area; one within another
    /// does not count again.
    func testProtectedShareWithAnOverlap() throws {
        let tree = RegionTree([Region(code: RegionCode("140000")!, name: .init(zh: "山西省", en: "Shanxi"), level: .province, parent: nil, kind: "省"),
                               Region(code: RegionCode("140100")!, name: .init(zh: "太原市", en: "Taiyuan"), level: .city, parent: RegionCode("140000"), kind: "地级市")])
        let a = rect(112, 37, 112.1, 37.1), b = rect(112.05, 37.05, 112.15, 37.15)
        let ty = RegionCode("140100")!
        let areas = [ProtectedArea(id: "A", name: "甲", type: .natureReserve, level: "国家级", designated: "2001-01-01", region: ty, areaKm2: 98.7, rings: a),
                     ProtectedArea(id: "B", name: "乙", type: .naturePark, level: "省级", designated: "2010-01-01", region: ty, areaKm2: 98.7, rings: b),
                     ProtectedArea(id: "C", name: "丙", type: .redLine, level: "省级", designated: "2018-01-01", region: ty, areaKm2: 50),
                     ProtectedArea(id: "D", name: "丁", type: .natureReserve, level: "市级", designated: "2018-01-01", region: ty, areaKm2: 20, within: "C"),
                     ProtectedArea(id: "E", name: "戊", type: .naturePark, level: "省级", designated: "2026-01-01", region: ty, areaKm2: 500)]
        // A = 98.71916, B = 98.65519, A ∩ B (112.05–112.1 × 37.05–37.1) = 24.67180 km² (each a²·Δλ·Δq/2 on WGS 84);
        // union = 98.71916 + 98.65519 − 24.67180 = 172.70255; + C 50; D lies within C; E is designated after 2025.
        let s = ProtectedAreas.share(region: RegionCode("140000")!, year: 2025, areas: areas, tree: tree, landKm2: 1000, landSource: "test")
        XCTAssertEqual(s.outlinedKm2, 172.70255, accuracy: 1e-5)
        XCTAssertEqual(s.protectedKm2, 222.70255, accuracy: 1e-5)
        XCTAssertEqual(try XCTUnwrap(s.share), 22.270255, accuracy: 1e-6)
        XCTAssertEqual(s.areas, 4)
        XCTAssertEqual(s.nestedLeftOut, 1)
        // The designated 98.7 km² are within 5 % of the outlines; a wrong one is listed.
        XCTAssertTrue(ProtectedAreas.areaDifferences(areas).isEmpty)
        var wrong = areas[0]; wrong.areaKm2 = 80
        XCTAssertEqual(ProtectedAreas.areaDifferences([wrong]).first?.measuredKm2 ?? 0, 98.71916, accuracy: 1e-5)
    }
}
