@testable import EcoHJ212Server
import EcoCore
import EcoDemo
import EcoKit
import EcoServices
import EcoSources
import EcoStandards
import EcoStoreSQLite
import Foundation
import XCTest

/// The acquisition server on a real TCP port over a SQLite store: the reference's packets, acknowledgements,
/// refusals that store nothing, the Modbus variant only where registered, alarms, and the simulator with faults.
final class HJ212ServerTests: XCTestCase {
    static let mn = "010000A8900016F000169DC0"

    struct Running {
        let services: Services
        let server: HJ212Server
        let task: Task<Void, Error>
        let port: Int
    }

    func start(registry: SourceRegistry? = nil) async throws -> Running {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-hj212-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.sqlite").path)
        try await Bootstrap.prepare(store, actor: "test", at: Date())
        let services = Services(store: store, actor: "test")
        let files: [(RegistryKind, String)] = registry.map(SourcesDemo.files) ?? [
            (.enterprises, "credit_code,name,region,industry\n914403001922038216,甲电厂,140105,火力发电\n"),
            (.outlets, "outlet,enterprise,kind,lon,lat\nW1,914403001922038216,water,112.5,37.8\nG1,914403001922038216,gas,112.5,37.8\n"),
            (.devices, "mn,password,outlet,enterprise,version,crc\n\(Self.mn),123456,W1,914403001922038216,2017,standard\nMODBUS1,123456,G1,914403001922038216,2017,modbus\n"),
            (.limits, "outlet,pollutant,limit,unit,period\nW1,w01018,50,mg/L,hour\n"),
        ]
        for (kind, text) in files {
            let o = try await services.importSources(Data(text.utf8), file: "\(kind.rawValue).csv", kind: kind)
            XCTAssertEqual(o.problems.map(\.description), [])
        }
        let ingest = try await SourcesIngest(services: services, policy: SourcesPolicy())
        let server = HJ212Server(ingest: ingest, configuration: HJ212ServerConfiguration(host: "127.0.0.1", port: 0, idleTimeout: 30))
        let ready = AsyncStream<Int>.makeStream()
        let task = Task { try await server.run { ready.continuation.yield($0); ready.continuation.finish() } }
        var port = 0
        for await p in ready.stream { port = p }
        return Running(services: services, server: server, task: task, port: port)
    }

    func frame(_ seg: String, crc: HJ212CRCVariant = .standard) -> [UInt8] { HJ212Frame.encode(seg, crc: crc) }

    func testReferencePacketsAreStoredAndAcknowledged() async throws {
        let r = try await start()
        defer { r.task.cancel() }
        let c = try await DeviceConnection.open(host: "127.0.0.1", port: r.port)
        // Table C.14: a real-time upload with Flag 5; the 9014 carries its QN.
        let rtd = "QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=\(Self.mn);Flag=5;CP=&&DataTime=20160801085857;w01001-Rtd=7.1,w01001-Flag=N;w01018-SampleTime=20160801070000,w01018-Rtd=2.2,w01018-Flag=N,w01018-EFlag=A01&&"
        let acked = await c.sendAndWait(frame(rtd), qn: "20160801085857223", timeout: 5)
        XCTAssertTrue(acked)
        // The standard's split hourly example (§2.1): two sub-packets, each acknowledged; w01018 above its 50 mg/L
        // limit (60.1) opens an alarm.
        let one = "QN=20160801085857534;ST=32;CN=2061;PW=123456;MN=\(Self.mn);Flag=7;PNUM=2;PNO=1;CP=&&DataTime=20160801080000;w00000-Cou=63.0,w00000-Min=16.4,w00000-Avg=17.5,w00000-Max=20.1,w00000-Flag=N;w01001-Min=7.1,w01001-Avg=7.5,w01001-Max=7.8,w01001-Flag=N&&"
        let two = "QN=20160801085857535;ST=32;CN=2061;PW=123456;MN=\(Self.mn);Flag=7;PNUM=2;PNO=2;CP=&&DataTime=20160801080000;w01018-Cou=63.0,w01018-Min=40.1,w01018-Avg=60.1,w01018-Max=70.1,w01018-Flag=N&&"
        let a2 = await c.sendAndWait(frame(two), qn: "20160801085857535", timeout: 5)
        let a1 = await c.sendAndWait(frame(one), qn: "20160801085857534", timeout: 5)
        XCTAssertTrue(a1 && a2)
        // Re-sent (the same DataTime): idempotent.
        let again = await c.sendAndWait(frame(two), qn: "20160801085857535", timeout: 5)
        XCTAssertTrue(again)
        let store = r.services.store
        let t0 = HJ212Time("20160801000000")!, t1 = HJ212Time("20160801235959")!
        let rtdRows = try await store.sourceReadings(mn: Self.mn, kind: .rtd, from: t0, to: t1)
        XCTAssertEqual(rtdRows.map(\.pollutant), ["w01001", "w01018"])
        XCTAssertEqual(rtdRows.last?.texts["EFlag"], "A01")
        let hours = try await store.sourceReadings(mn: Self.mn, kind: .hour, from: t0, to: t1)
        XCTAssertEqual(hours.map(\.pollutant), ["w00000", "w01001", "w01018"], "the two sub-packets merge by (MN, CN, DataTime)")
        XCTAssertEqual(hours.last?.value, 60.1)
        let alarms = try await store.sourceAlarms(activeOnly: true)
        XCTAssertEqual(alarms.map(\.pollutant), ["w01018"])
        XCTAssertEqual(alarms.first?.count, 1, "the re-sent packet did not count twice")
        c.close()
    }

