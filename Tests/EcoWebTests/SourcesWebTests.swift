import EcoCore
import EcoServices
import EcoSources
import EcoWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

/// The sources page and API over the fixture's demo sources: who sees what, an alarm acknowledged and closed with who
/// and when, and the escaping of what users type.
final class SourcesWebTests: XCTestCase {
    func testThePageAnswersTheQuestionsOfAnOfficial() async throws {
        let page = try await fetch("/sources")
        XCTAssertEqual(page.status, .ok)
        for id in ["sources-counts", "sources-map", "sources-rate-table", "sources-alarms", "sources-curves", "sources-enterprises", "upload"] {
            XCTAssertTrue(page.body.contains("id=\"\(id)\""), id)
        }
        let (_, store) = try await WebFixture.shared.get()
        let registry = try await store.sourceRegistry()
        XCTAssertTrue(page.body.contains(registry.enterprises[0].name), "the enterprises are listed")
        XCTAssertFalse(registry.devices.contains { page.body.contains("value=\"\($0.password)\"") || page.body.contains(">\($0.password)<") },
                       "no device password on the page")
        XCTAssertTrue(page.body.contains("限值"), "the curves show the limit")
        let anonymous = try await fetch("/sources", as: .anonymous)
        XCTAssertEqual(anonymous.status, .unauthorized)
        let api = try await fetch("/api/v1/sources/enterprises", as: .anonymous)
        XCTAssertEqual(api.status, .unauthorized)
    }

    func testRatesOfTheCitiesSumTheirDevices() async throws {
        let r = try await fetch("/api/v1/sources/rates?level=region")
        let rows = try XCTUnwrap(try json(r.body) as? [[String: Any]])
        let province = try XCTUnwrap(rows.first { $0["id"] as? String == "140000" })
        let (_, store) = try await WebFixture.shared.get()
        let devices = try await store.sourceRegistry().devices.count
        XCTAssertEqual(province["expected"] as? Int, devices * 24, "24 hourly values per device and day")
        let received = province["received"] as! Int, valid = province["valid"] as! Int
        XCTAssertEqual(province["effectiveRate"] as? Double, (Double(valid) / Double(devices * 24) * 10_000).rounded() / 100)
        XCTAssertLessThan(received, devices * 24, "the demo leaves a few hours missing")
        let cities = rows.filter { ($0["id"] as? String)?.hasSuffix("00") == true && $0["id"] as? String != "140000" }
        XCTAssertEqual(cities.map { $0["received"] as! Int }.reduce(0, +), received, "the cities sum to the province")
    }

    func testAnAlarmIsAcknowledgedThenClosedWithWhoAndWhen() async throws {
        let (_, store) = try await WebFixture.shared.get()
        let before = try await store.sourceAlarms(activeOnly: true)
        let alarm = try XCTUnwrap(before.first { $0.state == .open }, "the demo has open alarms")
        let origin: HTTPFields = [.contentType: "application/json"]
        let note = "<script>alert(1)</script> 已停产整改"
        let ack = try await fetch("/api/v1/sources/alarms/acknowledge", method: .post, body: #"{"id": "\#(alarm.id)"}"#, headers: origin)
        XCTAssertEqual(ack.status, .ok, ack.body)
        let again = try await fetch("/api/v1/sources/alarms/acknowledge", method: .post, body: #"{"id": "\#(alarm.id)"}"#, headers: origin)
        XCTAssertEqual(again.status, .conflict, "an acknowledged alarm cannot be acknowledged again")
        let close = try await fetch("/api/v1/sources/alarms/close", method: .post, body: "{\"id\": \"\(alarm.id)\", \"note\": \"\(note.replacingOccurrences(of: "\"", with: "\\\""))\"}", headers: origin)
        XCTAssertEqual(close.status, .ok, close.body)
        let doc = try XCTUnwrap(try json(close.body) as? [String: Any])
        XCTAssertEqual(doc["state"] as? String, "closed")
        XCTAssertEqual(doc["acknowledgedBy"] as? String, "admin")
        XCTAssertEqual(doc["closedBy"] as? String, "admin")
        XCTAssertNotNil(doc["closedAt"] as? String)
        let stored = try await store.sourceAlarms(activeOnly: false).first { $0.id == alarm.id }
        XCTAssertEqual(stored?.state, .closed)
        XCTAssertEqual(stored?.note, note)
        let listed = try await fetch("/api/v1/sources/alarms?open=true")
        XCTAssertFalse(listed.body.contains(alarm.id), "a closed alarm is not open")
        // A viewer may not handle alarms.
        let services = Services(store: store, actor: "test")
        _ = try? await services.addUser("src-view", role: .viewer, region: "140000", password: "viewer-password-1")
        let token = try await services.createToken(for: "src-view", label: "t").token
        let viewer = try await fetch("/api/v1/sources/alarms/close", method: .post, body: #"{"id": "\#(before.last!.id)"}"#,
                                     headers: [.contentType: "application/json", .authorization: "Bearer \(token)"])
        XCTAssertEqual(viewer.status, .forbidden)
    }

    func testARegistryUploadIsValidatedWhole() async throws {
        let bad = try await fetch("/api/v1/sources/import?kind=enterprises&file=e.csv", method: .post,
                                  body: "credit_code,name,region,industry\n914403001922038217,<b>甲</b>,140105,火力发电\n")
        XCTAssertEqual(bad.status, .unprocessableContent)
        XCTAssertTrue(bad.body.contains("e.csv:2:1"), bad.body)
        let ok = try await fetch("/api/v1/sources/import?kind=enterprises&file=e.csv", method: .post,
                                 body: "credit_code,name,region,industry\n914403001922038216,<b>甲</b>电厂,140105,火力发电\n")
        XCTAssertEqual(ok.status, .ok, ok.body)
        let page = try await fetch("/sources")
        XCTAssertTrue(page.body.contains("&lt;b&gt;甲&lt;/b&gt;电厂"), "the name is escaped on the page")
        XCTAssertFalse(page.body.contains("<b>甲</b>"))
    }
}
