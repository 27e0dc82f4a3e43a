import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import EcoStore
import Foundation
import Hummingbird
import OpenAPIKit

extension WebApp {
    /// Runs an API handler, turning user errors into JSON errors with the status a client expects.
    func handleAPI(_ request: Request, _ body: (PageRequest) async throws -> Rendered) async throws -> Response {
        try await handle(request, onError: { e, _ in APIResponse.error(e) }, body)
    }

    func region(_ text: String, in s: Snapshot) throws -> Region {
        guard let code = RegionCode(text) else { throw WebError.badRequest("'\(text)' is not a 6-digit division code") }
        guard let r = s.tree[code] else { throw WebError.notFound("unknown division code \(text)") }
        return r
    }

    func required(_ p: PageRequest, _ name: String) throws -> String {
        guard let v = p.query[name], !v.isEmpty else { throw WebError.badRequest("the query parameter '\(name)' is required") }
        return v
    }

    /// A GET route whose handler renders from the request's parameters.
    func get(_ path: String, _ summary: String, _ parameters: [APIParameter], body: JSONSchema, errors: [Int] = [400],
             _ render: @escaping @Sendable (WebApp, PageRequest, WebContext) async throws -> Rendered) -> APIRoute {
        APIRoute(.get, path, summary, parameters: parameters, body: body, errors: errors) { request, context in
            try await self.handleAPI(request) { try await render(self, $0, context) }
        }
    }

