import Foundation
import XCTest

/// Issue 13's "done when", as a user runs it: a registry imported from CSV, the server started, a device's real
/// packet (the reference's hourly upload, exceeding its limit) and the simulator with faults against it, then the
/// values in `sources data`, the alarm in `sources alarms`, the refused CRC kept as evidence, the rates.
final class SourcesCommandsTests: CLITestCase {
    func testRegistryServerSimulatorDataAlarmsAndRates() throws {
        let reg = dir.appendingPathComponent("reg").path
        try run(["demo", "sources", "--enterprises", "4", "--out", reg])
        try Data("credit_code,name,region,industry\n914403001922038216,甲电厂,140105,火力发电\n".utf8).write(to: dir.appendingPathComponent("e.csv"))
        try Data("outlet,enterprise,kind,lon,lat\nW1,914403001922038216,water,112.5,37.8\n".utf8).write(to: dir.appendingPathComponent("o.csv"))
        try Data("mn,password,outlet,enterprise,version\n010000A8900016F000169DC0,123456,W1,914403001922038216,2017\n".utf8).write(to: dir.appendingPathComponent("d.csv"))
        try Data("outlet,pollutant,limit,unit,period\nW1,w01018,50,mg/L,hour\n".utf8).write(to: dir.appendingPathComponent("l.csv"))
        for k in ["enterprises", "outlets", "devices", "permits", "limits"] { try run(["sources", "import", "\(reg)/\(k).csv", "--kind", k]) }
        for (f, k) in [("e", "enterprises"), ("o", "outlets"), ("d", "devices"), ("l", "limits")] {
            XCTAssertTrue(try run(["sources", "import", dir.appendingPathComponent("\(f).csv").path, "--kind", k]).out.hasPrefix("imported 1"))
        }
        // A bad file: one sentence per problem naming FILE:LINE:COLUMN, exit 1, nothing written.
        try Data("mn,password,outlet,enterprise,version\nX1,1,W1,914403001922038216,2018\n".utf8).write(to: dir.appendingPathComponent("bad.csv"))
        let bad = try run(["sources", "import", dir.appendingPathComponent("bad.csv").path, "--kind", "devices"], expectExit: 1)
        XCTAssertTrue(bad.err.contains("bad.csv:2:5: version '2018' is not 2005, 2017 or 2025"), bad.err)

        let port = try Self.freePort()
        let server = Process()
        server.executableURL = executable
        server.arguments = ["hj212", "serve", "--port", String(port), "--hj212-host", "127.0.0.1", "--db", db]
        server.environment = ["ECOPROV_USER": "cli-test", "LOG_LEVEL": "warning"]
        let out = Pipe()
        server.standardOutput = out
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let line = out.fileHandleForReading.availableData
        XCTAssertTrue(String(decoding: line, as: UTF8.self).contains("listening"), String(decoding: line, as: UTF8.self))

        // The reference's hourly upload with COD at 60.1 mg/L (limit 50), by raw TCP, answered with a 9014.
        let seg = "QN=20160801085857535;ST=32;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801080000;w01018-Cou=63.0,w01018-Min=40.1,w01018-Avg=60.1,w01018-Max=70.1,w01018-Flag=N&&"
        let reply = try Self.exchange(port: port, bytes: Self.frame(seg))
        XCTAssertTrue(reply.contains("QN=20160801085857535;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&"), reply)
        // The same frame with a wrong CRC: no answer.
        var broken = Self.frame(seg.replacingOccurrences(of: "QN=20160801085857535", with: "QN=20160801085857536"))
        broken[broken.count - 4] = broken[broken.count - 4] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
        XCTAssertEqual(try Self.exchange(port: port, bytes: broken, wait: 1), "")

        let sim = try run(["hj212", "simulate", "--port", String(port), "--devices", "6", "--interval", "0.05", "--duration", "3",
                           "--faults", "0.3", "--start", "2024-03-01T08:00:00"])
        XCTAssertTrue(sim.out.contains(" 0 lost"), sim.out)

        let data = try run(["sources", "data", "--mn", "010000A8900016F000169DC0", "--kind", "hour", "--format", "json"]).out
        let rows = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(data.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 1)
        XCTAssertEqual(rows.first?["value"] as? Double, 60.1)
        XCTAssertEqual(rows.first?["time"] as? String, "2016-08-01 08:00:00")
        let alarms = try run(["sources", "alarms", "--open", "--format", "json"]).out
        XCTAssertTrue(alarms.contains("\"pollutant\" : \"w01018\"") && alarms.contains("\"limit\" : 50"), alarms)
        let packets = try run(["sources", "packets", "--format", "json", "--limit", "500"]).out
        XCTAssertTrue(packets.contains("\"outcome\" : \"crc\""), "the refused CRC is kept as evidence")
        let rates = try run(["sources", "rates", "--date", "2016-08-01", "--level", "device", "--format", "json"]).out
        XCTAssertTrue(rates.contains("\"received\" : 1"), rates)
        let id = try XCTUnwrap((try JSONSerialization.jsonObject(with: Data(alarms.utf8)) as? [[String: Any]])?.first { $0["pollutant"] as? String == "w01018" }?["id"] as? String)
        XCTAssertTrue(try run(["sources", "alarm", "close", id, "--note", "已整改"]).out.contains("closed by cli-test"))
    }

    static func frame(_ seg: String) -> [UInt8] {
        var table = [UInt16](repeating: 0, count: 256)
        for i in 0..<256 { var c = UInt16(i); for _ in 0..<8 { c = c & 1 == 1 ? (c >> 1) ^ 0xA001 : c >> 1 }; table[i] = c }
        var crc: UInt16 = 0xFFFF
        for b in seg.utf8 { crc = table[Int((crc >> 8) ^ UInt16(b))] }
        return Array("##\(String(format: "%04d", seg.utf8.count))\(seg)\(String(format: "%04X", crc))\r\n".utf8)
    }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Sends bytes over a new TCP connection and returns what came back within `wait` seconds.
    static func exchange(port: Int, bytes: [UInt8], wait: Double = 5) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0 else { throw NSError(domain: "connect", code: Int(errno)) }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, bytes.count, 0) }
        var tv = timeval(tv_sec: max(1, Int(wait)), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var buf = [UInt8](repeating: 0, count: 4096)
        let n = recv(fd, &buf, buf.count, 0)
        return n > 0 ? String(decoding: buf[0..<n], as: UTF8.self) : ""
    }
}
