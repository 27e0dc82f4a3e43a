import EcoCore
import EcoStandards
import EcoStore
import Foundation
import Hummingbird

extension WebApp {
    /// Runs an API handler, turning user errors into JSON errors with the status a client expects.
    func handleAPI(_ request: Request, _ body: (PageRequest) async throws -> Rendered) async throws -> Response {
        let p = PageRequest(request)
        return try await cached(request, p) {
            do {
                return try await body(p)
            } catch let e as WebError {
                return APIJSON.error(e)
            }
        }.response
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

    func addAPI(to router: Router<BasicRequestContext>) {
        let api = router.group("api/v1")
        api.get("openapi.json") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: self.resources.openAPI)))
        }
        api.get("overview") { request, _ in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let year = try p.year(default: s.defaultYear)
                guard let province = s.tree.current(level: .province).first, let a = s.assessment(region: province.code, year: year),
                      let r = s.engine.readiness(year: year, conditions: s.conditions) else { throw WebError.notFound("no province to assess") }
                return try APIJSON.response(OverviewJSON(assessment: a, readiness: r, synthetic: s.hasSynthetic))
            }
        }
        api.get("regions") { request, _ in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let level = try p.query["level"].map { text -> RegionLevel in
                    guard let l = RegionLevel(rawValue: text) else { throw WebError.badRequest("level must be province, city or county, got '\(text)'") }
                    return l
                }
                let parent = try p.query["parent"].map { try self.region($0, in: s).code }
                let regions = s.tree.current(level: level, parent: parent)
                return try APIJSON.response(regions.map(RegionJSON.init))
            }
        }
        api.get("regions/:code") { request, context in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let r = try self.region(context.parameters.get("code") ?? "", in: s)
                let year = try p.year(default: s.defaultYear)
                struct Body: Encodable { let region: RegionJSON; let children: [RegionJSON]; let assessment: RegionAssessment? }
                return try APIJSON.response(Body(region: RegionJSON(r), children: s.tree.children(of: r.code).map(RegionJSON.init),
                                                 assessment: s.assessment(region: r.code, year: year)))
            }
        }
        api.get("frameworks") { request, _ in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                struct Row: Encodable { let id: String; let version: Int; let name: LocalizedText; let indicators: Int; let basicConditions: Int; let baseYear: Int; let milestones: [Int] }
                return try APIJSON.response(s.frameworks.map {
                    Row(id: $0.id, version: $0.version, name: $0.name, indicators: $0.indicators.count, basicConditions: $0.basicConditions.count,
                        baseYear: $0.baseYear, milestones: $0.milestones)
                })
            }
        }
        api.get("frameworks/:id") { request, context in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let id = context.parameters.get("id") ?? ""
                guard let fw = s.frameworks.first(where: { $0.id == id }) else { throw WebError.notFound("unknown framework '\(id)'") }
                return Rendered(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                                body: ByteBuffer(bytes: try FrameworkCoding.encode(fw)))
            }
        }
        api.get("indicators") { request, _ in
            try await self.handleAPI(request) { p in
                try APIJSON.response(try await self.snapshot(p).framework.orderedIndicators.map(IndicatorJSON.init))
            }
        }
        api.get("indicators/:id") { request, context in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let id = context.parameters.get("id") ?? ""
                guard let ind = s.framework.indicator(id) else { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
                return try APIJSON.response(IndicatorJSON(ind))
            }
        }
        api.get("observations") { request, _ in try await self.handleAPI(request) { try await self.observationsAPI($0) } }
        api.post("observations/import") { request, _ in
            let body = try await request.body.collect(upTo: 50 << 20)
            return try await self.handleAPI(request) { p in
                let outcome = try await self.importUpload(Data(buffer: body), file: p.query["file"] ?? "upload.csv", p: p)
                struct Out: Encodable { let ok: Bool; let dryRun: Bool; let rows: Int; let inserted: Int; let updated: Int; let unchanged: Int; let problems: [String] }
                return try APIJSON.response(Out(ok: outcome.problems.isEmpty, dryRun: outcome.dryRun, rows: outcome.rows,
                                                inserted: outcome.summary.inserted, updated: outcome.summary.updated,
                                                unchanged: outcome.summary.unchanged, problems: outcome.problems),
                                            status: outcome.problems.isEmpty ? .ok : .unprocessableContent)
            }
        }
        api.get("assessment") { request, _ in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let r = try self.region(try self.required(p, "region"), in: s)
                let year = try p.year(default: s.defaultYear)
                guard let a = s.assessment(region: r.code, year: year) else { throw WebError.notFound("\(r.code) is not a current region") }
                return try APIJSON.response(a)
            }
        }
        api.get("ranking") { request, _ in try await self.handleAPI(request) { try await self.rankingAPI($0) } }
        api.get("series") { request, _ in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let r = try self.region(try self.required(p, "region"), in: s)
                let id = try self.required(p, "indicator")
                guard s.framework.indicator(id) != nil else { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
                guard let series = s.engine.progressSeries(region: r.code, indicator: id) else {
                    throw WebError.badRequest("indicator \(id) does not apply at \(r.level.rawValue) level")
                }
                return try APIJSON.response(series.map(SeriesPointJSON.init))
            }
        }
        api.get("map") { request, _ in
            try await self.handleAPI(request) { p in
                let s = try await self.snapshot(p)
                let year = try p.year(default: s.defaultYear)
                let level = try p.level(default: .city)
                let id = p.query["indicator"] ?? "composite"
                let ind = id == "composite" ? nil : s.framework.indicator(id)
                if id != "composite", ind == nil { throw WebError.notFound("indicator '\(id)' is not in framework \(s.framework.id)") }
                let (cells, _) = self.choropleth(s, level: level, indicator: ind, year: year, p: p)
                struct Cell: Encodable { let region: String; let name: String; let fill: String; let label: String }
                return try APIJSON.response(cells.map { Cell(region: $0.code.rawValue, name: $0.name, fill: $0.fill, label: $0.label) })
            }
        }
    }

    func observationsAPI(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let limit = try p.query["limit"].map { text -> Int in
            guard let n = Int(text), (1...10_000).contains(n) else { throw WebError.badRequest("limit must be 1–10000, got '\(text)'") }
            return n
        } ?? 1000
        func year(_ name: String) throws -> Int? {
            try p.query[name].map { text in
                guard let y = Int(text) else { throw WebError.badRequest("\(name) must be a year, got '\(text)'") }
                return y
            }
        }
        let from = try year("from"), to = try year("to")
        let region = try p.query["region"].map { try self.region($0, in: s).code }
        let indicator = p.query["indicator"]
        if let indicator, s.framework.indicator(indicator) == nil { throw WebError.notFound("indicator '\(indicator)' is not in framework \(s.framework.id)") }
        // The cursor is the key of the last item of the previous page: REGION:INDICATOR:YEAR.
        var after: ObservationKey?
        if let cursor = p.query["after"] {
            let parts = cursor.split(separator: ":").map(String.init)
            guard parts.count == 3, let code = RegionCode(parts[0]), let y = Int(parts[2]) else {
                throw WebError.badRequest("after must be a cursor REGION:INDICATOR:YEAR from a previous page, got '\(cursor)'")
            }
            after = ObservationKey(framework: s.framework.id, indicator: parts[1], region: code, year: y)
        }
        let items = try await site.store.observations(ObservationQuery(
            framework: s.framework.id, region: region, indicator: indicator,
            years: (from != nil || to != nil) ? (from ?? ValueRules.years.lowerBound)...(to ?? ValueRules.years.upperBound) : nil,
            includeSynthetic: p.query["real"] != "true", after: after, limit: limit))
        struct Page: Encodable { let items: [ObservationJSON]; let next: String? }
        let next = items.count == limit ? items.last.map { "\($0.key.region.rawValue):\($0.key.indicator):\($0.key.year)" } : nil
        return try APIJSON.response(Page(items: items.map(ObservationJSON.init), next: next))
    }

    func rankingAPI(_ p: PageRequest) async throws -> Rendered {
        let s = try await snapshot(p)
        let year = try p.year(default: s.defaultYear)
        let level = try p.level(default: .city)
        let parent = try p.query["parent"].map { try self.region($0, in: s).code }
        func scope(_ list: [RegionAssessment]) -> [RegionAssessment] {
            list.filter { a in a.level == level && (parent == nil || s.tree.lineage(of: a.region).dropFirst().contains { $0.code == parent }) }
        }
        let table = Ranking.table(current: scope(s.assessAll(year: year)), previous: scope(s.assessAll(year: year - 1)))
        struct Row: Encodable {
            let rank: Int; let region: String; let name: LocalizedText; let composite: Double?; let coverage: Double
            let attained: Int; let applicable: Int; let vetoed: Bool; let previousRank: Int?; let rankChange: Int?
        }
        return try APIJSON.response(table.map { e in
            Row(rank: e.rank, region: e.assessment.region.rawValue, name: s.tree[e.assessment.region]?.name ?? LocalizedText(zh: "", en: ""),
                composite: e.assessment.composite, coverage: e.assessment.coverage, attained: e.assessment.attainedCount,
                applicable: e.assessment.indicators.count, vetoed: e.assessment.vetoed, previousRank: e.previousRank, rankChange: e.rankChange)
        })
    }
}

