import EcoCore
import EcoDemo
import EcoIngest
import EcoKit
import EcoServices
import EcoStandards
import EcoStore
import EcoWater
import XCTest

/// Water from files to the indicators, through the services, on a real SQLite store.
final class WaterPipelineTests: XCTestCase {
    func testImportEvaluateFeedAndReimport() async throws {
        let db = try await TempDatabase.make()
        defer { db.remove() }
        let (fw, tree) = try await db.shanxi()
        let services = Services(store: db.store, actor: "t")
        let out = try WaterDemo.write(sections: 40, years: 2024...2025, seed: 7, tree: tree, directory: db.dir)
        _ = try await services.importWaterSections(try Data(contentsOf: URL(fileURLWithPath: out.sectionsPath)), file: "s.csv")
        let samplesData = try Data(contentsOf: URL(fileURLWithPath: out.samplesPath))
        let first = try await services.importWaterSamples(samplesData, file: "w.csv")
        XCTAssertEqual(first.count, out.samples)
        let revision = try await db.store.waterSamplesRevision()
        _ = try await services.importWaterSamples(samplesData, file: "w.csv")
        let stored = try await db.store.waterSamples(year: 2025)
        XCTAssertEqual(stored.count, first.filter { $0.date.components.year == 2025 }.count, "a re-import changes nothing")
        let later = try await db.store.waterSamplesRevision()
        XCTAssertGreaterThan(later, revision)

        let run = try await services.evaluateWater(year: 2025, framework: fw.id)
        let years = run.record.sections.filter { $0.month == nil }
        XCTAssertEqual(years.count, 40)
        XCTAssertTrue(years.contains { $0.waterClass == .worseThanV }, "the demo has heavily polluted sections")
        XCTAssertTrue(years.contains { !$0.complete }, "and sections sampled too rarely")
        // The province's 国考 share is the count of its 国考 sections at Ⅰ–Ⅲ over all of them, recomputed here.
        let national = run.sections.values.filter { $0.control == .national }.map(\.code)
        let nYears = years.filter { national.contains($0.section) && $0.waterClass != nil }
        let good = nYears.filter { ($0.waterClass ?? .worseThanV) <= .III }.count
        let province = try XCTUnwrap(run.record.aggregates.first { $0.kind == .region && $0.key == "140000" && $0.nationalOnly })
        XCTAssertEqual(try XCTUnwrap(province.shareGood), Double(good) * 100 / Double(nYears.count), accuracy: 1e-9)
        // Fed: the province's 地表水国考断面优良水体比例, one decimal, marked incomplete (some section has < 8 months).
        let fed = try await db.store.observations(ObservationQuery(framework: fw.id, region: RegionCode("140000"), indicator: "surface_water_good_share",
                                                                   years: 2025...2025))
        let value = try XCTUnwrap(fed.first)
        XCTAssertEqual(value.value, .number(GBT8170Rounding.round(Double(good) * 100 / Double(nYears.count), decimals: 1)))
        XCTAssertTrue(value.isIncomplete, value.note ?? "no note")
        XCTAssertTrue(value.synthetic)
        XCTAssertTrue(value.source?.hasSuffix("sections, 环办〔2011〕22号") ?? false, value.source ?? "")
        // Stored for the pages.
        let record = try await db.store.waterYear(2025)
        XCTAssertEqual(record?.sections.count, run.record.sections.count)
        let storedYears = try await db.store.waterYears()
        XCTAssertEqual(storedYears, [2025])
        // A bad samples file changes nothing.
        do {
            _ = try await services.importWaterSamples(Data("section,date,NH3-N\nW0001,2025-03-10,1\nW0001,2025-03-11,x\n".utf8), file: "bad.csv")
            XCTFail("a bad file must be refused")
        } catch let r as WaterFileRefused {
            XCTAssertEqual(r.problems.first?.description.hasPrefix("bad.csv:3:3: NH3-N 'x' is not a plain decimal"), true)
        }
        let after = try await db.store.waterSamples(year: 2025)
        XCTAssertFalse(after.contains { $0.date == CivilDay(year: 2025, month: 3, day: 11) })
    }
}
