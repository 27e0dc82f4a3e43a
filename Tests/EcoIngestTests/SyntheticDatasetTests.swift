import EcoAir
import EcoCore
import EcoDemo
import EcoIngest
import EcoServices
import EcoStore
import EcoStoreSQLite
import XCTest

final class SyntheticDatasetTests: XCTestCase {
    func testDeterministicCoversAllRegionsAndMarksItself() throws {
        let fw = try XCTUnwrap(BuiltinData.frameworks().first)
        let tree = RegionTree(try BuiltinData.regions())
        let a = SyntheticDataset(seed: 1).generate(framework: fw, regions: tree, published: [])
        let b = SyntheticDataset(seed: 1).generate(framework: fw, regions: tree, published: [])
        let c = SyntheticDataset(seed: 2).generate(framework: fw, regions: tree, published: [])
        XCTAssertEqual(a, b)
        XCTAssertNotEqual(a, c)
        XCTAssertEqual(Set(a.map(\.key.region)).count, 129)
        XCTAssertEqual(Set(a.map(\.key.year)), Set(2020...2025))
        XCTAssertTrue(a.allSatisfy { $0.synthetic && ($0.source ?? "").contains("synthetic") })
        // Cells possible: (1 + 11) × 25 + 117 × 23 (river consumption and CO2 intensity are province and city only)
        // = 300 + 2691 = 2991, × 6 years = 17946.
        XCTAssertEqual(tree.current().reduce(0) { n, r in n + fw.indicators.filter { $0.applies(to: r.level) }.count }, 2991)
        let possible = 17_946
        let missing = Double(possible - a.count) / Double(possible)
        XCTAssertTrue((0.03...0.09).contains(missing), "about 6% of cells should be missing, got \(missing)")
        // Every value passes the same checks an import does.
        for w in a {
            let ind = try XCTUnwrap(fw.indicator(w.key.indicator))
            XCTAssertNoThrow(try ValueRules.parse(w.value.description, for: ind).get(), "\(w.key) \(w.value)")
        }
    }

    func testSomeRegionsRegress() throws {
        let fw = try XCTUnwrap(BuiltinData.frameworks().first)
        let tree = RegionTree(try BuiltinData.regions())
        let writes = SyntheticDataset(seed: 3).generate(framework: fw, regions: tree, published: [])
        let pm = Dictionary(grouping: writes.filter { $0.key.indicator == "pm25" }, by: \.key.region)
        var worse = 0, better = 0
        for (_, series) in pm {
            let s = series.sorted { $0.key.year < $1.key.year }
            guard let first = s.first?.value.number, let last = s.last?.value.number, s.count > 3 else { continue }
            if last > first { worse += 1 } else { better += 1 }
        }
        XCTAssertGreaterThan(worse, 3, "some regions should regress on PM2.5")
        XCTAssertGreaterThan(better, worse * 2, "most should improve")
    }

    func testNeverOverwritesARealValue() async throws {
        let db = try await TempDatabase.make()
        defer { db.remove() }
        let (fw, tree) = try await db.shanxi()
        let published = try await db.store.observations(ObservationQuery(framework: fw.id))
        let summary = try await db.store.write(SyntheticDataset(seed: 5).generate(framework: fw, regions: tree, published: published),
                                               policy: .keepReal, context: testContext)
        XCTAssertGreaterThan(summary.kept, 0)
        let pm2020 = try await db.store.observations(ObservationQuery(framework: fw.id, region: RegionCode("140000"), indicator: "pm25", years: 2020...2020))
        XCTAssertEqual(pm2020.first?.value, .number(46))
        XCTAssertEqual(pm2020.first?.synthetic, false)
    }
}