    func testBadPacketsAreRefusedCountedAndNeverStored() async throws {
        let r = try await start()
        defer { r.task.cancel() }
        let c = try await DeviceConnection.open(host: "127.0.0.1", port: r.port)
        let other = try await DeviceConnection.open(host: "127.0.0.1", port: r.port)
        func upload(_ qn: String, pw: String = "123456", mn: String = HJ212ServerTests.mn, value: String = "30") -> String {
            "QN=\(qn);ST=32;CN=2061;PW=\(pw);MN=\(mn);Flag=5;CP=&&DataTime=20240301080000;w01018-Avg=\(value),w01018-Flag=N&&"
        }
        // A bad CRC: dropped, no answer (the frame's last CRC digit changed).
        var bad = frame(upload("20240301080000001", value: "99"))
        bad[bad.count - 3] = bad[bad.count - 3] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        let noAnswer = await c.sendAndWait(bad, qn: "20240301080000001", timeout: 1)
        XCTAssertFalse(noAnswer)
        // A wrong password and an unknown MN: refused, not answered.
        let wrongPW = await c.sendAndWait(frame(upload("20240301080000002", pw: "000000", value: "98")), qn: "20240301080000002", timeout: 1)
        let unknown = await c.sendAndWait(frame(upload("20240301080000003", mn: "UNKNOWN1", value: "97")), qn: "20240301080000003", timeout: 1)
        XCTAssertFalse(wrongPW || unknown)
        // The Modbus CRC from a device registered as standard: refused; from the device registered as modbus: taken.
        let modbusFromStandard = await c.sendAndWait(frame(upload("20240301080000004", value: "96"), crc: .modbus), qn: "20240301080000004", timeout: 1)
        XCTAssertFalse(modbusFromStandard)
        let modbusOK = await other.sendAndWait(frame(upload("20240301080000005", mn: "MODBUS1", value: "12"), crc: .modbus), qn: "20240301080000005", timeout: 5)
        XCTAssertTrue(modbusOK)
        // Garbage and a slow trickle on the same connection do not stop the next good frame.
        c.send(Array("\u{0}\u{1}garbage##99x##".utf8))
        let good = await c.sendAndWait(frame(upload("20240301080000006", value: "31")), qn: "20240301080000006", timeout: 5)
        XCTAssertTrue(good, "the stream resynchronised")
        await r.server.ingest.flush()
        let stored = try await r.services.store.sourceReadings(kind: .hour, from: HJ212Time("20240301000000")!, to: HJ212Time("20240301235959")!)
        XCTAssertEqual(stored.map { "\($0.mn) \($0.texts["Avg"] ?? "")" }, ["\(Self.mn) 31", "MODBUS1 12"], "nothing from a refused packet")
        let outcomes = try await r.services.store.sourcePackets(mn: nil, limit: 50).map(\.outcome)
        XCTAssertEqual(outcomes.filter { $0 == "crc" }.count, 2, "both CRC failures kept as evidence")
        XCTAssertTrue(outcomes.contains("password") && outcomes.contains("unknown_mn"))
        let alarms = try await r.services.store.sourceAlarms(activeOnly: false)
        XCTAssertTrue(alarms.isEmpty, "99 and 98 mg/L came in refused packets: no alarm")
        c.close(); other.close()
    }

    /// The simulator with faults against the server: every acknowledged upload's readings are in the store.
    func testSimulatorWithFaultsLosesNothing() async throws {
        let registry = SourcesDemo.registry(enterprises: 6, seed: 3, tree: RegionTree(try BuiltinDataRegions.all()))
        let r = try await start(registry: registry)
        defer { r.task.cancel() }
        let sim = HJ212Simulation(host: "127.0.0.1", port: r.port, devices: registry.devices.count, interval: 0.02, duration: 3, faults: 0.3,
                                  exceedances: 0.1, start: HJ212Time("20240301083000")!, ackTimeout: 5)
        let report = try await HJ212Simulator.run(sim, registry: registry)
        XCTAssertEqual(report.lost, 0)
        XCTAssertGreaterThan(report.acknowledged, 50)
        XCTAssertEqual(Set(report.faults.keys), ["crc", "garbage", "split", "reconnect", "password"])
        await r.server.ingest.flush()
        var stored = 0
        for kind in [HJ212DataKind.minute, .hour] {
            stored += try await r.services.store.sourceReadings(kind: kind, from: HJ212Time("20240101000000")!, to: HJ212Time("20241231235959")!).count
        }
        XCTAssertEqual(stored, report.readings, "every acknowledged reading stored, nothing from the faulty frames")
    }
}