    /// The core API: regions, frameworks, indicators, values, assessment, ranking, readiness.
    func coreAPI() -> [APIRoute] {
        let region = APIParameter.query("region", "Division code", Schema.regionCode, required: true)
        return [
            get("/api/v1/overview", "Province overview: naming readiness and the province's assessment",
                [.year, .framework], body: Schema.ref("Overview"), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let year = try p.year(default: s.defaultYear)
                guard let province = s.tree.current(level: .province).first, let a = s.assessment(region: province.code, year: year),
                      let r = s.engine.readiness(year: year, conditions: s.conditions) else {
                    throw WebError.notFound("no province to assess")
                }
                return try APIResponse.json(ViewLabelled(OverviewJSON(assessment: a, readiness: r, synthetic: s.hasSynthetic), view: s.view.view))
            },
            get("/api/v1/regions", "Divisions (same JSON as ecoprov region list --format json)",
                [.query("level", "province, city or county", Schema.oneOf(RegionLevel.self)),
                 .query("parent", "Only the direct children of this code", Schema.regionCode),
                 .query("all", "true to include retired codes", Schema.oneOf(BoolText.self))],
                body: Schema.array(Schema.ref("Region")), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let level = try p.query["level"].map { text -> RegionLevel in
                    guard let l = RegionLevel(rawValue: text) else { throw WebError.badRequest("level must be province, city or county, got '\(text)'") }
                    return l
                }
                let parent = try p.query["parent"].map { try app.region($0, in: s).code }
                return try APIResponse.json(ResourceDocuments.regions(s.tree, level: level, parent: parent, includeRetired: try p.flag("all")))
            },
            get("/api/v1/regions/{code}", "One division with its children and its assessment",
                [.path("code", "Division code"), .year, .framework], body: Schema.ref("RegionDetail"), errors: [400, 404]) { app, p, context in
                let s = try await app.snapshot(p)
                let r = try app.region(context.parameters.get("code") ?? "", in: s)
                let year = try p.year(default: s.defaultYear)
                return try APIResponse.json(ViewLabelled(RegionDetailJSON(region: RegionJSON(r), children: s.tree.children(of: r.code).map(RegionJSON.init),
                                                                          assessment: s.assessment(region: r.code, year: year)), view: s.view.view))
            },
            get("/api/v1/frameworks", "The frameworks (latest versions)", [], body: Schema.array(Schema.ref("FrameworkSummary"))) { app, p, _ in
                let s = try await app.snapshot(p)
                return try APIResponse.json(s.frameworks.map(FrameworkSummaryJSON.init))
            },
            get("/api/v1/frameworks/{id}", "A framework document (the import/export format)",
                [.path("id", "Framework id")], body: Schema.ref("Framework"), errors: [404]) { app, p, context in
                let s = try await app.snapshot(p)
                let id = context.parameters.get("id") ?? ""
                guard let fw = s.frameworks.first(where: { $0.id == id }) else { throw WebError.notFound("unknown framework '\(id)'") }
                return Rendered(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: ByteBuffer(bytes: try FrameworkCoding.encode(fw)))
            },
            get("/api/v1/indicators", "The indicators of a framework", [.framework], body: Schema.array(Schema.ref("Indicator")),
                errors: [404]) { app, p, _ in
                try APIResponse.json(try await app.snapshot(p).framework.orderedIndicators.map(IndicatorJSON.init))
            },
            get("/api/v1/indicators/{id}", "One indicator's definition", [.path("id", "Indicator id"), .framework],
                body: Schema.ref("Indicator"), errors: [404]) { app, p, context in
                let s = try await app.snapshot(p)
                let id = context.parameters.get("id") ?? ""
                guard let ind = s.framework.indicator(id) else { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
                return try APIResponse.json(IndicatorJSON(ind))
            },
            get("/api/v1/observations", "Stored values, filtered, with keyset paging (pass next as after)",
                [.framework, .query("region", "Division code", Schema.regionCode), .query("indicator", "Indicator id"),
                 .query("from", "First year", Schema.year), .query("to", "Last year", Schema.year),
                 .query("real", "true to leave out synthetic demo values", Schema.oneOf(BoolText.self)),
                 .query("after", "Cursor REGION:INDICATOR:YEAR from the previous page"),
                 .query("limit", "Page size, 1–10000 (default 1000)", .integer(maximum: (10_000, exclusive: false), minimum: (1, exclusive: false)))],
                body: Schema.ref("ObservationPage"), errors: [400, 404]) { app, p, _ in try await app.observationsAPI(p) },
            get("/api/v1/export", "Every value of a framework (same JSON as ecoprov export --format json)",
                [.framework, .query("real", "true to leave out synthetic demo values", Schema.oneOf(BoolText.self))],
                body: Schema.array(Schema.ref("Observation")), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let real = try p.flag("real")
                // The snapshot holds the values of the caller's view only.
                let obs = s.observations.values.filter { !real || !$0.synthetic }.sorted { $0.key < $1.key }
                return try APIResponse.json(ResourceDocuments.export(obs))
            },
            APIRoute(.post, "/api/v1/observations/import", "Import a CSV of yearly figures (same validation as ecoprov import)",
                     parameters: [.framework, .query("file", "File name for messages and the audit trail"),
                                  .query("dryRun", "true to validate only", Schema.oneOf(BoolText.self)), .lang],
                     body: Schema.ref("ImportResult"), errors: [400, 401, 403, 404, 409, 413, 415, 422], requestType: "text/csv", access: .report) { request, _ in
                try await self.handleAPI(request) { p in
                    let outcome = try await self.importUpload(try await self.checkedUpload(request), file: p.query["file"] ?? "upload.csv", p: p)
                    return try APIResponse.json(ImportResultJSON(outcome, lang: p.lang), status: outcome.problems.isEmpty ? .ok : .unprocessableContent)
                }
            },
            get("/api/v1/assessment", "Assessment of one region in one year (same JSON as ecoprov assess --format json)",
                [region, .year, .framework], body: Schema.ref("Assessment"), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let r = try app.region(try app.required(p, "region"), in: s)
                let year = try p.year(default: s.defaultYear)
                guard let a = ResourceDocuments.assessment(s.engine, region: r.code, year: year) else { throw WebError.notFound("\(r.code) is not a current region") }
                return try APIResponse.json(ViewLabelled(a, view: s.view.view))
            },
            get("/api/v1/ranking", "Ranking by composite score with rank change (same JSON as ecoprov rank --format json)",
                [.query("level", "city (default) or county", Schema.oneOf(RegionLevel.self)),
                 .query("parent", "Only the regions under this code", Schema.regionCode), .year, .framework],
                body: Schema.array(Schema.ref("RankingRow")), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let year = try p.year(default: s.defaultYear)
                let scope = RankingScope(level: try p.level(default: .city), parent: try p.query["parent"].map { try app.region($0, in: s).code })
                return try APIResponse.json(ResourceDocuments.ranking(s.engine, scope: scope, year: year, view: s.view.view))
            },
            get("/api/v1/series", "The yearly series of one indicator for one region (same JSON as ecoprov progress --format json)",
                [region, .query("indicator", "Indicator id", required: true), .framework],
                body: Schema.array(Schema.ref("SeriesPoint")), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let r = try app.region(try app.required(p, "region"), in: s)
                let id = try app.required(p, "indicator")
                guard s.framework.indicator(id) != nil else { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
                guard let series = ResourceDocuments.series(s.engine, region: r.code, indicator: id, view: s.view.view) else {
                    throw WebError.badRequest("indicator \(id) does not apply at \(r.level.rawValue) level")
                }
                return try APIResponse.json(series)
            },
            get("/api/v1/readiness", "The province's naming readiness (same JSON as ecoprov readiness --format json)",
                [.year, .framework], body: Schema.ref("Readiness"), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let year = try p.year(default: s.defaultYear)
                guard let r = ResourceDocuments.readiness(s.engine, conditions: s.conditions, year: year, view: s.view.view) else {
                    throw WebError.notFound("framework \(s.framework.id) has no eco-city rule or the tree has no province")
                }
                return try APIResponse.json(r)
            },
            get("/api/v1/map", "Choropleth cells of cities or counties",
                [.query("level", "city (default) or county", Schema.oneOf(RegionLevel.self)),
                 .query("indicator", "Indicator id, or composite (default)"), .year, .framework, .lang],
                body: Schema.array(Schema.ref("MapCell")), errors: [400, 404]) { app, p, _ in
                let s = try await app.snapshot(p)
                let year = try p.year(default: s.defaultYear)
                let level = try p.level(default: .city)
                let id = p.query["indicator"] ?? "composite"
                let ind = id == "composite" ? nil : s.framework.indicator(id)
                if id != "composite", ind == nil { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
                let (cells, _) = app.choropleth(s, level: level, indicator: ind, year: year, p: p)
                return try APIResponse.json(cells.map { ViewLabelled(MapCellJSON(region: $0.code.rawValue, name: $0.name, fill: $0.fill, label: $0.label), view: s.view.view) })
            },
        ]
    }

    func observationsAPI(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let q = p.params
        let limit = try q.integer("limit", in: 1...10_000, default: 1000)
        let years = try q.yearRange()
        let region = try p.query["region"].map { try self.region($0, in: s).code }
        let indicator = q["indicator"]
        if let indicator, s.framework.indicator(indicator) == nil { throw WebError.notFound("indicator '\(indicator)' is not in framework \(s.framework.id)") }
        let after = try q.cursor(framework: s.framework.id)
        let items = try await site.store.observations(ObservationQuery(
            framework: s.framework.id, region: region, indicator: indicator, years: years,
            includeSynthetic: !(try p.flag("real")), after: after, limit: limit))
        let next = items.count == limit ? items.last.map { "\($0.key.region.rawValue):\($0.key.indicator):\($0.key.year)" } : nil
        // Only the values of the caller's view (a page may come out shorter than the limit; `next` still goes on).
        let visible = items.filter { s.observations[$0.key] != nil }
        return try APIResponse.json(ObservationPageJSON(items: visible.map(ObservationJSON.init), next: next, view: s.view.view.rawValue))
    }
}

/// `true` / `false` in a query.
enum BoolText: String, CaseIterable { case `true`, `false` }

/// `/api/v1/regions/{code}`.
struct RegionDetailJSON: CompleteKeysEncodable, Sendable {
    let region: RegionJSON
    let children: [RegionJSON]
    let assessment: RegionAssessment?
}

/// One row of `/api/v1/frameworks`.
struct FrameworkSummaryJSON: Encodable {
    let id: String
    let version: Int
    let name: LocalizedText
    let indicators: Int
    let basicConditions: Int
    let baseYear: Int
    let milestones: [Int]

    init(_ f: Framework) {
        id = f.id
        version = f.version
        name = f.name
        indicators = f.indicators.count
        basicConditions = f.basicConditions.count
        baseYear = f.baseYear
        milestones = f.milestones
    }
}

/// `/api/v1/observations`.
struct ObservationPageJSON: CompleteKeysEncodable {
    let items: [ObservationJSON]
    let next: String?
    let view: String
}

/// One cell of `/api/v1/map`.
struct MapCellJSON: Encodable, Sendable {
    let region: String
    let name: String
    let fill: String
    let label: String
}
