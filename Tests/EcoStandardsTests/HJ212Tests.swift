import EcoKit
import EcoStandards
import XCTest

/// HJ 212 framing, CRC and packet parsing against the facts of the reference (hj212.md §2–§7, §10).
final class HJ212Tests: XCTestCase {
    /// The standard's Appendix A packet on the wire (hj212.md §4): 101 characters of segment, CRC 1C80.
    static let appendixA = "##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&1C80\r\n"

    func decode(_ text: String, variant: HJ212CRCVariant = .standard, maxSegment: Int = 9999) -> [HJ212StreamEvent] {
        decode(Array(text.utf8), variant: variant, maxSegment: maxSegment)
    }

    func decode(_ bytes: [UInt8], variant: HJ212CRCVariant = .standard, maxSegment: Int = 9999, chunk: Int = .max) -> [HJ212StreamEvent] {
        var d = HJ212StreamDecoder(maxSegment: maxSegment)
        var out: [HJ212StreamEvent] = []
        var i = 0
        while i < bytes.count {
            d.append(bytes[i..<min(bytes.count, i + chunk)])
            i += chunk == .max ? bytes.count : chunk
            while let e = d.next(check: { variant.accepts($0, value: $1) }) { out.append(e) }
        }
        return out
    }

    func frames(_ events: [HJ212StreamEvent]) -> [HJ212Frame] {
        events.compactMap { if case .frame(let f) = $0 { return f } else { return nil } }
    }

    // hj212.md §3.2: the check values. "123456789" is 2F80 here and 4B37 as CRC-16/MODBUS (the catalogue's check
    // value of CRC-16/MODBUS), which is what tells the two algorithms apart.
    func testCRCCheckValues() {
        XCTAssertEqual(HJ212CRC.standard([UInt8]()), 0xFFFF)
        XCTAssertEqual(HJ212CRC.text(HJ212CRC.standard(Array("A".utf8))), "7080")
        XCTAssertEqual(HJ212CRC.text(HJ212CRC.standard(Array("123456789".utf8))), "2F80")
        XCTAssertEqual(HJ212CRC.text(HJ212CRC.modbus(Array("123456789".utf8))), "4B37")
        let seg = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
        XCTAssertEqual(seg.utf8.count, 101)
        XCTAssertEqual(HJ212CRC.text(HJ212CRC.standard(Array(seg.utf8))), "1C80")
        XCTAssertEqual(HJ212CRC.text(HJ212CRC.modbus(Array(seg.utf8))), "0759")
        // The table: T[1] = 0xC0C1, T[2] = 0xC181, T[3] = 0x0140, T[255] = 0x4040 (§3.1).
        XCTAssertEqual([HJ212CRC.table[1], HJ212CRC.table[2], HJ212CRC.table[3], HJ212CRC.table[255]], [0xC0C1, 0xC181, 0x0140, 0x4040])
        // The first steps of the trace in §4: after 'Q' 0xBC81, after 'N' 0x8581, after '=' 0x7200.
        XCTAssertEqual(HJ212CRC.standard(Array("Q".utf8)), 0xBC81)
        XCTAssertEqual(HJ212CRC.standard(Array("QN".utf8)), 0x8581)
        XCTAssertEqual(HJ212CRC.standard(Array("QN=".utf8)), 0x7200)
        XCTAssertEqual(HJ212CRC.parse(Array("1c80".utf8)), 0x1C80, "lower-case hex is accepted (§10 row 2)")
        XCTAssertNil(HJ212CRC.parse(Array("1C8G".utf8)))
    }

    func testAppendixAPacket() throws {
        let events = decode(Self.appendixA)
        XCTAssertEqual(events.count, 1)
        let f = try XCTUnwrap(frames(events).first)
        XCTAssertEqual(f.crc, 0x1C80)
        XCTAssertEqual(f.raw.count, 113, "2 + 4 + 101 + 4 + 2 bytes")
        let p = try HJ212Packet.parse(f.segment)
        XCTAssertEqual(p.qn, "20160801085857223")
        XCTAssertEqual(p.st, "32")
        XCTAssertEqual(p.cn, "1062")
        XCTAssertEqual(p.pw, "100000")
        XCTAssertEqual(p.mn, "010000A8900016F000169DC0")
        // Flag 5 = 0000 0101: version bits 000001 (2017), D = 0, A = 1.
        XCTAssertEqual(p.flag?.value, 5)
        XCTAssertEqual(p.version, .v2017)
        XCTAssertEqual(p.flag?.split, false)
        XCTAssertEqual(p.flag?.needsAnswer, true)
        XCTAssertEqual(p.cp.field("RtdInterval"), "30")
        XCTAssertEqual(HJ212Frame.encode(String(decoding: f.segment, as: UTF8.self)), Array(Self.appendixA.utf8))
    }

