import EcoCore
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Turns the bytes of a text file into a String: UTF-8 with or without BOM, or GB18030 (Excel's default "CSV"
/// encoding on Chinese Windows). Foundation on Linux has no GB18030 codec, so the conversion goes through iconv
/// from the C library, which every Linux system ships.
public enum TextDecoding {
    public enum Encoding: String, Sendable { case utf8 = "UTF-8", utf8BOM = "UTF-8 (BOM)", gb18030 = "GB18030" }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func decode(_ data: Data) throws -> (text: String, encoding: Encoding) {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes.removeFirst(3)
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw Failure(description: "the file starts with a UTF-8 byte-order mark but is not valid UTF-8")
            }
            return (s, .utf8BOM)
        }
        if let s = String(validating: bytes, as: UTF8.self) { return (s, .utf8) }
        if let converted = iconvConvert(bytes, from: "GB18030", to: "UTF-8"),
           let s = String(validating: converted, as: UTF8.self) {
            return (s, .gb18030)
        }
        throw Failure(description: "the file is neither UTF-8 nor GB18030 text; save it as \"CSV UTF-8\" from Excel")
    }

    /// Encodes text as GB18030 (for files meant for Excel on Chinese Windows).
    public static func encodeGB18030(_ text: String) -> Data? {
        iconvConvert(Array(text.utf8), from: "UTF-8", to: "GB18030").map { Data($0) }
    }

    /// Converts the whole buffer or returns nil on any invalid or incomplete sequence.
    static func iconvConvert(_ input: [UInt8], from: String, to: String) -> [UInt8]? {
        let cd = iconv_open(to, from)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        if input.isEmpty { return [] }
        var source = input.map { CChar(bitPattern: $0) }
        var output = [CChar](repeating: 0, count: input.count * 4 + 16)
        var inLeft = source.count
        var outLeft = output.count
        let ok = source.withUnsafeMutableBufferPointer { ib -> Bool in
            output.withUnsafeMutableBufferPointer { ob -> Bool in
                var ip = ib.baseAddress
                var op = ob.baseAddress
                return iconv(cd, &ip, &inLeft, &op, &outLeft) != -1 && inLeft == 0
            }
        }
        guard ok else { return nil }
        return output.prefix(output.count - outLeft).map { UInt8(bitPattern: $0) }
    }
}
