import EcoCore
import EcoServices
import EcoStoreSQLite
import EcoWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// `ecoprov X --format json` and the matching `/api/v1/...` return the same document for the same parameters, on
/// one database: the binary writes and prints, the web application reads the same file.
final class CLIAPIEqualityTests: CLITestCase {
    /// Runs the binary and returns what it printed on standard output.
    @discardableResult
    private func cli(_ args: [String], exit: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try run(args, expectExit: exit, file: file, line: line).out
    }

    private func parse(_ text: String) throws -> NSObject {
        try XCTUnwrap(JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) as? NSObject)
    }

    /// The comparison is deep: one differing number or key anywhere makes two documents unequal.
    func testTheComparisonSeesADifference() throws {
        XCTAssertTrue(try parse(#"[{"a": {"b": [1, 2.5, null]}}]"#).isEqual(try parse(#"[{"a":{"b":[1,2.5,null]}}]"#)))
        XCTAssertFalse(try parse(#"[{"a": {"b": [1, 2.5, null]}}]"#).isEqual(try parse(#"[{"a":{"b":[1,2.51,null]}}]"#)))
        XCTAssertFalse(try parse(#"{"a": 1}"#).isEqual(try parse(#"{"a": 1, "b": null}"#)))
        XCTAssertFalse(try parse(#"{"name": "太原市"}"#).isEqual(try parse(#"{"name": {"zh": "太原市", "en": "Taiyuan City"}}"#)))
    }

    func testEveryResourceIsTheSameDocumentOnTheCLIAndTheAPI() async throws {
        try cli(["init"])
        try cli(["demo"])
        try cli(["condition", "set", "--year", "2025", "--condition", "plan", "--status", "met", "--evidence", "晋政发〔2022〕2号"])
        let air = dir.appendingPathComponent("air").path
        try cli(["demo", "air", "--stations", "22", "--year", "2024", "--out", air])
        try cli(["air", "stations", "import", air + "/stations-2024.csv"])
        try cli(["air", "import", air + "/hourly-2024.csv"], exit: 2)  // the demo file has rows the import must refuse
        let airCLI = try cli(["air", "annual", "--year", "2024", "--format", "json", "--lang", "en"])
        let acc = dir.appendingPathComponent("acc").path
        try cli(["demo", "accounts", "--out", acc])
        for kind in ["energy", "electricity", "gdp"] { try cli(["carbon", "import", acc + "/\(kind).csv", "--kind", kind]) }
        try cli(["gep", "import", acc + "/gep.csv"])
        try cli(["protected", "import", acc + "/protected.csv"])
        try cli(["protected", "outlines", acc + "/protected.geojson"])
        // Delivery: the demo's departments, projects and tasks imported by a province account, and one case.
        _ = try await Services(store: try SQLiteStore(path: db), actor: "same-test").addUser("sheng", role: .provinceReviewer, region: "140000", password: "province password 1")
        let del = dir.appendingPathComponent("delivery").path
        try cli(["demo", "delivery", "--out", del])
        for kind in ["department", "project", "task"] { try cli([kind, "import", del + "/\(kind == "department" ? "departments" : kind + "s").csv", "--user", "sheng"]) }
        try cli(["case", "open", "--title", "某焦化厂无组织排放", "--region", "140100", "--source", "complaint", "--found", "2026-01-05", "--id", "C-EQ-1", "--user", "sheng"])
        try cli(["case", "assign", "C-EQ-1", "--unit", "eeb-140100", "--target", "完成封闭", "--on", "2026-01-06", "--user", "sheng"])

        // Enterprises: the sources registry and the credit demo (penalties, risk registry, plans, incidents).
        let demo = Services(store: try SQLiteStore(path: db), actor: "same-test")
        _ = try await demo.loadSourcesDemo(enterprises: 8, hours: 24, seed: 4)
        _ = try await demo.loadCreditDemo(seed: 4)
        try cli(["credit", "notice", "--year", "2025", "--user", "sheng"])

        let pairs: [([String], String)] = [
            (["assess", "--region", "140100", "--year", "2024", "--format", "json"], "/api/v1/assessment?region=140100&year=2024"),
            (["assess", "--region", "140000", "--year", "2025", "--format", "json", "--framework", "eco-province-2007"],
             "/api/v1/assessment?region=140000&year=2025&framework=eco-province-2007"),
            (["rank", "--level", "city", "--year", "2024", "--format", "json"], "/api/v1/ranking?level=city&year=2024"),
            (["rank", "--level", "county", "--parent", "140100", "--year", "2025", "--format", "json"],
             "/api/v1/ranking?level=county&parent=140100&year=2025"),
            (["progress", "--region", "140100", "--indicator", "pm25", "--format", "json"], "/api/v1/series?region=140100&indicator=pm25"),
            (["readiness", "--year", "2025", "--format", "json"], "/api/v1/readiness?year=2025"),
            (["region", "list", "--level", "county", "--parent", "140100", "--format", "json"], "/api/v1/regions?level=county&parent=140100"),
            (["region", "list", "--all", "--format", "json"], "/api/v1/regions?all=true"),
            (["carbon", "compute", "--year", "2024", "--region", "140100", "--grid-factor", "national", "--format", "json"],
             "/api/v1/carbon/accounts?year=2024&region=140100&grid=national"),
            (["carbon", "peak", "--region", "140000", "--growth", "1.5", "--format", "json", "--lang", "en"], "/api/v1/carbon/peak?region=140000&growth=1.5&lang=en"),
            (["gep", "compute", "--region", "140000", "--year", "2025", "--format", "json"], "/api/v1/gep/accounts?region=140000&year=2025"),
            (["gep", "compute", "--region", "140100", "--year", "2024", "--method", "local", "--format", "json"], "/api/v1/gep/accounts?region=140100&year=2024&method=local"),
            (["protected", "compute", "--year", "2025", "--dry-run", "--format", "json"], "/api/v1/gep/protected?year=2025"),
            (["export", "--format", "json"], "/api/v1/export"),
            (["project", "programmes", "--format", "json"], "/api/v1/programmes"),
            (["project", "list", "--as-of", "2026-06-15", "--format", "json"], "/api/v1/projects?as-of=2026-06-15"),
            (["project", "list", "--as-of", "2026-06-15", "--region", "140100", "--format", "json", "--lang", "en"], "/api/v1/projects?as-of=2026-06-15&region=140100&lang=en"),
            (["task", "list", "--as-of", "2026-06-15", "--format", "json"], "/api/v1/tasks?as-of=2026-06-15"),
            (["case", "list", "--as-of", "2026-02-01", "--format", "json"], "/api/v1/cases?as-of=2026-02-01"),
            (["rank-monthly", "--month", "2024-06", "--format", "json"], "/api/v1/ranking/monthly?month=2024-06"),
            (["rank-monthly", "--month", "2024-06", "--level", "county", "--ytd", "--format", "json"], "/api/v1/ranking/monthly?month=2024-06&level=county&ytd=true"),
            (["accountability", "--month", "2024-06", "--format", "json"], "/api/v1/accountability?month=2024-06"),
            (["reward-penalty", "--month", "2024-06", "--format", "json"], "/api/v1/reward-penalty?month=2024-06"),
            (["export", "--format", "json", "--real-only"], "/api/v1/export?real=true"),
            (["credit", "rate", "--year", "2025", "--format", "json"], "/api/v1/credit?year=2025"),
            (["credit", "rate", "--year", "2025", "--scheme", "national-2013", "--format", "json"], "/api/v1/credit?year=2025&scheme=national-2013"),
            (["credit", "list", "--year", "2025", "--format", "json"], "/api/v1/credit/files?year=2025"),
            (["risk", "list", "--format", "json"], "/api/v1/risk/sources"),
            (["risk", "near", "--lon", "112.55", "--lat", "37.87", "--radius-km", "40", "--format", "json"], "/api/v1/risk/near?lon=112.55&lat=37.87&radius-km=40"),
            (["risk", "plans", "--format", "json"], "/api/v1/risk/plans"),
            // The public's view: published units only (none here), labelled so on both sides.
            (["assess", "--region", "140100", "--year", "2024", "--format", "json", "--view", "published"],
             "/api/v1/assessment?region=140100&year=2024&anonymous"),
            (["rank", "--level", "city", "--year", "2024", "--format", "json", "--view", "published"], "/api/v1/ranking?level=city&year=2024&anonymous"),
        ]
        let outputs = try pairs.map { try cli($0.0) }

        let store = try SQLiteStore(path: db)
        // The console sees every value; on the API that is an account scoped to the province (its token).
        let services = Services(store: store, actor: "same-test")
        _ = try await services.addUser("reader", role: .viewer, region: "140000", password: "reader-password")
        let token = try await services.createToken(for: "reader", label: nil).token
        let web = try WebApp(store: store, actor: "same-test")
        let app = Application(router: web.router())
        let uris = pairs.map(\.1) + ["/api/v1/air/annual?year=2024&lang=en", "/api/v1/readiness?year=2025", "/api/v1/regions?level=county&parent=140100"]
        let answers: [(UInt, String)] = try await app.test(.router) { client in
            var out: [(UInt, String)] = []
            for uri in uris {
                let anonymous = uri.hasSuffix("&anonymous")
                let headers: HTTPFields = anonymous ? [:] : [.authorization: "Bearer \(token)"]
                out.append(try await client.execute(uri: anonymous ? String(uri.dropLast(10)) : uri, method: .get, headers: headers) { r in
                    (UInt(r.status.code), String(buffer: r.body))
                })
            }
            return out
        }
        for (i, ((args, uri), out)) in zip(pairs, outputs).enumerated() {
            XCTAssertEqual(answers[i].0, 200, uri)
            let a = try parse(out), b = try parse(answers[i].1)
            XCTAssertTrue(a.isEqual(b), "ecoprov \(args.joined(separator: " ")) differs from \(uri)")
            if args.first == "assess" || args.first == "rank" {
                XCTAssertTrue(answers[i].1.contains(uri.hasSuffix("&anonymous") ? #""view":"published""# : #""view":"internal""#), uri)
            }
            XCTAssertGreaterThan(answers[i].1.count, 2, uri)
        }
        let airAPI = answers[pairs.count].1
        XCTAssertTrue(try parse(airCLI).isEqual(try parse(airAPI)), "air annual differs between the CLI and the API")
        // The documents hold what they should (so that two empty answers could not pass as equal).
        let rows = try XCTUnwrap(try parse(airAPI) as? [[String: Any]])
        XCTAssertEqual(rows.count, 12, "11 cities and the province")
        XCTAssertEqual(rows.last?["region"] as? String, "140000")
        XCTAssertEqual(rows.first?["name"] as? String, "Taiyuan City")
        let readiness = try XCTUnwrap(try parse(answers[pairs.count + 1].1) as? [String: Any])
        XCTAssertEqual((readiness["conditions"] as? [[String: Any]])?.first { $0["id"] as? String == "plan" }?["status"] as? String, "met")
        let counties = try XCTUnwrap(try parse(answers[pairs.count + 2].1) as? [[String: Any]])
        XCTAssertEqual(counties.count, 10, "Taiyuan's ten counties and districts")

        // The rest of the case's five steps on the command line: the department's account reports, the province
        // verifies and closes; every step is listed with who did it.
        _ = try await services.addUser("taiyuan", role: .cityReporter, region: "140100", password: "city password 1")
        try cli(["case", "verify", "C-EQ-1", "--pass", "--user", "sheng"], exit: 1)  // nothing reported yet
        try cli(["case", "report", "C-EQ-1", "--note", "已封闭料场", "--on", "2026-01-08", "--user", "cli-test"], exit: 1)  // not the department's account
        try cli(["case", "report", "C-EQ-1", "--note", "已封闭料场", "--on", "2026-01-08", "--evidence", "照片-1.jpg", "--user", "taiyuan"])
        try cli(["case", "verify", "C-EQ-1", "--pass", "--on", "2026-01-12", "--user", "sheng"])
        try cli(["case", "close", "C-EQ-1", "--fine", "2.5", "--firms", "1", "--on", "2026-01-13", "--user", "sheng"])
        let shown = try cli(["case", "show", "C-EQ-1"])
        XCTAssertEqual(shown.split(separator: "\n").filter { $0.hasPrefix("  2026-") }.count, 5, shown)
        XCTAssertTrue(shown.contains("2026-01-08 report assigned → rectifying by taiyuan: 已封闭料场 [照片-1.jpg]"), shown)
        XCTAssertTrue(shown.contains("2026-01-13 close verified → closed by sheng"), shown)
        let ranked = try cli(["rank-monthly", "--month", "2024-06"])
        XCTAssertTrue(ranked.contains("best 3: ") && ranked.contains("worst 3: "), ranked)
        let money = try cli(["reward-penalty", "--month", "2024-06"])
        XCTAssertEqual(money.split(separator: "\n").filter { $0.contains("= net") }.count, 11, "one line per city: \(money)")
    }
}