    /// Appendix C Table C.6 (hj212.md §4): the device's answers to the Appendix A request, same QN, ST=91, Flag=4;
    /// the platform answers neither.
    func testDeviceAnswersToARequest() throws {
        let qnRtn = try HJ212Packet.parse(Array("QN=20160801085857223;ST=91;CN=9011;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&QnRtn=1&&".utf8))
        let exeRtn = try HJ212Packet.parse(Array("QN=20160801085857223;ST=91;CN=9012;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&ExeRtn=1&&".utf8))
        XCTAssertEqual([qnRtn.cn, exeRtn.cn], ["9011", "9012"])
        XCTAssertEqual([qnRtn.st, exeRtn.st], ["91", "91"])
        XCTAssertEqual(qnRtn.cp.field("QnRtn"), "1")
        XCTAssertEqual(exeRtn.cp.field("ExeRtn"), "1")
        XCTAssertEqual(qnRtn.qn, "20160801085857223")
        XCTAssertNil(HJ212Reply.segment(answering: qnRtn))
        XCTAssertNil(HJ212Reply.segment(answering: exeRtn))
        // The platform's own 9014 (Table C.14) parses with an empty CP.
        let ack = try HJ212Packet.parse(Array("QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&".utf8))
        XCTAssertTrue(ack.cp.fields.isEmpty && ack.cp.readings.isEmpty)
    }

    /// Appendix C Table C.14 (hj212.md §7.1): a real-time upload with Flag=5 and the platform's 9014.
    func testRealTimeUploadAndItsAcknowledgement() throws {
        let seg = "QN=20160801085857223;ST=32;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=5;CP=&&DataTime=20160801085857;w01001-Rtd=7.1,w01001-Flag=N;w01018-SampleTime=20160801070000,w01018-Rtd=2.2,w01018-Flag=N,w01018-EFlag=A01&&"
        let p = try HJ212Packet.parse(Array(seg.utf8))
        XCTAssertEqual(p.cp.field("DataTime"), "20160801085857")
        XCTAssertEqual(p.cp.readings.map(\.code), ["w01001", "w01018"])
        XCTAssertEqual(p.cp.readings[0].text("Rtd"), "7.1")
        XCTAssertEqual(p.cp.readings[1].text("EFlag"), "A01")
        XCTAssertEqual(p.cp.readings[1].text("SampleTime"), "20160801070000")
        XCTAssertEqual(HJ212Reply.segment(answering: p),
                       "QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&")
        XCTAssertEqual(HJ212Time("20160801085857")?.description, "2016-08-01 08:58:57")
    }

    /// Every Flag value 0…255 decodes to its bits; the answer follows bit A; the reply keeps the version bits.
    func testEveryFlagCombination() throws {
        for v in 0...255 {
            let split = v & 2 != 0
            let seg = "QN=20160801085857223;ST=32;CN=2061;PW=123456;MN=AB;Flag=\(v);" + (split ? "PNUM=2;PNO=1;" : "") + "CP=&&DataTime=20160801080000;w01018-Avg=40.1,w01018-Flag=N&&"
            let p = try HJ212Packet.parse(Array(seg.utf8))
            XCTAssertEqual(p.flag?.versionBits, v >> 2)
            XCTAssertEqual(p.flag?.split, split)
            XCTAssertEqual(p.packetCount, split ? 2 : nil)
            let reply = HJ212Reply.segment(answering: p)
            if v & 1 == 1 { XCTAssertEqual(reply, "QN=20160801085857223;ST=91;CN=9014;PW=123456;MN=AB;Flag=\((v >> 2) << 2);CP=&&&&") } else { XCTAssertNil(reply) }
            if split {
                let bare = seg.replacingOccurrences(of: "PNUM=2;PNO=1;", with: "")
                XCTAssertThrowsError(try HJ212Packet.parse(Array(bare.utf8)), "flag \(v) without PNUM/PNO")
            }
        }
        XCTAssertThrowsError(try HJ212Packet.parse(Array("CN=2011;MN=A;Flag=256;CP=&&&&".utf8)))
        // Version decoding: 4–7 are 2017, 8–11 are 2025, 0–3 (or no Flag) 2005.
        XCTAssertEqual(HJ212Flag(9).version, .v2025)
        XCTAssertEqual(HJ212Flag(3).version, .v2005)
        XCTAssertNil(HJ212Flag(12).version)
        XCTAssertEqual(try HJ212Packet.parse(Array("ST=32;CN=2011;MN=12345678901234;CP=&&DataTime=20060101000000;011-Rtd=1&&".utf8)).version, .v2005)
    }

