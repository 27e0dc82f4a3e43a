import EcoCore
import EcoIngest
import EcoKit
import EcoSources
import EcoStandards
import XCTest

/// The registry files: fixed headers, strict FILE:LINE:COLUMN validation, references, all or nothing.
final class SourcesRegistryTests: XCTestCase {
    static let tree: RegionTree = try! RegionTree(BuiltinData.regions())

    func read(_ text: String, _ kind: RegistryKind, existing: SourceRegistry = SourceRegistry()) -> (SourceRegistry, [String]) {
        let r = SourcesCSV.read(Data(text.utf8), file: "\(kind.rawValue).csv", kind: kind, existing: existing, regions: Self.tree)
        return (r.registry, r.problems.map(\.description))
    }

    func testEnterprisesVerifyTheCreditCode() {
        let (ok, none) = read("credit_code,name,region,industry,extra\n914403001922038216,甲电厂,140105,火力发电,x\n91110000710925462x,乙,140213,焦化,\n", .enterprises)
        XCTAssertEqual(none, [])
        XCTAssertEqual(ok.enterprises.map(\.creditCode), ["914403001922038216", "91110000710925462X"], "lower case is taken as upper; more columns may follow")
        let (bad, problems) = read("credit_code,name,region,industry\n914403001922038216,甲,140105,火力发电\n914403001922038217,乙,140105,焦化\n914403001922038216,丙,999999,化工\n", .enterprises)
        XCTAssertTrue(bad.enterprises.isEmpty, "one bad row refuses the file")
        XCTAssertEqual(problems, [
            "enterprises.csv:3:1: credit_code '914403001922038217': the check character is '7' but the code's first 17 characters give '6' (GB 32100-2015)",
            "enterprises.csv:4:1: enterprise 914403001922038216 is listed twice (first on line 2)",
            "enterprises.csv:4:3: region '999999' is not a current division code",
        ])
        XCTAssertEqual(read("name,region,industry\n", .enterprises).1.first, "enterprises.csv:1:1: the header lacks the column 'credit_code' (a enterprises file starts credit_code,name,region,industry)")
    }

    func testReferencesAndValues() {
        let base = read("credit_code,name,region,industry\n914403001922038216,甲,140105,火力发电\n", .enterprises).0
        let (outlets, p1) = read("outlet,enterprise,kind,lon,lat\nG1,914403001922038216,gas,112.5,37.8\nW1,914403001922038216,废水,112.5,37.8\nX,91110000710925462X,air,200,37\n", .outlets, existing: base)
        XCTAssertTrue(outlets.outlets.isEmpty)
        XCTAssertEqual(p1, [
            "outlets.csv:4:2: enterprise '91110000710925462X' is not registered (import the enterprises file first)",
            "outlets.csv:4:3: kind 'air' is not water or gas (废水/废气)",
            "outlets.csv:4:4: lon '200' is not a plain decimal from -180 to 180",
        ])
        var reg = base
        reg.outlets = read("outlet,enterprise,kind,lon,lat\nG1,914403001922038216,gas,112.5,37.8\n", .outlets, existing: base).0.outlets
        let (devices, p2) = read("mn,password,outlet,enterprise,version,crc\nMN1,123456,G1,914403001922038216,2017,modbus\nMN2,123456,G9,914403001922038216,2016,crc32\nMN;3,1,G1,914403001922038216,2005,\n", .devices, existing: reg)
        XCTAssertTrue(devices.devices.isEmpty)
        XCTAssertEqual(p2, [
            "devices.csv:3:3: outlet 'G9' is not registered (import the outlets file first)",
            "devices.csv:3:5: version '2016' is not 2005, 2017 or 2025",
            "devices.csv:3:6: crc 'crc32' is not standard or modbus",
            "devices.csv:4:1: mn must be printable ASCII without ; = , or spaces",
        ])
        let good = read("mn,password,outlet,enterprise,version\nMN1,123456,G1,914403001922038216,2025\n", .devices, existing: reg).0.devices
        XCTAssertEqual(good.first?.version, .v2025)
        XCTAssertEqual(good.first?.crc, .standard, "without a crc column the standard CRC")
        let (limits, p3) = read("outlet,pollutant,limit,unit,period\nG1,a21026,35,mg/m3,hour\nG1,a34013,2,kg/h,rtd\nG1,SO2,35,mg/m3,hour\nG1,a21002,-1,mg/m3,hour\nG1,a21026,50,mg/m3,hour\n", .limits, existing: reg)
        XCTAssertTrue(limits.limits.isEmpty)
        XCTAssertEqual(p3, [
            "limits.csv:3:5: an emission-rate limit (kg/h) applies to hour or day values",
            "limits.csv:4:2: pollutant 'SO2' is not a factor code such as w01018 or a21026 (HJ 212-2017 Appendix B)",
            "limits.csv:5:3: limit '-1' is not a plain decimal above 0 and at most 1000000",
            "limits.csv:6:2: the limit of G1 a21026 hour is listed twice (first on line 2)",
        ])
        let (permits, p4) = read("permit,enterprise,valid_from,valid_to\nP1,914403001922038216,2023-01-01,2022-12-31\n", .permits, existing: reg)
        XCTAssertTrue(permits.permits.isEmpty)
        XCTAssertEqual(p4, ["permits.csv:2:4: valid_to 2022-12-31 is before valid_from 2023-01-01"])
    }

    /// The demo registry is valid input: its files read back whole (and every credit code passes its check).
    func testDemoRegistryRoundTrips() {
        let r = EcoDemoRegistry.make()
        var acc = SourceRegistry()
        for (kind, text) in EcoDemoRegistry.files(r) {
            let (part, problems) = read(text, kind, existing: acc)
            XCTAssertEqual(problems, [], kind.rawValue)
            acc.enterprises += part.enterprises; acc.outlets += part.outlets; acc.devices += part.devices; acc.permits += part.permits; acc.limits += part.limits
        }
        XCTAssertEqual(acc, r)
    }
}
