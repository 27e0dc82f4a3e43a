import EcoAir
import EcoCore
import EcoServices
import EcoStoreSQLite
import EcoWeb
import Foundation
import Hummingbird
import XCTest

final class APITests: XCTestCase {
    private func document() async throws -> [String: Any] {
        let body = try await fetch("/api/v1/openapi.json").body
        return try XCTUnwrap(json(body) as? [String: Any])
    }

    /// Every API route the router serves is in the OpenAPI document, and every documented path is served.
    func testEveryRouteIsDocumented() async throws {
        let (web, _) = try await WebFixture.shared.get()
        let router = web.router()
        let doc = try await document()
        let documented = Set((doc["paths"] as? [String: Any] ?? [:]).keys)
        let served = Set(router.routes.map { "\($0.path)" }.filter { $0.hasPrefix("/api/v1") }.map { path in
            path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        }.map { "/" + $0 })
        XCTAssertEqual(served.subtracting(documented), [], "routes missing from openapi.json")
        XCTAssertEqual(documented.subtracting(served), [], "documented paths not served")
    }

    /// Each endpoint's response matches the schema its document gives for that status.
    func testResponsesMatchTheirSchemas() async throws {
        let doc = try await document()
        let components = (doc["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        let checker = SchemaChecker(components: components)
        let mn = try await WebFixture.shared.get().1.sourceRegistry().devices.first!.mn
        let calls: [(String, String, Int)] = [
            ("/api/v1/sources/enterprises", "/api/v1/sources/enterprises", 200),
            ("/api/v1/sources/alarms?open=true", "/api/v1/sources/alarms", 200),
            ("/api/v1/sources/alarms?open=maybe", "/api/v1/sources/alarms", 400),
            ("/api/v1/sources/rates?level=region", "/api/v1/sources/rates", 200),
            ("/api/v1/sources/rates?level=city", "/api/v1/sources/rates", 400),
            ("/api/v1/sources/data?mn=\(mn)&kind=hour", "/api/v1/sources/data", 200),
            ("/api/v1/sources/data?mn=nope", "/api/v1/sources/data", 404),
            ("/api/v1/sources/data", "/api/v1/sources/data", 400),
            ("/api/v1/overview?year=2025", "/api/v1/overview", 200),
            ("/api/v1/carbon/accounts?year=2024&grid=national", "/api/v1/carbon/accounts", 200),
            ("/api/v1/carbon/accounts?grid=moon", "/api/v1/carbon/accounts", 400),
            ("/api/v1/carbon/accounts?region=999999", "/api/v1/carbon/accounts", 404),
            ("/api/v1/carbon/peak?region=140100&growth=1.5", "/api/v1/carbon/peak", 200),
            ("/api/v1/carbon/peak?growth=1e2", "/api/v1/carbon/peak", 400),
            ("/api/v1/carbon/factors", "/api/v1/carbon/factors", 200),
            ("/api/v1/gep/accounts?region=140000&year=2025", "/api/v1/gep/accounts", 200),
            ("/api/v1/gep/accounts?region=140100&year=2024&method=local", "/api/v1/gep/accounts", 200),
            ("/api/v1/gep/accounts?method=x", "/api/v1/gep/accounts", 400),
            ("/api/v1/gep/protected?year=2025", "/api/v1/gep/protected", 200),
            ("/api/v1/regions?level=city", "/api/v1/regions", 200),
            ("/api/v1/regions/140100?year=2025", "/api/v1/regions/{code}", 200),
            ("/api/v1/regions/999999", "/api/v1/regions/{code}", 404),
            ("/api/v1/regions/abc", "/api/v1/regions/{code}", 400),
            ("/api/v1/frameworks", "/api/v1/frameworks", 200),
            ("/api/v1/frameworks/mee-demo-2019", "/api/v1/frameworks/{id}", 200),
            ("/api/v1/frameworks/nope", "/api/v1/frameworks/{id}", 404),
            ("/api/v1/indicators", "/api/v1/indicators", 200),
            ("/api/v1/indicators/pm25", "/api/v1/indicators/{id}", 200),
            ("/api/v1/indicators/nope", "/api/v1/indicators/{id}", 404),
            ("/api/v1/observations?region=140100&limit=5", "/api/v1/observations", 200),
            ("/api/v1/observations?limit=0", "/api/v1/observations", 400),
            ("/api/v1/observations?after=x", "/api/v1/observations", 400),
            ("/api/v1/assessment?region=140000&year=2025", "/api/v1/assessment", 200),
            ("/api/v1/assessment?year=2025", "/api/v1/assessment", 400),
            ("/api/v1/assessment?region=140000&year=abc", "/api/v1/assessment", 400),
            ("/api/v1/ranking?level=county&parent=140100&year=2025", "/api/v1/ranking", 200),
            ("/api/v1/ranking?level=town", "/api/v1/ranking", 400),
            ("/api/v1/series?region=140100&indicator=pm25", "/api/v1/series", 200),
            ("/api/v1/series?region=140105&indicator=river_water_consumption", "/api/v1/series", 400),
            ("/api/v1/map?level=county&indicator=pm25&year=2025", "/api/v1/map", 200),
            ("/api/v1/air/annual?year=2024", "/api/v1/air/annual", 200),
            ("/api/v1/air/annual?year=abc", "/api/v1/air/annual", 400),
            ("/api/v1/air/annual?year=2019", "/api/v1/air/annual", 404),
            ("/api/v1/air/runs", "/api/v1/air/runs", 200),
            ("/api/v1/water/aggregates?year=2025", "/api/v1/water/aggregates", 200),
            ("/api/v1/water/aggregates?kind=lake", "/api/v1/water/aggregates", 400),
            ("/api/v1/water/aggregates?year=2019", "/api/v1/water/aggregates", 404),
            ("/api/v1/water/sections?year=2024", "/api/v1/water/sections", 200),
            ("/api/v1/water/compensation?year=2025", "/api/v1/water/compensation", 200),
            ("/api/v1/water/compensation?year=2025&scheme=nope", "/api/v1/water/compensation", 400),
            ("/api/v1/water/sections?section=W0003", "/api/v1/water/sections", 200),
            ("/api/v1/water/sections?section=nope", "/api/v1/water/sections", 404),
            ("/api/v1/readiness?year=2025", "/api/v1/readiness", 200),
            ("/api/v1/readiness?year=1999", "/api/v1/readiness", 400),
            ("/api/v1/export?real=true", "/api/v1/export", 200),
            ("/api/v1/export?real=maybe", "/api/v1/export", 400),
            ("/api/v1/regions?level=county&parent=140100&all=true", "/api/v1/regions", 200),
            ("/api/v1/observations?from=2021&to=2020", "/api/v1/observations", 400),
            ("/api/v1/openapi.json", "/api/v1/openapi.json", 200),
            ("/api/v1/workflow?year=2025", "/api/v1/workflow", 200),
            ("/api/v1/workflow", "/api/v1/workflow", 400),
            ("/api/v1/history?region=140100&indicator=pm25", "/api/v1/history", 200),
            ("/api/v1/history?region=140100", "/api/v1/history", 400),
            ("/api/v1/programmes", "/api/v1/programmes", 200),
            ("/api/v1/projects", "/api/v1/projects", 200),
            ("/api/v1/projects?region=140100&as-of=2026-03-01&lang=en", "/api/v1/projects", 200),
            ("/api/v1/projects?region=999999", "/api/v1/projects", 404),
            ("/api/v1/projects?as-of=2026-02-30", "/api/v1/projects", 400),
            ("/api/v1/tasks", "/api/v1/tasks", 200),
            ("/api/v1/tasks?year=abc", "/api/v1/tasks", 400),
            ("/api/v1/cases", "/api/v1/cases", 200),
            ("/api/v1/cases?state=moon", "/api/v1/cases", 400),
            ("/api/v1/ranking/monthly?month=2024-06", "/api/v1/ranking/monthly", 200),
            ("/api/v1/ranking/monthly?month=2024-06&level=county&ytd=true", "/api/v1/ranking/monthly", 200),
            ("/api/v1/ranking/monthly?month=2024-13", "/api/v1/ranking/monthly", 400),
            ("/api/v1/ranking/monthly?month=2019-06", "/api/v1/ranking/monthly", 400),
            ("/api/v1/ranking/monthly?level=province", "/api/v1/ranking/monthly", 400),
            ("/api/v1/accountability?month=2024-06", "/api/v1/accountability", 200),
            ("/api/v1/reward-penalty?month=2024-06", "/api/v1/reward-penalty", 200),
            ("/api/v1/reward-penalty?month=x", "/api/v1/reward-penalty", 400),
            ("/api/v1/credit", "/api/v1/credit", 200),
            ("/api/v1/credit?year=2024&scheme=national-2013", "/api/v1/credit", 200),
            ("/api/v1/credit?scheme=none", "/api/v1/credit", 400),
            ("/api/v1/credit?year=1999", "/api/v1/credit", 400),
            ("/api/v1/credit/files", "/api/v1/credit/files", 200),
            ("/api/v1/risk/sources", "/api/v1/risk/sources", 200),
            ("/api/v1/risk/near?lon=112.55&lat=37.87&radius-km=30", "/api/v1/risk/near", 200),
            ("/api/v1/risk/near?lon=112.55", "/api/v1/risk/near", 400),
            ("/api/v1/risk/near?incident=none", "/api/v1/risk/near", 400),
            ("/api/v1/risk/plans?within-days=365", "/api/v1/risk/plans", 200),
            ("/api/v1/risk/plans?within-days=0", "/api/v1/risk/plans", 400),
        ]
        // Every documented GET has a sample here, so a new endpoint cannot go unchecked.
        let sampled = Set(calls.map(\.1))
        let gets = Set(((doc["paths"] as? [String: Any]) ?? [:]).compactMap { path, item in ((item as? [String: Any])?["get"] != nil) ? path : nil })
        XCTAssertEqual(gets.subtracting(sampled), [], "documented GET routes without a sample in this test")
        for (uri, path, status) in calls {
            let r = try await fetch(uri)
            XCTAssertEqual(Int(r.status.code), status, uri)
            XCTAssertTrue(r.contentType.hasPrefix("application/json"), uri)
            let op = ((doc["paths"] as? [String: Any])?[path] as? [String: Any])?["get"] as? [String: Any]
            let schema = (((op?["responses"] as? [String: Any])?[String(status)] as? [String: Any])?["content"] as? [String: Any])
            let body = (schema?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
            guard let body else { XCTFail("\(path) documents no \(status) response"); continue }
            XCTAssertEqual(checker.check(try json(r.body), body), [], uri)
        }
    }

    func testTheSchemaCheckerCatchesAWrongShape() {
        let checker = SchemaChecker(components: ["X": ["type": "object", "required": ["a"], "properties": ["a": ["type": "integer"]],
                                                       "additionalProperties": false]])
        XCTAssertEqual(checker.check(["a": 1] as [String: Any], ["$ref": "#/components/schemas/X"]), [])
        XCTAssertFalse(checker.check(["a": "1"] as [String: Any], ["$ref": "#/components/schemas/X"]).isEmpty)
        XCTAssertFalse(checker.check([:] as [String: Any], ["$ref": "#/components/schemas/X"]).isEmpty)
        XCTAssertEqual(checker.check(["a": 1, "b": 2] as [String: Any], ["$ref": "#/components/schemas/X"]), ["$: 'b' is not in the schema"],
                       "a field the schema does not know is caught")
    }

    /// The document is built from the routes and the response types: every object schema is closed, and the POST
    /// response validates too.
    func testEveryObjectSchemaIsClosedAndThePostValidates() async throws {
        let doc = try await document()
        let components = (doc["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        var open: [String] = []
        func walk(_ s: Any, _ at: String) {
            if let d = s as? [String: Any] {
                let types = (d["type"] as? [String]) ?? (d["type"] as? String).map { [$0] } ?? []
                if types.contains("object"), d["additionalProperties"] == nil { open.append(at) }
                for (k, v) in d { walk(v, at + "." + k) }
            } else if let a = s as? [Any] {
                for (i, v) in a.enumerated() { walk(v, at + "[\(i)]") }
            }
        }
        walk(components, "components")
        XCTAssertEqual(open, [], "object schemas without additionalProperties")
        XCTAssertEqual(doc["openapi"] as? String, "3.1.1")
        let checker = SchemaChecker(components: components)
        let post = ((doc["paths"] as? [String: Any])?["/api/v1/observations/import"] as? [String: Any])?["post"] as? [String: Any]
        let schema = try XCTUnwrap(((((post?["responses"] as? [String: Any])?["422"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
        XCTAssertEqual(schema["$ref"] as? String, "#/components/schemas/Error", "422 documents the error body")
        let ok = try XCTUnwrap(((((post?["responses"] as? [String: Any])?["200"] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any])
        let r = try await fetch("/api/v1/observations/import?file=x.csv&dryRun=true", method: .post, body: "region,indicator,year,value\n140100,pm25,2025,30\n")
        XCTAssertEqual(r.status, .ok)
        XCTAssertEqual(checker.check(try json(r.body), ok), [])
        let body = try XCTUnwrap(json(r.body) as? [String: Any])
        XCTAssertEqual(body["valid"] as? Int, 1)
        XCTAssertEqual((body["new"] as? Int ?? 0) + (body["changed"] as? Int ?? 0), 1, "the dry run counts what would change")
    }

    func testAssessmentIsTheSameJSONAsTheCLI() async throws {
        let r = try await fetch("/api/v1/assessment?region=140000&year=2025")
        let a = try XCTUnwrap(json(r.body) as? [String: Any])
        XCTAssertEqual(a["region"] as? String, "140000")
        let inds = try XCTUnwrap(a["indicators"] as? [[String: Any]])
        XCTAssertEqual(inds.count, 25)
        XCTAssertEqual(inds.first { $0["indicator"] as? String == "pm25" }?["target"] as? Double, 41)
    }

    func testObservationKeysetPaging() async throws {
        var after: String?
        var seen: [String] = []
        repeat {
            let uri = "/api/v1/observations?region=140100&indicator=pm25&limit=2" + (after.map { "&after=\($0)" } ?? "")
            let text = try await fetch(uri).body
            let page = try XCTUnwrap(json(text) as? [String: Any])
            seen += (page["items"] as? [[String: Any]] ?? []).compactMap { ($0["year"] as? Int).map(String.init) }
            after = page["next"] as? String
        } while after != nil
        XCTAssertEqual(seen, seen.sorted())
        XCTAssertEqual(Set(seen).count, seen.count)
        XCTAssertGreaterThanOrEqual(seen.count, 5)
    }

    func testHealthAndImportEndpoint() async throws {
        let health = try await fetch("/healthz").body
        XCTAssertEqual(health, "ok")
        let r = try await fetch("/api/v1/observations/import?file=x.csv&dryRun=true", method: .post, body: "region,indicator,year,value\n140100,pm25,2026,abc\n")
        XCTAssertEqual(r.status, .unprocessableContent)
        let body = try XCTUnwrap(json(r.body) as? [String: Any])
        XCTAssertEqual(body["problems"] as? [String], ["x.csv:2:4: “abc”不是数值"])
    }
}
