/// The protocol version a Flag announces (HJ 212-2017 Table 3, bits V5–V0; hj212.md §1, §5.2).
public enum HJ212Version: Int, Sendable, Codable, CaseIterable {
    /// HJ/T 212-2005: version bits 000000, or no Flag at all.
    case v2005 = 0
    /// HJ 212-2017: 000001 (Flag 4–7).
    case v2017 = 1
    /// HJ 212-2025: 000010 (Flag 8–11).
    case v2025 = 2

    /// The year as written in the registry (`2005`, `2017`, `2025`).
    public var year: Int { [2005, 2017, 2025][rawValue] }

    /// The version of a registry year, nil for another number.
    public init?(year: Int) {
        switch year { case 2005: self = .v2005; case 2017: self = .v2017; case 2025: self = .v2025; default: return nil }
    }
}

/// A Flag field decoded (HJ 212-2017 Table 3): `V5 V4 V3 V2 V1 V0 D A`, most significant bit first.
public struct HJ212Flag: Sendable, Equatable {
    /// The number, 0–255.
    public var value: Int
    /// The version bits: `value >> 2` (0 = 2005, 1 = 2017, 2 = 2025; others are unknown and kept as a number).
    public var versionBits: Int { value >> 2 }
    /// The version, nil for bits this platform does not know.
    public var version: HJ212Version? { HJ212Version(rawValue: versionBits) }
    /// Bit D: the segment carries PNUM and PNO (a split packet).
    public var split: Bool { value & 2 != 0 }
    /// Bit A: the platform must answer (9014 for an upload, 9013 for a notice).
    public var needsAnswer: Bool { value & 1 != 0 }

    /// A flag of a number 0–255.
    public init(_ value: Int) { self.value = value }
}

/// Why a data segment is not a packet this platform accepts: one sentence naming the field.
public struct HJ212PacketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The field at fault (`CN`, `CP`, `DataTime`, `a21026-Avg`, …).
    public var field: String
    /// What was expected.
    public var reason: String
    /// Creates an error.
    public init(field: String, reason: String) { self.field = field; self.reason = reason }
    public var description: String { "\(field): \(reason)" }
}

/// A data segment parsed (HJ 212-2017 §6.3.2 Table 3 and §6.3.3): the header fields by name in any order (2005
/// devices omit QN and Flag, some put PNO before PNUM, hj212.md §10 row 4), then the command parameters. Unknown
/// header fields are kept.
public struct HJ212Packet: Sendable, Equatable {
    /// QN, the request number (`YYYYMMDDhhmmsszzz`), absent in many 2005-style uploads.
    public var qn: String?
    /// ST, the system code.
    public var st: String?
    /// CN, the command code (4 digits).
    public var cn: String
    /// PW, the access password.
    public var pw: String?
    /// MN, the device id.
    public var mn: String
    /// The Flag, nil when the packet has none (treated as version 2005, no split, no answer).
    public var flag: HJ212Flag?
    /// PNUM and PNO of a split packet.
    public var packetCount: Int?
    /// PNO, this packet's number from 1.
    public var packetNumber: Int?
    /// Header fields this platform does not know, in order.
    public var extraFields: [HJ212Field]
    /// The command parameters.
    public var cp: HJ212CP

    /// The version by the Flag bits; 2005 without a Flag.
    public var version: HJ212Version? { flag.map { $0.version } ?? .v2005 }

