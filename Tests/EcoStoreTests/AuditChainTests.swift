import EcoCore
import EcoStore
import Foundation
import XCTest

/// The audit trail's hash chain (issue 12): what verification finds after each kind of tampering.
final class AuditChainTests: XCTestCase {
    func record(_ i: Int) -> AuditRecord {
        AuditRecord(id: Int64(i), at: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), actor: "li",
                    key: ObservationKey(framework: "fw", indicator: "pm25", region: RegionCode("140105")!, year: 2020 + i),
                    oldValue: i == 1 ? nil : "\(40 + i - 1)", newValue: "\(40 + i)", reason: "import", source: "f.csv",
                    address: "10.0.0.\(i)", userAgent: "curl")
    }

    func chain(_ n: Int) -> ([AuditRecord], AuditHead) {
        let (linked, head) = AuditChain.link((1...n).map(record), framework: "fw", after: nil)
        return (linked, head)
    }

    func testAnIntactChainVerifiesAndLinksContinue() {
        let (records, head) = chain(4)
        XCTAssertEqual(records.map(\.seq), [1, 2, 3, 4])
        XCTAssertEqual(records[0].previousHash, AuditChain.genesis)
        XCTAssertEqual(records[1].previousHash, records[0].hash)
        XCTAssertEqual(head.seq, 4)
        XCTAssertEqual(head.hash, records[3].hash)
        XCTAssertEqual(AuditChain.verify(framework: "fw", records: records, head: head).problems, [])
        // Appending later continues the same chain.
        let (more, head2) = AuditChain.link([record(5)], framework: "fw", after: head)
        XCTAssertEqual(more[0].seq, 5)
        XCTAssertEqual(more[0].previousHash, head.hash)
        XCTAssertEqual(AuditChain.verify(framework: "fw", records: records + more, head: head2).problems, [])
        // The hash is SHA-256 over the previous hash and the canonical fields: 64 hex digits, and it changes with any field.
        XCTAssertEqual(records[0].hash?.count, 64)
        var other = record(1)
        other.userAgent = "wget"
        XCTAssertNotEqual(AuditChain.hash(previous: AuditChain.genesis, record: other, seq: 1), records[0].hash)
    }

    func testEveryKindOfTamperingIsFound() {
        let (records, head) = chain(5)
        var edited = records
        edited[2].newValue = "99"
        XCTAssertEqual(AuditChain.verify(framework: "fw", records: edited, head: head).problems.count, 1)
        XCTAssertTrue(AuditChain.verify(framework: "fw", records: edited, head: head).problems[0].contains("does not match its hash"))
        var when = records
        when[1].at = when[1].at.addingTimeInterval(1)
        XCTAssertFalse(AuditChain.verify(framework: "fw", records: when, head: head).problems.isEmpty, "a changed time is found")
        // A record deleted from the middle: a gap in the sequence and a broken link.
        var deleted = records
        deleted.remove(at: 2)
        let gap = AuditChain.verify(framework: "fw", records: deleted, head: head).problems
        XCTAssertTrue(gap.contains { $0.contains("records 3–3 of the chain are missing") }, "\(gap)")
        // The last record deleted: only the head tells.
        let tail = AuditChain.verify(framework: "fw", records: Array(records.dropLast()), head: head).problems
        XCTAssertEqual(tail.count, 1)
        XCTAssertTrue(tail[0].contains("ends at sequence 4 but its head records 5"), tail[0])
        // The head deleted too.
        XCTAssertFalse(AuditChain.verify(framework: "fw", records: records, head: nil).problems.isEmpty)
        // A hash cleared to pass as a record from before the chain.
        var cleared = records
        cleared[3].hash = nil
        cleared[3].seq = nil
        XCTAssertTrue(AuditChain.verify(framework: "fw", records: cleared, head: head).problems.contains { $0.contains("no hash after the chain began") })
    }

    func testRecordsFromBeforeTheChainLeadAndAreCounted() {
        var legacy = record(1)
        legacy.id = 0
        let (records, head) = chain(3)
        let report = AuditChain.verify(framework: "fw", records: [legacy] + records, head: head)
        XCTAssertEqual(report.problems, [])
        XCTAssertEqual(report.unchained, 1)
        XCTAssertEqual(report.records, 4)
    }
}

/// The stored timestamps, read and written by hand (`StoreJSON`): the same instants as Foundation's ISO 8601.
final class StoredTimestampTests: XCTestCase {
    func testTheHandWrittenFormAgreesWithFoundation() throws {
        // Leap day, the end of a year, the epoch, before the epoch, and a millisecond that binary floating point
        // cannot hold exactly (…0.339).
        for ms: Int64 in [1_709_164_800_123, 1_735_689_599_999, 0, -1, -86_400_001, 1_700_000_000_339, 4_102_444_800_000] {
            let text = StoreJSON.timestamp(milliseconds: ms)
            let d = Date(timeIntervalSince1970: Double(ms) / 1000)
            let foundation = try Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(text)
            XCTAssertEqual(Int64((foundation.timeIntervalSince1970 * 1000).rounded()), ms, text)
            XCTAssertEqual(StoreJSON.date(text).map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }, ms, text)
            XCTAssertEqual(StoreJSON.timestamp(d), text)
        }
        XCTAssertEqual(StoreJSON.timestamp(milliseconds: 1_709_164_800_123), "2024-02-29T00:00:00.123Z")
        XCTAssertEqual(StoreJSON.timestamp(milliseconds: -1), "1969-12-31T23:59:59.999Z")
        // Not the stored form: Foundation decides (and refuses nonsense).
        XCTAssertNil(StoreJSON.date("2024-02-30T00:00:00.000Z"))
        XCTAssertNil(StoreJSON.date("2024-13-01T00:00:00.000Z"))
        XCTAssertNil(StoreJSON.date("yesterday"))
        XCTAssertNotNil(StoreJSON.date("2024-02-29T10:00:00Z"))
    }
}
