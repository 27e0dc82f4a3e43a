import EcoCore
import EcoIngest
import EcoKit
import EcoStandards
import EcoWater
import XCTest

/// The surface-water files: columns by header name, strict values, all-or-nothing, located problems.
final class WaterCSVTests: XCTestCase {
    let tree = RegionTree((try? BuiltinData.regions()) ?? [])

    func testSectionsByHeaderNameAndRefusedWhole() {
        let good = "name,code,river,basin,sub_basin,city,county,control,target,water_body,lon,lat,upstream,downstream\n"
            + "温南社,FH01,汾河,黄河,汾河,140100,140105,国考,III,river,112.55,37.70,140100,140700\n"
            + "漳泽水库,ZZ01,浊漳河,海河,,140400,,provincial,Ⅱ类,reservoir,113.05,36.25,,\n"
        let (sections, problems) = WaterCSV.readSections(Data(good.utf8), file: "s.csv", regions: tree)
        XCTAssertEqual(problems, [])
        XCTAssertEqual(sections.map(\.code), ["FH01", "ZZ01"])
        XCTAssertEqual(sections[0].control, .national)
        XCTAssertEqual(sections[0].target, .III)
        XCTAssertEqual(sections[0].subBasin, "汾河")
        XCTAssertEqual(sections[0].downstream?.rawValue, "140700")
        XCTAssertEqual(sections[1].target, .II)
        XCTAssertEqual(sections[1].body, .reservoir)
        XCTAssertNil(sections[1].county)

        let bad = "code,name,river,basin,city,county,control,target,water_body,lon,lat\n"
            + "A1,甲,汾河,黄河,140105,,国考,III,river,112.5,37.8\n"          // a county given as the city
            + "A2,乙,汾河,黄河,140100,140202,国考,劣V,river,1e2,37.8\n"     // foreign county, 劣V target, exponent
            + "A3,丙,汾河,黄河,140100,,省考,III,canal,112.5,37.8\n"
            + "A3,丁,汾河,黄河,140100,,省考,III,river,112.5,37.8\n"
        let r = WaterCSV.readSections(Data(bad.utf8), file: "s.csv", regions: tree)
        XCTAssertEqual(r.sections.count, 0, "any problem refuses the file")
        XCTAssertEqual(r.problems.map(\.description), [
            "s.csv:2:5: '140105' is not a current city code",
            "s.csv:3:6: '140202' is not a current county code",
            "s.csv:3:8: target '劣V' is not a class I–V (Ⅰ–Ⅴ)",
            "s.csv:3:10: longitude '1e2' is not a plain decimal from −180 to 180",
            "s.csv:4:9: water_body 'canal' is not river, lake or reservoir",
        ])
        let missing = WaterCSV.readSections(Data("code,name,river\n".utf8), file: "s.csv", regions: tree)
        XCTAssertEqual(missing.problems.first?.description, "s.csv:1:1: the header lacks the column 'basin'")
    }

    func testSamplesValuesDetectionLimitsAndLocations() {
        let good = "date,section,NH3-N,总磷,Hg,pH\n2024-01-10,FH01,1.25,0.08,0.00004L,7.6\n2024-02-10,FH01,<0.025,,0.00005,8\n"
        let (samples, problems, count) = WaterCSV.readSamples(Data(good.utf8), file: "w.csv", sections: ["FH01"])
        XCTAssertEqual(problems, [])
        XCTAssertEqual(count, 0)
        XCTAssertEqual(samples.count, 2)
        XCTAssertEqual(samples[0].values[.nh3n], .measured(1_250_000))
        XCTAssertEqual(samples[0].values[.Hg], .belowDetection(40))
        XCTAssertEqual(samples[1].values[.nh3n], .belowDetection(25_000))
        XCTAssertNil(samples[1].values[.TP], "empty = not measured")
        XCTAssertEqual(samples[0].values[.pH], .measured(7_600_000))

        let bad = "section,date,NH3-N,Hg,pH\nFH01,2024-13-01,1,0,7\nFH09,2024-03-01,+1,0.0000501,15\nFH01,2024-01-10,1,0,7\nFH01,2024-01-10,2,0,7\n"
        let r = WaterCSV.readSamples(Data(bad.utf8), file: "w.csv", sections: ["FH01"])
        XCTAssertEqual(r.samples.count, 0)
        XCTAssertEqual(r.problems.map(\.description), [
            "w.csv:2:2: date '2024-13-01' is not YYYY-MM-DD in 2000–2035",
            "w.csv:3:1: unknown section 'FH09': import it with `ecoprov water sections import FILE`",
            "w.csv:3:3: NH3-N '+1' is not a plain decimal from 0 to 100000 with at most 6 decimals (or a detection limit above 0 written 0.01L)",
            "w.csv:3:4: Hg '0.0000501' is not a plain decimal from 0 to 100000 with at most 6 decimals (or a detection limit above 0 written 0.01L)",
            "w.csv:3:5: pH '15' is not a plain decimal from 0 to 14 with at most 6 decimals (or a detection limit above 0 written 0.01L)",
            "w.csv:5:2: section FH01 on 2024-01-10 appears twice (first on line 4)",
        ])
        XCTAssertEqual(WaterCSV.readSamples(Data("section,date,Hg\nFH01,2024-01-01,0L\n".utf8), file: "w.csv", sections: ["FH01"]).problemCount, 1,
                       "a detection limit of 0 is refused")
        let unknown = WaterCSV.readSamples(Data("section,date,NH4\n".utf8), file: "w.csv", sections: [])
        XCTAssertTrue(unknown.problems.first?.description.hasPrefix("w.csv:1:3: column 'NH4' is not section, date or a GB 3838-2002 item") ?? false)
        let unterminated = WaterCSV.readSamples(Data("section,date,COD\nFH01,\"2024-01-01,5\nFH01,2024-02-01,6\n".utf8), file: "w.csv", sections: ["FH01"])
        XCTAssertEqual(unterminated.samples.count, 0)
        XCTAssertEqual(unterminated.problems.first?.line, 2, "a quote never closed is one error at the line it starts")
    }
}
