import EcoCore
import EcoEnterprise
import EcoIngest
import EcoKit
import Foundation
import XCTest

/// HJ 941-2018 worked by hand at the band boundaries, the distance formula, the decision-support query on a
/// hand-made set, and the registry readers' errors.
final class RiskTests: XCTestCase {
    let rules = try! BuiltinData.riskRules()

    func source(_ id: String, _ substances: [(Double, Double)], m: Double, air: Int = 1, water: Int = 3, at p: GeoPoint = GeoPoint(lon: 112.55, lat: 37.87)) -> RiskSource {
        RiskSource(id: id, enterprise: "x", name: id, region: RegionCode("140100")!, process: "合成氨", substances: substances.enumerated().map {
            RiskSubstance(name: "s\($0.offset)", maxQuantity: $0.element.0, criticalQuantity: $0.element.1)
        }, processScore: m, airSensitivity: air, waterSensitivity: water, location: p, synthetic: false)
    }

    /// Q = 5/5 + 10/50 = 1.2 → Q1; M 25 → M2; air E1 → 较大 (E1·Q1·M2), water E3 → 一般 (E3·Q1·M2); the higher, 较大.
    func testQMAndEAtTheirBoundaries() {
        let c = RiskClassifier.classify(source("a", [(5, 5), (10, 50)], m: 25), rules: rules)
        XCTAssertEqual(c.q, 1.2)
        XCTAssertEqual([c.qBand, c.mBand], [1, 2])
        XCTAssertEqual([c.airLevel, c.waterLevel, c.level], ["larger", "general", "larger"])
        XCTAssertEqual(c.arithmetic, "Q = 5/5 + 10/50 = 1.2 → Q1; M 25 → M2; air E1 → larger, water E3 → general")
        // Q 0.99 < 1: 一般 at once, whatever M and E.
        let small = RiskClassifier.classify(source("b", [(0.99, 1)], m: 90), rules: rules)
        XCTAssertEqual([small.qBand, small.mBand], [0, 4])
        XCTAssertEqual(small.level, "general")
        // Q exactly 10 → Q2, exactly 100 → Q3; M 24.99 → M1, 45 → M3, 60 → M4.
        XCTAssertEqual(RiskClassifier.classify(source("c", [(10, 1)], m: 24.99), rules: rules).qBand, 2)
        XCTAssertEqual(RiskClassifier.classify(source("c", [(9.99, 1)], m: 24.99), rules: rules).qBand, 1)
        XCTAssertEqual(RiskClassifier.classify(source("d", [(100, 1)], m: 45), rules: rules).qBand, 3)
        XCTAssertEqual(RiskClassifier.classify(source("d", [(100, 1)], m: 24.99), rules: rules).mBand, 1)
        XCTAssertEqual(RiskClassifier.classify(source("d", [(100, 1)], m: 45), rules: rules).mBand, 3)
        XCTAssertEqual(RiskClassifier.classify(source("d", [(100, 1)], m: 60), rules: rules).mBand, 4)
        // E1·Q3·M1 → 重大; E3·Q2·M1 → 一般; E2·Q2·M3 → 重大.
        XCTAssertEqual(RiskClassifier.classify(source("e", [(100, 1)], m: 0, air: 1, water: 1), rules: rules).level, "major")
        XCTAssertEqual(RiskClassifier.classify(source("f", [(10, 1)], m: 0, air: 3, water: 3), rules: rules).level, "general")
        XCTAssertEqual(RiskClassifier.classify(source("g", [(10, 1)], m: 50, air: 2, water: 3), rules: rules).level, "major")
    }

    /// Along a meridian the haversine distance is R·Δφ: 0.1° = 6371.0088 × 0.1 × π / 180 = 11.1195 km; one degree of
    /// longitude at 60° N is half of one at the equator (111.195 × cos 60° = 55.597 km).
    func testDistance() {
        let a = GeoPoint(lon: 112.55, lat: 37.87)
        XCTAssertEqual(a.distanceKm(to: GeoPoint(lon: 112.55, lat: 37.97)), 11.1195, accuracy: 0.0005)
        XCTAssertEqual(GeoPoint(lon: 0, lat: 60).distanceKm(to: GeoPoint(lon: 1, lat: 60)), 55.597, accuracy: 0.01)
        XCTAssertEqual(a.distanceKm(to: a), 0)
    }

