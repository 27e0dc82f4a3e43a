import EcoCore
import EcoKit
import EcoSources
import EcoStandards
import XCTest

/// The pure pipeline of the sources domain: intake, alarms by flag and period, transmission rates, split tracking.
final class SourcesPipelineTests: XCTestCase {
    static let code = "914403001922038216"
    static let mn = "010000A8900016F000169DC0"

    static var index: SourceIndex {
        SourceIndex(SourceRegistry(
            enterprises: [SourceEnterprise(creditCode: code, name: "甲", region: RegionCode("140105")!, industry: "火力发电"),
                          SourceEnterprise(creditCode: "91110000710925462X", name: "乙", region: RegionCode("140105")!, industry: "焦化")],
            outlets: [SourceOutlet(id: "G1", enterprise: code, kind: .gas, lon: 112.5, lat: 37.8),
                      SourceOutlet(id: "G2", enterprise: "91110000710925462X", kind: .gas, lon: 112.6, lat: 37.9)],
            devices: [SourceDevice(mn: mn, password: "123456", outlet: "G1", enterprise: code, version: .v2017),
                      SourceDevice(mn: "B2", password: "654321", outlet: "G2", enterprise: "91110000710925462X", version: .v2017)],
            limits: [PermitLimit(outlet: "G1", pollutant: "a21026", limit: 35, unit: "mg/m3", period: .hour),
                     PermitLimit(outlet: "G1", pollutant: "a34013", limit: 2, unit: "kg/h", period: .hour),
                     PermitLimit(outlet: "G1", pollutant: "a34013", limit: 2, unit: "kg/h", period: .day)]))
    }

    func intake(_ s: String) -> SourceIntake { SourceIntake.accept(Array(s.utf8), index: Self.index) }

    func testIntakeAuthenticatesAndCutsReadings() throws {
        // Appendix C Table C.14's upload, for the registered device.
        let ok = intake("QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=\(Self.mn);Flag=5;CP=&&DataTime=20160801085857;w01001-Rtd=7.1,w01001-Flag=N;w01018-Rtd=2.2,w01018-Flag=N&&")
        XCTAssertNil(ok.refusal)
        XCTAssertEqual(ok.readings.map(\.pollutant), ["w01001", "w01018"])
        XCTAssertEqual(ok.readings.first?.value, 7.1)
        XCTAssertEqual(ok.readings.first?.kind, .rtd)
        XCTAssertEqual(ok.readings.first?.time.description, "2016-08-01 08:58:57")
        XCTAssertEqual(ok.reply, "QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=\(Self.mn);Flag=4;CP=&&&&")
        XCTAssertEqual(intake("QN=1;ST=32;CN=2011;PW=000000;MN=\(Self.mn);Flag=5;CP=&&DataTime=20160801085857;a21026-Rtd=1&&").refusal, .password)
        XCTAssertEqual(intake("QN=1;ST=32;CN=2011;PW=123456;MN=NOPE;Flag=5;CP=&&DataTime=20160801085857;a21026-Rtd=1&&").refusal, .unknownDevice)
        XCTAssertEqual(intake("QN=1;ST=32;CN=2061;PW=123456;MN=\(Self.mn);Flag=5;CP=&&a21026-Avg=1&&").refusal, .dataTime)
        XCTAssertEqual(intake("QN=1;ST=32;CN=2061;PW=123456;MN=\(Self.mn);Flag=5;CP=&&DataTime=20161301000000;a21026-Avg=1&&").refusal, .dataTime)
        XCTAssertEqual(intake("QN=1;ST=32;CN=2061;PW=123456;MN=\(Self.mn);Flag=5;CP=&&DataTime=20160801080000;a21026-Avg=x&&").refusal, .malformed)
        for refused in [intake("QN=1;ST=32;CN=2011;PW=000000;MN=\(Self.mn);Flag=5;CP=&&DataTime=20160801085857;a21026-Rtd=1&&")] {
            XCTAssertTrue(refused.readings.isEmpty && refused.reply == nil, "a refused packet yields no data and no answer")
        }
        // A device-status upload (2021 facility state) and the boot time (2081): status items, no readings, answered.
        let st = intake("QN=2;ST=32;CN=2021;PW=123456;MN=\(Self.mn);Flag=5;CP=&&DataTime=20160801085857;SB1-RS=1;SB2-RS=0&&")
        XCTAssertEqual(st.status, ["DataTime": "20160801085857", "SB1-RS": "1", "SB2-RS": "0"])
        XCTAssertTrue(st.readings.isEmpty)
        XCTAssertEqual(st.reply?.contains("CN=9014"), true)
        // A 2025 heartbeat with A = 1 is answered with 9013 keeping the version bits (Flag 9 → 8).
        XCTAssertEqual(intake("QN=3;ST=32;CN=9015;PW=123456;MN=\(Self.mn);Flag=9;CP=&&&&").reply, "QN=3;ST=91;CN=9013;PW=123456;MN=\(Self.mn);Flag=8;CP=&&&&")
        // A time-calibration request 1013 is answered with 9013 whatever its Flag.
        XCTAssertEqual(intake("QN=4;ST=32;CN=1013;PW=123456;MN=\(Self.mn);Flag=4;CP=&&&&").reply?.contains("CN=9013"), true)
    }