    /// The standard's two-packet split example (hj212.md §2.1), zero-padded and in reverse order as seen in the field.
    func testSplitPackets() throws {
        let one = "QN=20160801085857534;ST=32;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=7;PNUM=2;PNO=1;CP=&&DataTime=20160801080000;w00000-Cou=63.0,w00000-Min=16.4,w00000-Avg=17.5,w00000-Max=20.1,w00000-Flag=N;w01001-Min=7.1,w01001-Avg=7.5,w01001-Max=7.8,w01001-Flag=N&&"
        let two = "QN=20160801085857535;ST=32;CN=2061;PW=123456;MN=010000A8900016F000169DC0;Flag=7;PNO=0002;PNUM=0002;CP=&&DataTime=20160801080000;w01018-Cou=63.0,w01018-Min=40.1,w01018-Avg=40.1,w01018-Max=40.1,w01018-Flag=N&&"
        let stream = HJ212Frame.encode(two) + HJ212Frame.encode(one)
        let fs = frames(decode(stream, chunk: 7))
        XCTAssertEqual(fs.count, 2)
        let p2 = try HJ212Packet.parse(fs[0].segment), p1 = try HJ212Packet.parse(fs[1].segment)
        XCTAssertEqual([p1.packetNumber, p1.packetCount, p2.packetNumber, p2.packetCount], [1, 2, 2, 2])
        XCTAssertEqual(p1.cp.readings.map(\.code), ["w00000", "w01001"])
        XCTAssertEqual(p2.cp.readings.first?.text("Avg"), "40.1")
        // Each sub-packet answered with its own QN (Flag 7: A = 1).
        XCTAssertEqual(HJ212Reply.segment(answering: p2)?.hasPrefix("QN=20160801085857535;ST=91;CN=9014;"), true)
    }

    /// Garbage before, between and inside frames: everything dropped is counted, the good frames come through whole.
    func testResynchronisationAfterGarbage() {
        let good = Self.appendixA
        var bad = Array(good.utf8)
        bad[40] = UInt8(ascii: "X") // corrupt the segment: its CRC no longer fits
        let stream = Array("noise##12".utf8) + bad + Array("#".utf8) + Array(good.utf8) + Array("\r\n##00".utf8)
        let events = decode(stream)
        XCTAssertEqual(frames(events).count, 1, "\(events)")
        XCTAssertTrue(events.contains(.dropped(.crc, bytes: 2)))
        XCTAssertTrue(events.contains(.dropped(.length, bytes: 1)), "##12 is followed by no 4 digits")
        // The same stream byte by byte gives the same frames.
        XCTAssertEqual(frames(decode(stream, chunk: 1)).count, 1)
    }

    /// At the limit a frame passes; one byte beyond it is refused as too long. The trailer may miss CR or LF.
    func testLengthLimitsAndTrailers() throws {
        func segment(_ n: Int) -> String {
            let head = "ST=32;CN=2011;MN=A;Flag=4;CP=&&i11001-Info=//"
            return head + String(repeating: "x", count: n - head.utf8.count - 4) + "//&&"
        }
        XCTAssertEqual(frames(decode(HJ212Frame.encode(segment(1024)).map { Character(UnicodeScalar($0)) }.map(String.init).joined(), maxSegment: 1024)).count, 1)
        XCTAssertEqual(decode(String(decoding: HJ212Frame.encode(segment(1025)), as: UTF8.self), maxSegment: 1024).first, .dropped(.tooLong, bytes: 2))
        XCTAssertEqual(frames(decode(String(decoding: HJ212Frame.encode(segment(9999)), as: UTF8.self))).count, 1, "9999 is what 4 digits allow")
        let noCR = Self.appendixA.replacingOccurrences(of: "\r\n", with: "\n")
        let noTrailer = Self.appendixA.replacingOccurrences(of: "\r\n", with: "")
        XCTAssertEqual(frames(decode(noCR + noTrailer + Self.appendixA)).count, 3)
        XCTAssertEqual(decode(noTrailer + "garbage").first.map { if case .frame = $0 { true } else { false } }, false,
                       "without a trailer the frame must end the read or meet the next ##")
    }

