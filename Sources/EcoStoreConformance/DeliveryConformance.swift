import EcoDelivery
import Foundation

/// The delivery facet's checks (`DeliveryStore`): documents by (kind, id), the expected-document guard.
enum DeliveryConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("delivery records: replaced by (kind, id), listed in id order, kinds kept apart", records),
        ("delivery records: a write expecting an older document is refused whole", expected),
    ]

    static func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw ConformanceFailure(message: "delivery: " + message()) }
    }

    static func records(_ s: any ConformingStore) async throws {
        try await s.saveDeliveryRecords([DeliveryRecord(kind: .task, id: "T2", document: "{\"a\":1}"), DeliveryRecord(kind: .task, id: "T1", document: "{\"b\":\"太原\"}"),
                                         DeliveryRecord(kind: .project, id: "T1", document: "{}")], expected: [:])
        try await s.saveDeliveryRecords([DeliveryRecord(kind: .task, id: "T2", document: "{\"a\":2}")], expected: [:])
        let tasks = try await s.deliveryRecords(.task)
        try expect(tasks.map(\.id) == ["T1", "T2"], "tasks in id order, got \(tasks.map(\.id))")
        try expect(tasks.map(\.document) == ["{\"b\":\"太原\"}", "{\"a\":2}"], "documents round-trip and replace by id, got \(tasks.map(\.document))")
        let projects = try await s.deliveryRecords(.project), cases = try await s.deliveryRecords(.supervisionCase)
        try expect(projects.count == 1 && cases.isEmpty, "kinds are kept apart")
    }

    static func expected(_ s: any ConformingStore) async throws {
        try await s.saveDeliveryRecords([DeliveryRecord(kind: .supervisionCase, id: "C1", document: "{\"v\":1}")], expected: [:])
        try await s.saveDeliveryRecords([DeliveryRecord(kind: .supervisionCase, id: "C1", document: "{\"v\":2}")], expected: ["C1": "{\"v\":1}"])
        var refused = false
        do {
            try await s.saveDeliveryRecords([DeliveryRecord(kind: .supervisionCase, id: "C2", document: "{}"),
                                             DeliveryRecord(kind: .supervisionCase, id: "C1", document: "{\"v\":3}")], expected: ["C1": "{\"v\":1}"])
        } catch { refused = true }
        let now = try await s.deliveryRecords(.supervisionCase)
        try expect(refused, "a write expecting {\"v\":1} after {\"v\":2} must be refused")
        try expect(now.map(\.id) == ["C1"] && now.first?.document == "{\"v\":2}", "a refused write leaves nothing half-written, got \(now.map(\.id))")
    }
}