    func hour(_ flag: String, _ avg: String, pollutant: String = "a21026", time: String = "20240301080000", cou: String? = nil, kind: HJ212DataKind = .hour) -> SourceReading {
        var texts = ["Avg": avg, "Flag": flag]
        if let cou { texts["Cou"] = cou }
        return SourceReading(mn: Self.mn, kind: kind, time: HJ212Time(time)!, pollutant: pollutant, texts: texts)
    }

    /// HJ 212-2017 Table 8 flags: only N is compared with the limit; T opens an over-range alarm; the others nothing.
    func testEachDataFlagsEffectOnAlarms() {
        let policy = SourcesPolicy()
        var byFlag: [String: [AlarmKind]] = [:]
        for f in ["N", "F", "M", "S", "D", "C", "T", "B"] {
            byFlag[f] = AlarmEvaluation.evaluate([hour(f, "40")], index: Self.index, policy: policy, active: []).map(\.kind)
        }
        XCTAssertEqual(byFlag["N"], [.exceedance])
        XCTAssertEqual(byFlag["T"], [.overRange])
        for f in ["F", "M", "S", "D", "C", "B"] { XCTAssertEqual(byFlag[f], [], "flag \(f) is not a valid measurement") }
        // At the limit is not above it; a real-time value is not compared with an hour limit.
        XCTAssertTrue(AlarmEvaluation.evaluate([hour("N", "35")], index: Self.index, policy: policy, active: []).isEmpty)
        XCTAssertTrue(AlarmEvaluation.evaluate([hour("N", "99", kind: .minute)], index: Self.index, policy: policy, active: []).isEmpty)
        // The alarm names its limit and the value.
        let a = AlarmEvaluation.evaluate([hour("N", "40.5")], index: Self.index, policy: policy, active: [])
        XCTAssertEqual(a.first?.limit, 35)
        XCTAssertEqual(a.first?.firstValue, 40.5)
        XCTAssertEqual(a.first?.region.rawValue, "140105")
        // A second exceedance extends the open alarm: count 2, max 48, last at 09:00.
        let b = AlarmEvaluation.evaluate([hour("N", "48", time: "20240301090000")], index: Self.index, policy: policy, active: a)
        XCTAssertEqual(b.map(\.id), a.map(\.id))
        XCTAssertEqual(b.first?.count, 2)
        XCTAssertEqual(b.first?.maxValue, 48)
        XCTAssertEqual(b.first?.lastAt.description, "2024-03-01 09:00:00")
        // Once closed, a new exceedance opens a new alarm.
        var closed = b[0]; closed.state = .closed
        let c = AlarmEvaluation.evaluate([hour("N", "50", time: "20240301100000")], index: Self.index, policy: policy, active: [closed])
        XCTAssertNotEqual(c.first?.id, closed.id)
        XCTAssertEqual(c.first?.count, 1)
    }

    /// An emission-rate limit (kg/h) against -Cou over the period's hours: hour 2.5 kg > 2 kg/h; a day of 40 kg is
    /// 40 / 24 = 1.667 kg/h (below), 60 kg is 2.5 kg/h (above).
    func testEmissionRateLimits() {
        let p = SourcesPolicy()
        XCTAssertEqual(AlarmEvaluation.evaluate([hour("N", "5", pollutant: "a34013", cou: "2.5")], index: Self.index, policy: p, active: []).first?.maxValue, 2.5)
        XCTAssertTrue(AlarmEvaluation.evaluate([hour("N", "5", pollutant: "a34013", time: "20240301000000", cou: "40", kind: .day)], index: Self.index, policy: p, active: []).isEmpty)
        XCTAssertEqual(AlarmEvaluation.evaluate([hour("N", "5", pollutant: "a34013", time: "20240301000000", cou: "60", kind: .day)], index: Self.index, policy: p, active: []).first?.maxValue, 2.5)
    }