    /// Parses a data segment (the bytes between the length and the CRC). It works on the bytes and makes strings
    /// only of the names and values it keeps (a parse through `String` searches ran the intake at 11,000 frames/s;
    /// see Benchmarks/README.md).
    public static func parse(_ segment: [UInt8]) throws(HJ212PacketError) -> HJ212Packet {
        if segment.contains(where: { $0 >= 0x80 }), String(validating: segment, as: UTF8.self) == nil {
            throw HJ212PacketError(field: "segment", reason: "the data segment is not UTF-8 text")
        }
        guard let cpStart = HJ212Bytes.find(HJ212Bytes.cpOpen, in: segment, from: 0) else {
            throw HJ212PacketError(field: "CP", reason: "the data segment has no CP=&& (command parameters)")
        }
        let bodyStart = cpStart + 5
        guard let close = HJ212Bytes.findLast(HJ212Bytes.ampersands, in: segment, from: bodyStart) else {
            throw HJ212PacketError(field: "CP", reason: "the command parameters do not end with &&")
        }
        guard segment[(close + 2)...].allSatisfy({ $0 == 0x20 }) else {
            throw HJ212PacketError(field: "CP", reason: "text follows the closing && of the command parameters")
        }
        var qn: String?, st: String?, cn: String?, pw: String?, mn: String?, flag: HJ212Flag?, pnum: Int?, pno: Int?
        var extra: [HJ212Field] = []
        var from = 0
        while from < cpStart {
            var end = from
            while end < cpStart, segment[end] != 0x3B { end += 1 }
            defer { from = end + 1 }
            guard let eq = segment[from..<end].firstIndex(of: 0x3D) else {
                if segment[from..<end].allSatisfy({ $0 == 0x20 }) { continue }
                throw HJ212PacketError(field: HJ212Bytes.text(segment[from..<min(end, from + 20)]), reason: "a header field is name=value")
            }
            let name = HJ212Bytes.trimmed(segment, from, eq), value = HJ212Bytes.text(HJ212Bytes.trimmed(segment, eq + 1, end))
            switch HJ212Bytes.text(name) {
            case "QN": qn = value
            case "ST": st = value
            case "CN": cn = value
            case "PW": pw = value
            case "MN": mn = value
            case "Flag":
                guard let v = Int(value), (0...255).contains(v) else { throw HJ212PacketError(field: "Flag", reason: "expected a number 0–255, found '\(value.prefix(12))'") }
                flag = HJ212Flag(v)
            case "PNUM":
                guard let v = Int(value), (1...9999).contains(v) else { throw HJ212PacketError(field: "PNUM", reason: "expected a packet count 1–9999") }
                pnum = v
            case "PNO":
                guard let v = Int(value), (1...9999).contains(v) else { throw HJ212PacketError(field: "PNO", reason: "expected a packet number 1–9999") }
                pno = v
            case let other: extra.append(HJ212Field(name: other, value: value))
            }
        }
        guard let cn, cn.utf8.count == 4, cn.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            throw HJ212PacketError(field: "CN", reason: "expected a 4-digit command code")
        }
        guard let mn, !mn.isEmpty, mn.utf8.count <= 64 else { throw HJ212PacketError(field: "MN", reason: "expected a device id (MN) of 1–64 characters") }
        if let f = flag, f.split, pnum == nil || pno == nil {
            throw HJ212PacketError(field: "Flag", reason: "bit D (split packet) is set but PNUM or PNO is missing")
        }
        if let pnum, let pno, pno > pnum { throw HJ212PacketError(field: "PNO", reason: "packet \(pno) of \(pnum)") }
        let cp = try HJ212CP.parse(bytes: segment[bodyStart..<close])
        return HJ212Packet(qn: qn, st: st, cn: cn, pw: pw, mn: mn, flag: flag, packetCount: pnum, packetNumber: pno,
                           extraFields: extra, cp: cp)
    }
}

/// A name and its text.
public struct HJ212Field: Sendable, Equatable, Codable {
    /// The name, trimmed.
    public var name: String
    /// The text, trimmed.
    public var value: String
    /// Creates a field.
    public init(name: String, value: String) { self.name = name; self.value = value }
}

/// Byte helpers of the parser.
enum HJ212Bytes {
    static let cpOpen: [UInt8] = Array("CP=&&".utf8)
    static let ampersands: [UInt8] = Array("&&".utf8)

    /// The first index of `pattern` in `s` at or after `from`.
    static func find(_ pattern: [UInt8], in s: [UInt8], from: Int) -> Int? {
        guard pattern.count <= s.count else { return nil }
        var i = from
        while i + pattern.count <= s.count {
            if s[i] == pattern[0] {
                var k = 1
                while k < pattern.count, s[i + k] == pattern[k] { k += 1 }
                if k == pattern.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The last index of `pattern` in `s` at or after `from`.
    static func findLast(_ pattern: [UInt8], in s: [UInt8], from: Int) -> Int? {
        var i = s.count - pattern.count
        while i >= from {
            var k = 0
            while k < pattern.count, s[i + k] == pattern[k] { k += 1 }
            if k == pattern.count { return i }
            i -= 1
        }
        return nil
    }

    /// `s[from..<to]` without leading and trailing spaces.
    static func trimmed<C: RandomAccessCollection>(_ s: C, _ from: C.Index, _ to: C.Index) -> C.SubSequence where C.Element == UInt8, C.Index == Int {
        var a = from, b = to
        while a < b, s[a] == 0x20 { a += 1 }
        while b > a, s[b - 1] == 0x20 { b -= 1 }
        return s[a..<b]
    }

    /// The text of bytes (already checked to be UTF-8).
    static func text<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 { String(decoding: bytes, as: UTF8.self) }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self[...]
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
