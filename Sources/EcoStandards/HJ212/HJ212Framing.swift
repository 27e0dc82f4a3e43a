/// One frame cut from a device's byte stream: HJ 212-2017 §6.3.1 Table 2, `##` + 4 decimal digits LLLL + LLLL bytes of
/// data segment + 4 hex digits of CRC + CR LF. The CRC has been verified by the decoder's check.
public struct HJ212Frame: Sendable, Equatable {
    /// The data segment, byte for byte as received (the CRC is computed over these bytes).
    public var segment: [UInt8]
    /// The CRC value the frame carried.
    public var crc: UInt16
    /// Every byte of the frame as received, header to trailer (for the evidence log).
    public var raw: [UInt8]

    /// Creates a frame.
    public init(segment: [UInt8], crc: UInt16, raw: [UInt8]) {
        self.segment = segment
        self.crc = crc
        self.raw = raw
    }

    /// The bytes of a frame around a data segment, with the CRC of the variant (the platform's replies).
    public static func encode(_ segment: String, crc variant: HJ212CRCVariant = .standard) -> [UInt8] {
        let seg = Array(segment.utf8)
        let len = String(seg.count)
        var out: [UInt8] = Array("##".utf8) + Array(String(repeating: "0", count: max(0, 4 - len.count)).utf8) + Array(len.utf8)
        out += seg
        out += Array(HJ212CRC.text(variant.value(seg)).utf8)
        out += [0x0D, 0x0A]
        return out
    }
}

/// Why bytes of a stream were dropped; the server counts them by this name.
public enum HJ212StreamProblem: String, Sendable, CaseIterable {
    /// Bytes before a `##` that start no frame.
    case garbage
    /// `##` not followed by 4 decimal digits.
    case length
    /// A data segment longer than the configured limit.
    case tooLong = "too_long"
    /// The 4 characters after the segment are not hex digits, or the trailer is not CR LF.
    case framing
    /// The CRC does not match the segment.
    case crc
    /// The buffer grew past its cap without holding a frame (a slow or broken sender): it was emptied.
    case overflow
}

/// What the decoder found next in the stream.
public enum HJ212StreamEvent: Sendable, Equatable {
    /// A complete frame whose CRC the check accepted.
    case frame(HJ212Frame)
    /// Bytes dropped, with the reason and how many.
    case dropped(HJ212StreamProblem, bytes: Int)
}

/// An incremental decoder of a device's TCP byte stream (hj212.md §2): a read may hold several frames or part of one.
/// It resynchronises on the next `##` after garbage or a frame that fails its length or CRC check, and never holds
/// more than `capacity` bytes, so a device that trickles bytes without ever completing a frame cannot grow memory.
///
/// The length counts bytes (UTF-8); when the trailer is not where the byte count says and the segment holds non-ASCII
/// text, the count is tried as characters (some senders count characters, §10 row 7). The CRC is always computed
/// over bytes. A missing CR or LF of the trailer is accepted when the CRC verifies (§10 row 10).
///
/// Written by hand: no package on the machine frames HJ 212.
public struct HJ212StreamDecoder: Sendable {
    /// The longest data segment accepted (the 4 digits allow 9999; the standard's own limit is 1024, but real devices
    /// send more, §2).
    public var maxSegment: Int
    /// The most bytes held while waiting for the rest of a frame.
    public let capacity: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var skipTrailer = false
    /// The bytes of the last candidate frame refused for its CRC or framing (header to CRC), kept as evidence until
    /// the next refusal.
    public private(set) var rejectedFrame: [UInt8] = []

    /// A decoder with a segment limit (≤ 9999) and a buffer cap (at least one largest frame).
    public init(maxSegment: Int = 9999, capacity: Int = 16 * 1024) {
        self.maxSegment = min(max(maxSegment, 0), 9999)
        self.capacity = max(capacity, 12 + self.maxSegment)
    }

    /// Bytes held and not yet decoded.
    public var pending: Int { buffer.count - start }