    /// A day worked by hand. Device A sends hours 0–21 (22 of 24), hour 5 with one value flagged D; device B nothing.
    /// A: 传输率 22/24 = 91.67 %, 有效率 21/22 = 95.45 %, 传输有效率 21/24 = 87.5 %, missing hours 22 and 23.
    /// The county (both devices): 22/48 = 45.83 %, 21/22, 21/48 = 43.75 %; the city and the province the same sums.
    func testTransmissionRatesWorkedDay() {
        let day = CivilDay(year: 2024, month: 3, day: 1)
        var readings: [SourceReading] = []
        for h in 0..<22 {
            let t = String(format: "20240301%02d0000", h)
            readings.append(hour("N", "10", time: t))
            readings.append(hour(h == 5 ? "D" : "N", "3", pollutant: "a34013", time: t))
        }
        readings.append(hour("N", "1", time: "20240302000000")) // the next day: not counted
        let parents: [String: String] = ["140105": "140100", "140100": "140000"]
        let parent = { (c: RegionCode) in parents[c.rawValue].flatMap(RegionCode.init) }
        let devices = TransmissionRates.compute(date: day, readings: readings, index: Self.index, policy: SourcesPolicy(), level: .device, parent: parent)
        let a = devices.first { $0.id == Self.mn }!
        XCTAssertEqual([a.expected, a.received, a.valid], [24, 22, 21])
        XCTAssertEqual(a.transmission!, 22.0 / 24, accuracy: 1e-12)
        XCTAssertEqual(a.validity!, 21.0 / 22, accuracy: 1e-12)
        XCTAssertEqual(a.effective!, 0.875, accuracy: 1e-12)
        XCTAssertEqual(a.missing, [22, 23])
        let b = devices.first { $0.id == "B2" }!
        XCTAssertEqual([b.received, b.valid], [0, 0])
        XCTAssertNil(b.validity)
        XCTAssertEqual(b.effective, 0)
        let regions = TransmissionRates.compute(date: day, readings: readings, index: Self.index, policy: SourcesPolicy(), level: .region, parent: parent)
        XCTAssertEqual(regions.map(\.id), ["140000", "140100", "140105"])
        for r in regions {
            XCTAssertEqual([r.expected, r.received, r.valid], [48, 22, 21])
            XCTAssertEqual(r.effective!, 0.4375, accuracy: 1e-12)
        }
        let ents = TransmissionRates.compute(date: day, readings: readings, index: Self.index, policy: SourcesPolicy(), level: .enterprise, parent: parent)
        XCTAssertEqual(ents.first { $0.id == Self.code }?.valid, 21)
    }

    func testSplitTrackerCompletesAndExpires() throws {
        var t = SplitTracker(timeout: 60)
        let now = Date(timeIntervalSince1970: 0)
        func p(_ no: Int, _ of: Int, time: String = "20160801080000") throws -> HJ212Packet {
            try HJ212Packet.parse(Array("QN=1;ST=32;CN=2061;PW=1;MN=A;Flag=7;PNUM=\(of);PNO=\(no);CP=&&DataTime=\(time)&&".utf8))
        }
        XCTAssertFalse(t.record(try p(2, 2), at: now))
        XCTAssertTrue(t.record(try p(1, 2), at: now), "either order completes the set")
        XCTAssertFalse(t.record(try p(1, 3, time: "20160801090000"), at: now))
        XCTAssertTrue(t.expire(at: now.addingTimeInterval(30)).isEmpty)
        let gone = t.expire(at: now.addingTimeInterval(61))
        XCTAssertEqual(gone.first?.missing, [2, 3])
        XCTAssertEqual(t.pending, 0)
    }

    func testPolicyChecksItsNumbers() {
        XCTAssertNil(SourcesPolicy().problem)
        XCTAssertNotNil(SourcesPolicy(offlineAfterMinutes: 0).problem)
        XCTAssertNotNil(SourcesPolicy(expectedPerDay: [:]).problem)
        XCTAssertNotNil(SourcesPolicy(keepRawDays: 0).problem)
    }
}
