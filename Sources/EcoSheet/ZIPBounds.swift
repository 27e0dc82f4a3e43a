import Foundation

/// A check of a ZIP package's directory before ZIPFoundation reads it, written by hand because ZIPFoundation 0.9.20
/// loops for ever on an entry whose compressed data runs past the end of the file (its inflate loop keeps asking for
/// more bytes and gets none; found by the xlsx fuzz target, kept in Fuzz/Crashes). This reads only what that needs —
/// the end-of-central-directory record (found from the end, as ZIPFoundation finds it), each central directory
/// header's sizes and local-header offset, and each local header's name and extra lengths (APPNOTE.TXT 6.3.10,
/// §4.3.7, §4.3.12, §4.3.16) — and refuses a package where any entry's data does not lie inside the file. Reading
/// the entries themselves stays ZIPFoundation's.
enum ZIPBounds {
    static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }

    /// Nil when every entry's data lies inside the file; else why not.
    static func problem(_ data: Data) -> String? {
        let b = [UInt8](data)
        let n = b.count
        guard n >= 22 else { return "the ZIP package is too short to hold a directory" }
        // The end-of-central-directory record: signature 50 4B 05 06, searched backwards over the comment's 64 KiB.
        var eocd = -1
        var i = n - 22
        while i >= max(0, n - 22 - 65_535) {
            if b[i] == 0x50, b[i + 1] == 0x4B, b[i + 2] == 0x05, b[i + 3] == 0x06 { eocd = i; break }
            i -= 1
        }
        guard eocd >= 0 else { return "the ZIP package has no end-of-directory record" }
        let count = u16(b, eocd + 10), size = u32(b, eocd + 12), offset = u32(b, eocd + 16)
        guard count != 0xFFFF, size != 0xFFFF_FFFF, offset != 0xFFFF_FFFF else { return "the ZIP package uses ZIP64, which a workbook never needs" }
        guard offset + size <= eocd else { return "the ZIP package's directory lies outside the file" }
        var p = offset
        for _ in 0..<count {
            guard p + 46 <= offset + size, u32(b, p) == 0x0201_4B50 else { return "the ZIP package's directory is damaged" }
            let compressed = u32(b, p + 20)
            let local = u32(b, p + 42)
            guard compressed != 0xFFFF_FFFF, local != 0xFFFF_FFFF else { return "the ZIP package uses ZIP64, which a workbook never needs" }
            guard local + 30 <= n, u32(b, local) == 0x0403_4B50 else { return "an entry of the ZIP package points outside the file" }
            let start = local + 30 + u16(b, local + 26) + u16(b, local + 28)
            guard start + compressed <= n else { return "an entry of the ZIP package runs past the end of the file (the file is truncated or damaged)" }
            p += 46 + u16(b, p + 28) + u16(b, p + 30) + u16(b, p + 32)
        }
        return nil
    }
}
