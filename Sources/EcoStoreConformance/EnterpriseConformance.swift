import EcoEnterprise
import Foundation

/// The enterprise facet's checks (`EnterpriseStore`): documents by (kind, id), the expected-document guard.
enum EnterpriseConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("enterprise records: replaced by (kind, id), listed in id order, kinds kept apart", records),
        ("enterprise records: a write expecting an older document is refused whole", expected),
    ]

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: "enterprise: " + message()) }
    }

    static func records(_ s: any ConformingStore) async throws {
        try await s.saveEnterpriseRecords([EnterpriseRecord(kind: .creditRecord, id: "晋环罚〔2025〕2号", document: "{\"a\":1}"),
                                           EnterpriseRecord(kind: .creditRecord, id: "晋环罚〔2025〕1号", document: "{\"b\":\"太原\"}"),
                                           EnterpriseRecord(kind: .rating, id: "2025/X", document: "{}")], expected: [:])
        try await s.saveEnterpriseRecords([EnterpriseRecord(kind: .creditRecord, id: "晋环罚〔2025〕2号", document: "{\"a\":2}")], expected: [:])
        let records = try await s.enterpriseRecords(.creditRecord)
        try expect(records.map(\.id) == ["晋环罚〔2025〕1号", "晋环罚〔2025〕2号"], "records in id order, got \(records.map(\.id))")
        try expect(records.map(\.document) == ["{\"b\":\"太原\"}", "{\"a\":2}"], "documents round-trip and replace by id, got \(records.map(\.document))")
        let ratings = try await s.enterpriseRecords(.rating), schemes = try await s.enterpriseRecords(.scheme)
        try expect(ratings.count == 1 && schemes.isEmpty, "kinds are kept apart")
    }

    static func expected(_ s: any ConformingStore) async throws {
        try await s.saveEnterpriseRecords([EnterpriseRecord(kind: .rating, id: "2025/A", document: "{\"v\":1}")], expected: [:])
        try await s.saveEnterpriseRecords([EnterpriseRecord(kind: .rating, id: "2025/A", document: "{\"v\":2}")], expected: ["2025/A": "{\"v\":1}"])
        var refused = false
        do {
            try await s.saveEnterpriseRecords([EnterpriseRecord(kind: .rating, id: "2025/B", document: "{}"),
                                               EnterpriseRecord(kind: .rating, id: "2025/A", document: "{\"v\":3}")], expected: ["2025/A": "{\"v\":1}"])
        } catch { refused = true }
        let now = try await s.enterpriseRecords(.rating)
        try expect(refused, "a write expecting {\"v\":1} after {\"v\":2} must be refused")
        try expect(now.map(\.id) == ["2025/A"] && now.first?.document == "{\"v\":2}", "a refused write leaves nothing half-written, got \(now.map(\.id))")
    }
}
