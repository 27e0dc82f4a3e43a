import EcoCore
import EcoEnterprise
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird
import OpenAPIKit

/// The enterprise documents of a request (issue #17), the same as the CLI's `credit rate|list` and `risk
/// list|near|plans` with `--format json`; the pages and the API both read them from here. Credit files and the risk
/// registry are internal: every route needs an account.
extension WebApp {
    /// The rating year of a request: `year`, else last year (a year is rated once it is over).
    func creditYear(_ p: PageRequest) throws -> Int { try p.params.year(default: services.today.year - 1) }

    /// `/api/v1/credit`: the year's ratings by a scheme (`scheme`, else the one in force that year).
    func creditDocument(_ p: PageRequest) async throws -> CreditDocument {
        let year = try creditYear(p)
        let scheme = try await services.creditScheme(p.params["scheme"], year: year)
        let ratings = try await services.rateCredit(year: year, scheme: scheme.id)
        return CreditDocument(year: year, scheme: scheme.id, schemeVersion: scheme.version, ratings: ratings, reconstructed: scheme.reconstructed)
    }

    /// `/api/v1/risk/near`: around `lon`/`lat` or an `incident`, within `radius-km` (default 10).
    func riskNearDocument(_ p: PageRequest) async throws -> (Incident?, [NearbyItem]) {
        let radius = try p.params.number("radius-km", in: 0.001...500) ?? 10
        if let id = p.params["incident"] {
            let (i, items) = try await services.riskNear(incident: id, radiusKm: radius)
            return (i, items)
        }
        guard let lon = try p.params.number("lon", in: -180...180), let lat = try p.params.number("lat", in: -90...90) else {
            throw WebError.badRequest("give lon and lat, or incident")
        }
        return (nil, try await services.riskNear(lon: lon, lat: lat, radiusKm: radius))
    }

    func enterpriseAPI() -> [APIRoute] {
        let year = APIParameter.query("year", "The year rated (default: last year)", Schema.year)
        func route(_ path: String, _ summary: String, _ parameters: [APIParameter], _ body: JSONSchema, errors: [Int] = [400, 401],
                   _ render: @escaping @Sendable (WebApp, PageRequest) async throws -> Rendered) -> APIRoute {
            APIRoute(.get, path, summary, parameters: parameters, body: body, errors: errors, access: .signedIn) { request, _ in
                try await self.handleAPI(request) { try await render(self, $0) }
            }
        }
        return [
            route("/api/v1/credit", "Each registered enterprise's credit rating for a year with every deduction traced to its record (same JSON as ecoprov credit rate --format json)",
                  [year, .query("scheme", "A credit scheme id (default: the scheme in force that year)")], Schema.ref("CreditDocument"), errors: [400, 401, 404]) { app, p in
                try APIResponse.json(try await app.creditDocument(p))
            },
            route("/api/v1/credit/files", "The year's rating files: stage, notice days, objections and repairs (same JSON as ecoprov credit list --format json)",
                  [year], Schema.array(Schema.ref("CreditFile"))) { app, p in
                try APIResponse.json(try await app.services.creditFiles(year: try app.creditYear(p)))
            },
            route("/api/v1/risk/sources", "Every risk source with its HJ 941-2018 level and the arithmetic (same JSON as ecoprov risk list --format json)",
                  [], Schema.array(Schema.ref("RiskClassification")), errors: [401]) { app, _ in
                try APIResponse.json(try await app.services.classifyRiskSources())
            },
            route("/api/v1/risk/near", "Risk sources and sensitive targets within a radius of a point or an incident, and the nearest emergency resources (same JSON as ecoprov risk near --format json)",
                  [.query("lon", "Longitude, degrees east", Schema.number), .query("lat", "Latitude, degrees north", Schema.number),
                   .query("incident", "An incident's id instead of lon and lat"), .query("radius-km", "The radius in km, above 0 and at most 500 (default 10)", Schema.number)],
                  Schema.array(Schema.ref("NearbyItem"))) { app, p in
                try APIResponse.json(try await app.riskNearDocument(p).1)
            },
            route("/api/v1/risk/plans", "Emergency plans by expiry: expired, expiring within the warning days, valid (same JSON as ecoprov risk plans --format json)",
                  [.query("within-days", "Days before expiry to warn, 1–3650 (default 90)", Schema.integer)], Schema.array(Schema.ref("PlanExpiry"))) { app, p in
                try APIResponse.json(try await app.services.planExpiries(warningDays: try p.params.integer("within-days", in: 1...3650, default: Services.planWarningDays)))
            },
        ]
    }
}