    /// A frame whose length counts characters (a Chinese log), and the CRC over bytes (hj212.md §10 row 7).
    func testCharacterCountedLength() throws {
        let seg = "ST=32;CN=3020;MN=A;Flag=4;CP=&&DataTime=20160801085857;i11001-Info=//仪器运行正常;状态=1//&&"
        let bytes = Array(seg.utf8)
        let chars = seg.count
        XCTAssertNotEqual(chars, bytes.count)
        let frame = Array("##\(String(format: "%04d", chars))".utf8) + bytes + Array(HJ212CRC.text(HJ212CRC.standard(bytes)).utf8) + [13, 10]
        let fs = frames(decode(frame))
        XCTAssertEqual(fs.count, 1)
        let p = try HJ212Packet.parse(fs[0].segment)
        XCTAssertEqual(p.cp.readings.first?.text("Info"), "//仪器运行正常;状态=1//", "the ; and = inside //…// do not split")
    }

    /// The Modbus variant: accepted only by a decoder told to, in either byte order; the standard decoder refuses it.
    func testModbusVariant() {
        let seg = "QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&"
        let swapped = HJ212Frame.encode(seg, crc: .modbus)
        XCTAssertEqual(String(decoding: swapped.suffix(6).prefix(4), as: UTF8.self), "5907", "MODBUS 0759 printed low byte first")
        let plain = "##0101" + seg + "0759\r\n"
        XCTAssertEqual(frames(decode(swapped, variant: .modbus)).count, 1)
        XCTAssertEqual(frames(decode(plain, variant: .modbus)).count, 1)
        XCTAssertEqual(frames(decode(swapped, variant: .standard)).count, 0)
        XCTAssertTrue(decode(swapped, variant: .standard).contains(.dropped(.crc, bytes: 2)))
        XCTAssertEqual(frames(decode(Self.appendixA, variant: .modbus)).count, 0)
    }

    /// A trickle of bytes that never completes a frame cannot grow the buffer past its cap.
    func testBufferCap() {
        var d = HJ212StreamDecoder(maxSegment: 9999, capacity: 16 * 1024)
        d.append(Array("##9999".utf8))
        var dropped = 0
        for _ in 0..<20_000 {
            d.append([UInt8(ascii: "a")])
            while let e = d.next(check: { _, _ in true }) { if case .dropped(_, let n) = e { dropped += n } }
            XCTAssertLessThanOrEqual(d.pending, 16 * 1024)
        }
        XCTAssertGreaterThan(dropped, 0)
    }

    func testBadPacketsNameTheirField() {
        func error(_ s: String) -> String? {
            do { _ = try HJ212Packet.parse(Array(s.utf8)); return nil } catch { return error.field }
        }
        XCTAssertEqual(error("ST=32;CN=2011;MN=A;Flag=4;DataTime=1"), "CP")
        XCTAssertEqual(error("ST=32;CN=20X1;MN=A;Flag=4;CP=&&&&"), "CN")
        XCTAssertEqual(error("ST=32;CN=2011;Flag=4;CP=&&&&"), "MN")
        XCTAssertEqual(error("ST=32;CN=2011;MN=A;Flag=4;CP=&&a21026-Rtd=1e9&&"), "a21026-Rtd")
        XCTAssertEqual(error("ST=32;CN=2011;MN=A;Flag=4;CP=&&a21026-Rtd=12.3.4&&"), "a21026-Rtd")
        XCTAssertEqual(error("ST=32;CN=2011;MN=A;Flag=6;PNUM=1;PNO=2;CP=&&&&"), "PNO")
        XCTAssertEqual(error("ST=32;CN=2011;MN=A;Flag=4;CP=&&x&&"), "CP")
        XCTAssertNil(error(" ST = 32 ;CN=2011;MN=A;Flag=4;CP=&& DataTime=20160801085857;a21026-Rtd =-99.000000&&"))
        XCTAssertNil(HJ212Time("20160230000000"), "no 30 February")
        XCTAssertEqual(HJ212Time("20160801085857123")?.second, 57, "17 digits with milliseconds")
        // Days a user may type beyond the time's range are clamped, not a crash (sources data --from 0001-01-01).
        XCTAssertEqual(HJ212Time(day: CivilDay(year: 1, month: 1, day: 1), seconds: 0).description, "1900-01-01 00:00:00")
        XCTAssertEqual(HJ212Time(day: CivilDay(year: 9999, month: 12, day: 31), seconds: 86_399).description, "2999-12-31 23:59:59")
        XCTAssertEqual(HJ212Time("29991231235959")!.adding(seconds: 3600).description, "2999-12-31 23:59:59")
    }
}