struct SeriesPointJSON: Encodable {
    let point: ProgressPoint
    init(_ p: ProgressPoint) { point = p }
    private enum Keys: String, CodingKey { case year, value, level, derived, milestone, target, expected, forecast }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(point.year, forKey: .year)
        try c.encode(point.value?.number, forKey: .value)
        try c.encode(point.value?.number == nil ? point.value?.description : nil, forKey: .level)
        try c.encode(point.derivedFromChildren, forKey: .derived)
        try c.encode(point.milestone, forKey: .milestone)
        var t: Double?
        if case .threshold(let v)? = point.target { t = v }
        try c.encode(t, forKey: .target)
        try c.encode(point.expected, forKey: .expected)
        try c.encode(point.forecast, forKey: .forecast)
    }
}

struct OverviewJSON: Encodable {
    let assessment: RegionAssessment
    let readiness: Readiness
    let synthetic: Bool

    private enum Keys: String, CodingKey { case year, framework, synthetic, ready, indicatorsAttained, indicatorCount, conditionsMet, conditionCount, citiesMeeting, cityCount, requiredShare, assessment }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(readiness.year, forKey: .year)
        try c.encode(assessment.framework, forKey: .framework)
        try c.encode(synthetic, forKey: .synthetic)
        try c.encode(readiness.ready, forKey: .ready)
        try c.encode(readiness.indicatorsAttained, forKey: .indicatorsAttained)
        try c.encode(readiness.indicatorCount, forKey: .indicatorCount)
        try c.encode(readiness.conditionsMet, forKey: .conditionsMet)
        try c.encode(readiness.conditions.count, forKey: .conditionCount)
        try c.encode(readiness.citiesMeeting, forKey: .citiesMeeting)
        try c.encode(readiness.cities.count, forKey: .cityCount)
        try c.encode(readiness.requiredShare, forKey: .requiredShare)
        try c.encode(assessment, forKey: .assessment)
    }
}
