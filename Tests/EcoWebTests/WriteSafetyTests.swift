import EcoCore
import EcoWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import XCTest

/// Writes over HTTP are same-origin CSV only; what a client sends into the audit is cleaned; every answer carries
/// the security headers; HEAD and 405 behave as HTTP says (issue #9).
final class WriteSafetyTests: XCTestCase {
    private let good = "region,indicator,year,value\n140100,forest_cover,2031,30\n"

    func testAPlainTextPostFromAnotherSiteChangesNothing() async throws {
        // The reproduction: a text/plain form POST from another site changed the province's PM2.5.
        let before = try await fetch("/api/v1/observations?region=140100&indicator=forest_cover&from=2031&to=2031").body
        let plain = try await fetch("/api/v1/observations/import?file=x.csv", method: .post, body: good, headers: [.contentType: "text/plain"])
        XCTAssertEqual(plain.status, .unsupportedMediaType)
        let crossOrigin = try await fetch("/api/v1/observations/import?file=x.csv", method: .post, body: good,
                                          headers: [.contentType: "text/csv", .origin: "http://evil.example"])
        XCTAssertEqual(crossOrigin.status, .forbidden)
        XCTAssertTrue(crossOrigin.body.contains("Origin: http://evil.example"), crossOrigin.body)
        let crossSite = try await fetch("/data/upload?file=x.csv", method: .post, body: good,
                                        headers: [.contentType: "text/csv", HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
        XCTAssertEqual(crossSite.status, .forbidden)
        let after = try await fetch("/api/v1/observations?region=140100&indicator=forest_cover&from=2031&to=2031").body
        XCTAssertEqual(before, after, "no refused write changed anything")
        XCTAssertTrue(after.contains("\"items\":[]"), after)
        // The server's own page (same origin) may write.
        let own = try await fetch("/api/v1/observations/import?file=x.csv&dryRun=true", method: .post, body: good,
                                  headers: [.contentType: "text/csv", HTTPField.Name("Sec-Fetch-Site")!: "same-origin"])
        XCTAssertEqual(own.status, .ok, own.body)
    }

    func testTheFileNameCannotForgeAnAuditRowAndProblemsAreCapped() async throws {
        let (_, store) = try await WebFixture.shared.get()
        let r = try await fetch("/api/v1/observations/import?file=a%0A2099-01-01%20admin%20forged.csv", method: .post,
                                body: "region,indicator,year,value\n140105,forest_cover,2030,31\n")
        XCTAssertEqual(r.status, .ok, r.body)
        let trail = try await store.auditTrail(framework: "shanxi-2021", region: RegionCode("140105")!, indicator: "forest_cover")
        let last = try XCTUnwrap(trail.last)
        XCTAssertFalse((last.reason ?? "").contains("\n"), "a newline in the file name must not reach the audit trail")
        XCTAssertEqual(last.reason, "web upload a 2099-01-01 admin forged.csv")
        // 3,000 bad rows: the first 1,000 listed, the rest counted by reason.
        var bad = "region,indicator,year,value\n"
        for i in 0..<3000 { bad += "140100,pm25,2024,x\(i)\n" }
        let many = try await fetch("/api/v1/observations/import?file=bad.csv&dryRun=true", method: .post, body: bad)
        XCTAssertEqual(many.status, .unprocessableContent)
        let body = try XCTUnwrap(json(many.body) as? [String: Any])
        XCTAssertEqual((body["problems"] as? [String])?.count, 1000)
        XCTAssertEqual(body["problemCount"] as? Int, 3000)
        XCTAssertEqual(body["problemsByReason"] as? [String: Int], ["badValue": 3000])
    }

    func testSecurityHeadersHeadAnd405() async throws {
        for uri in ["/", "/api/v1/overview", "/static/site.css", "/nope"] {
            let r = try await fetch(uri)
            XCTAssertEqual(r.headers[.xContentTypeOptions], "nosniff", uri)
            XCTAssertTrue((r.headers[.contentSecurityPolicy] ?? "").contains("frame-ancestors 'none'"), uri)
            XCTAssertTrue((r.headers[.contentSecurityPolicy] ?? "").contains("script-src 'self'"), uri)
        }
        let head = try await fetch("/api/v1/regions?level=city", method: .head)
        XCTAssertEqual(head.status, .ok)
        XCTAssertEqual(head.body, "", "HEAD answers without a body")
        XCTAssertTrue(head.contentType.hasPrefix("application/json"))
        let delete = try await fetch("/api/v1/regions", method: .delete)
        XCTAssertEqual(delete.status, .methodNotAllowed)
        XCTAssertEqual(delete.headers[.allow], "GET, HEAD")
        let post = try await fetch("/api/v1/overview", method: .post, body: "x")
        XCTAssertEqual(post.status, .methodNotAllowed)
        let getImport = try await fetch("/api/v1/observations/import", method: .put)
        XCTAssertEqual(getImport.status, .methodNotAllowed)
        XCTAssertEqual(getImport.headers[.allow], "POST")
        let unknown = try await fetch("/no/such/page", method: .delete)
        XCTAssertEqual(unknown.status, .notFound)
    }
}