    /// Adds bytes read from the connection.
    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ append(raw: UnsafeRawBufferPointer($0)) }) { return done }
        let copy = [UInt8](bytes)
        copy.withUnsafeBytes { append(raw: $0) }
    }

    /// Adds bytes read from the connection (the fast path: one copy, no per-byte generic code).
    public mutating func append(raw bytes: UnsafeRawBufferPointer) {
        if start > 0 && start >= buffer.count / 2 { buffer.removeFirst(start); start = 0 }
        buffer.append(contentsOf: bytes)
    }

    /// The next frame or dropped run, nil when more bytes are needed. `check(segment, crc)` says whether the CRC
    /// value fits the segment (the server applies the sending device's variant).
    public mutating func next(check: ([UInt8], UInt16) -> Bool) -> HJ212StreamEvent? {
        if skipTrailer, start < buffer.count {
            // The previous frame came without its trailer at the end of a read: its CR LF may start this one.
            var n = 0
            while n < 2, start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { start += 1; n += 1 }
            skipTrailer = false
        }
        let end = buffer.count
        guard start < end else { return nil }
        // Find "##"; bytes before it are garbage (keep a trailing "#", the next read may complete it).
        var i = start
        while i + 1 < end, !(buffer[i] == 0x23 && buffer[i + 1] == 0x23) { i += 1 }
        if i > start {
            let keep = (i + 1 == end && buffer[i] == 0x23) ? 1 : 0
            let drop = (i + 1 == end ? end - keep : i) - start
            if drop > 0 { start += drop; return .dropped(.garbage, bytes: drop) }
        }
        guard end - start >= 6 else { return overflowCheck() }
        var length = 0
        for k in 2..<6 {
            let c = buffer[start + k]
            guard c >= 0x30 && c <= 0x39 else { start += 1; return .dropped(.length, bytes: 1) }
            length = length * 10 + Int(c - 0x30)
        }
        guard length <= maxSegment else { start += 2; return .dropped(.tooLong, bytes: 2) }
        let segStart = start + 6
        guard end >= segStart + length + 4 else { return overflowCheck() }
        if let frame = cut(segStart: segStart, segEnd: segStart + length, check: check) { return frame }
        // The count as characters, when the bytes hold UTF-8 beyond ASCII.
        switch characterEnd(from: segStart, characters: length) {
        case .needMore: return overflowCheck()
        case .at(let charEnd): if let frame = cut(segStart: segStart, segEnd: charEnd, check: check) { return frame }
        case .ascii: break
        }
        let crcBytes = buffer[(segStart + length)..<(segStart + length + 4)]
        let problem: HJ212StreamProblem = HJ212CRC.parse(crcBytes) == nil ? .framing : .crc
        rejectedFrame = Array(buffer[start..<(segStart + length + 4)])
        start += 2
        return .dropped(problem, bytes: 2)
    }

    /// The frame whose segment is buffer[segStart..<segEnd] when its CRC verifies and its trailer fits; nil otherwise.
    private mutating func cut(segStart: Int, segEnd: Int, check: ([UInt8], UInt16) -> Bool) -> HJ212StreamEvent? {
        let end = buffer.count
        guard let crc = HJ212CRC.parse(buffer[segEnd..<(segEnd + 4)]) else { return nil }
        var tail = segEnd + 4
        var trailer = 0
        if tail < end, buffer[tail] == 0x0D { tail += 1; trailer += 1 }
        if tail < end, buffer[tail] == 0x0A { tail += 1; trailer += 1 }
        // Neither trailer byte: accept only when the frame ends the buffer or the next frame starts right there.
        if trailer == 0, tail < end, buffer[tail] != 0x23 { return nil }
        let segment = Array(buffer[segStart..<segEnd])
        guard check(segment, crc) else { return nil }
        let raw = Array(buffer[start..<tail])
        if trailer < 2, tail == end { skipTrailer = true }
        start = tail
        return .frame(HJ212Frame(segment: segment, crc: crc, raw: raw))
    }

    private enum CharacterEnd { case ascii, needMore, at(Int) }

    /// Where `characters` UTF-8 characters from `from` end, with 4 CRC bytes after them: `.ascii` when the text up
    /// to there is plain ASCII (the byte count was already tried), `.needMore` when the buffer ends first.
    private func characterEnd(from: Int, characters: Int) -> CharacterEnd {
        var i = from
        var n = 0
        var sawMultibyte = false
        while n < characters, i < buffer.count {
            let b = buffer[i]
            let width = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
            if width > 1 { sawMultibyte = true }
            i += width
            n += 1
        }
        guard sawMultibyte else { return n == characters ? .ascii : .needMore }
        guard n == characters, i + 4 <= buffer.count else { return .needMore }
        return .at(i)
    }

    /// Empties the buffer when it has grown past the cap without a frame.
    private mutating func overflowCheck() -> HJ212StreamEvent? {
        let held = buffer.count - start
        guard held > capacity else { return nil }
        buffer.removeAll(keepingCapacity: false)
        start = 0
        return .dropped(.overflow, bytes: held)
    }
}