    /// A hand-made set around an intake at (112.55, 37.87): a source 0.1° north (11.120 km) is inside 12 km, one
    /// 0.2° north (22.239 km) is not; the resources come nearest first whatever the radius.
    func testNearAPoint() {
        let intake = GeoPoint(lon: 112.55, lat: 37.87)
        let near = source("near", [(5, 5)], m: 25, at: GeoPoint(lon: 112.55, lat: 37.97))
        let far = source("far", [(5, 5)], m: 25, at: GeoPoint(lon: 112.55, lat: 38.07))
        let school = SensitiveTarget(id: "T1", name: "某小学", kind: "school", region: RegionCode("140100")!, location: GeoPoint(lon: 112.55, lat: 37.92), synthetic: false)
        let r1 = EmergencyResource(id: "R1", name: "物资库", kind: "stockpile", capacity: "吸附棉 2 t", region: RegionCode("140100")!, location: GeoPoint(lon: 112.55, lat: 38.27), contact: "0351", synthetic: false)
        let r2 = EmergencyResource(id: "R2", name: "应急队", kind: "team", capacity: "20 人", region: RegionCode("140100")!, location: GeoPoint(lon: 112.55, lat: 37.77), contact: "0351", synthetic: false)
        let items = RiskQuery.near(intake, radiusKm: 12, sources: [far, near], levels: ["near": "larger"], targets: [school], resources: [r1, r2])
        XCTAssertEqual(items.map(\.id), ["near", "T1", "R2", "R1"])
        XCTAssertEqual(items[0].distanceKm, 11.12)
        XCTAssertEqual(items[0].kind, "larger")
        XCTAssertEqual(items[1].distanceKm, 5.56)
        XCTAssertEqual(items[3].distanceKm, 44.478)
    }

    func testRegistryReadersLocateProblems() {
        let tree = RegionTree(try! BuiltinData.regions())
        let code = "91140100MA0K12345Y"
        let text = "id,enterprise,name,region,process,substances,process_score,air_e,water_e,lon,lat\n"
            + "S1,\(code),液氨储罐,140100,合成氨,液氨:20:5;盐酸:10:7.5,35,1,2,112.5,37.8\n"
            + "S2,\(code),x,140100,y,液氨:20:0,101,4,2,200,37.8\n"
        let r = EnterpriseCSV.readRiskSources(Data(text.utf8), file: "s.csv", tree: tree) { $0 == code }
        XCTAssertEqual(r.value.map(\.id), ["S1"])
        XCTAssertEqual(r.value.first?.substances.count, 2)
        XCTAssertEqual(r.problems.map(\.description), [
            "s.csv:3:6: substance '液氨:20:0' must be name:max_t:critical_t with 0 ≤ max ≤ 10^7 and 0 < critical ≤ 10^7",
            "s.csv:3:7: process_score 101 is outside 0 to 100",
            "s.csv:3:8: air_e 4 is outside 1 to 3",
            "s.csv:3:10: lon 200 is outside -180 to 180",
        ])
        let t = EnterpriseCSV.readTargets(Data("id,name,kind,region,lon,lat\nT1,水源地,mall,140100,112,37\n".utf8), file: "t.csv", tree: tree)
        XCTAssertEqual(t.problems.map(\.description), ["t.csv:2:3: kind 'mall' must be one of intake, school, hospital, protected"])
    }

    /// Expiry on 2026-12-02 with 90 warning days: a plan expiring 2026-12-01 is expired (−1), 2027-03-02 expiring
    /// (90 days left), 2027-03-03 valid (91).
    func testPlanExpiryBoundaries() {
        let today = CivilDay("2026-12-02")!
        func plan(_ id: String, _ expires: String) -> EmergencyPlan {
            EmergencyPlan(id: id, enterprise: "x", filed: CivilDay("2024-01-01")!, expires: CivilDay(expires)!, level: .general, synthetic: false)
        }
        let list = PlanWatch.expiries([plan("c", "2027-03-03"), plan("a", "2026-12-01"), plan("b", "2027-03-02")], on: today, warningDays: 90)
        XCTAssertEqual(list.map(\.plan.id), ["a", "b", "c"])
        XCTAssertEqual(list.map(\.daysLeft), [-1, 90, 91])
        XCTAssertEqual(list.map(\.status), ["expired", "expiring", "valid"])
        XCTAssertTrue(plan("d", "2026-12-02").valid(on: today), "a plan is in force on its last day")
    }

    func testPlanAndIncidentReaders() {
        let tree = RegionTree(try! BuiltinData.regions())
        let code = "91140100MA0K12345Y"
        let p = EnterpriseCSV.readPlans(Data("id,enterprise,filed,expires,level\nP1,\(code),2024-01-01,2026-12-31,较大\nP2,\(code),2024-01-01,2023-12-31,huge\n".utf8), file: "p.csv") { $0 == code }
        XCTAssertEqual(p.value.first?.level, .larger)
        XCTAssertEqual(p.problems.map(\.description), ["p.csv:3:4: expires 2023-12-31 is before filed 2024-01-01",
                                                       "p.csv:3:5: level 'huge' must be one of general, larger, major, especially-major (or 一般/较大/重大/特别重大)"])
        let i = EnterpriseCSV.readIncidents(Data("id,time,lon,lat,region,kind,level,response,enterprise\nI1,2025-02-22T07:13,112.4,37.6,140105,泄漏,一般,围堵,\(code)\nI2,2025-02-22T24:00,112.4,37.6,140105,泄漏,general,x,\n".utf8),
                                            file: "i.csv", tree: tree) { $0 == code }
        XCTAssertEqual(i.value.map(\.id), ["I1"])
        XCTAssertEqual(i.value.first?.day, CivilDay("2025-02-22"))
        XCTAssertEqual(i.problems.map(\.description), ["i.csv:3:2: time '2025-02-22T24:00' is not YYYY-MM-DDThh:mm from 2000 to 2100"])
    }
}
