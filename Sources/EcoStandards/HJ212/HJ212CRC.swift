/// The check of an HJ 212 frame, HJ 212-2017 Appendix A ("CRC 校验算法"): register ← 0xFFFF; for every byte of the
/// data segment the register becomes its **high byte** XOR the byte, then 8 times: take the last bit, shift right by
/// one, XOR with 0xA001 if that bit was 1. The result is printed as 4 upper-case hex digits, high byte first. It is not
/// CRC-16/MODBUS (which XORs the byte into the low byte and keeps the high byte); some field devices send that one,
/// often byte-swapped (reference hj212.md §3.5), so the variant is a per-device setting.
///
/// Check values (hj212.md §3.2): "" → FFFF, "A" → 7080, "123456789" → 2F80 (MODBUS 4B37), the Appendix A segment → 1C80.
public enum HJ212CRC {
    /// The 256 results of the 8-step inner loop, T[i] started from i (T[1] = 0xC0C1, T[255] = 0x4040): the table form
    /// of the same algorithm, per byte `crc = T[(crc >> 8) ^ b]` (written by hand because no package on the machine
    /// has this non-standard CRC; the table is computed, not typed).
    public static let table: [UInt16] = (0...255).map { i in
        var crc = UInt16(i)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xA001 : crc >> 1 }
        return crc
    }

    /// The HJ 212 CRC of the bytes. (Inlinable so that callers in other modules get it specialised to their
    /// collection: unspecialised generic code ran the benchmark's CRC at 26 MB/s.)
    @inlinable
    public static func standard<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
        if let crc = bytes.withContiguousStorageIfAvailable({ standard(buffer: $0) }) { return crc }
        return Array(bytes).withUnsafeBufferPointer { standard(buffer: $0) }
    }

    /// The HJ 212 CRC of contiguous bytes.
    @inlinable
    public static func standard(buffer: UnsafeBufferPointer<UInt8>) -> UInt16 {
        var crc: UInt16 = 0xFFFF
        table.withUnsafeBufferPointer { t in
            for b in buffer { crc = t[Int((crc >> 8) ^ UInt16(b))] }
        }
        return crc
    }

    /// CRC-16/MODBUS of the bytes (poly 0xA001 reflected, init 0xFFFF): `crc = (crc >> 8) ^ T[(crc ^ b) & 0xFF]`.
    @inlinable
    public static func modbus<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
        var crc: UInt16 = 0xFFFF
        table.withUnsafeBufferPointer { t in
            for b in bytes { crc = (crc >> 8) ^ t[Int((crc ^ UInt16(b)) & 0xFF)] }
        }
        return crc
    }

    /// The value of 4 hex digits (either case), nil otherwise.
    public static func parse<C: Collection>(_ text: C) -> UInt16? where C.Element == UInt8 {
        guard text.count == 4 else { return nil }
        var v: UInt16 = 0
        for c in text {
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: return nil
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    /// 4 upper-case hex digits, zero-padded.
    public static func text(_ value: UInt16) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(value >> 12)], digits[Int(value >> 8 & 0xF)], digits[Int(value >> 4 & 0xF)], digits[Int(value & 0xF)]])
    }
}

/// Which CRC a device sends (hj212.md §3.5): the standard one (the default), or CRC-16/MODBUS. Field devices print
/// the MODBUS value low byte first (MODBUS ECA6 sent as A6EC) and some stacks high byte first; both orders were seen,
/// so a device registered as `modbus` is accepted in either order (the check is 1 in 256 either way, §3.3) and is
/// answered low byte first, as the observed devices send it.
public enum HJ212CRCVariant: String, Sendable, Codable, CaseIterable {
    /// HJ 212-2017 Appendix A.
    case standard
    /// CRC-16/MODBUS, either byte order.
    case modbus

    /// Whether `value` (the 4 hex digits of the frame) is this variant's check of the bytes.
    @inlinable
    public func accepts<C: Collection>(_ bytes: C, value: UInt16) -> Bool where C.Element == UInt8 {
        switch self {
        case .standard: return HJ212CRC.standard(bytes) == value
        case .modbus: let m = HJ212CRC.modbus(bytes); return m == value || (m << 8 | m >> 8) == value
        }
    }

    /// The value this variant prints on frames the platform sends.
    @inlinable
    public func value<C: Collection>(_ bytes: C) -> UInt16 where C.Element == UInt8 {
        switch self {
        case .standard: return HJ212CRC.standard(bytes)
        case .modbus: let m = HJ212CRC.modbus(bytes); return m << 8 | m >> 8
        }
    }
}
