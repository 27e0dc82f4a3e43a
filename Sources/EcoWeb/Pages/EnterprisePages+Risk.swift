import EcoCore
import EcoEnterprise
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird

extension WebApp {
    /// The risk page: the map with its four layers, the query around a point or an incident (a printable list
    /// with distances, the same `riskNear` as the CLI and the API), the sources with their HJ 941 levels, and the
    /// emergency plans by expiry.
    func riskPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let rules = try services.riskRules()
        let sources = try await services.riskSources(), classes = try await services.classifyRiskSources()
        let level = Dictionary(classes.map { ($0.source, $0.level) }, uniquingKeysWith: { a, _ in a })
        let targets = try await services.sensitiveTargets(), stocks = try await services.emergencyResources()
        let incidents = try await services.incidents().sorted { $0.time > $1.time }
        let asked = p.params["incident"] != nil || p.params["lon"] != nil
        var near: [NearbyItem] = [], centre: GeoPoint? = nil, incident: Incident? = nil
        let radius = try p.params.number("radius-km", in: 0.001...500) ?? 10
        if asked {
            let (i, items) = try await riskNearDocument(p)
            near = items
            incident = i
            let lon = try p.params.number("lon", in: -180...180) ?? 0, lat = try p.params.number("lat", in: -90...90) ?? 0
            centre = i?.location ?? GeoPoint(lon: lon, lat: lat)
        }
        var marks = sources.map { RiskMap.Mark(layer: "sources", id: $0.id, name: $0.name, point: $0.location, fill: RiskMap.levelColours[level[$0.id] ?? ""] ?? "#888888") }
        marks += targets.map { RiskMap.Mark(layer: "targets", id: $0.id, name: $0.name, point: $0.location, fill: "#1a9850") }
        marks += stocks.map { RiskMap.Mark(layer: "resources", id: $0.id, name: $0.name, point: $0.location, fill: "#2b6cb0") }
        marks += incidents.map { RiskMap.Mark(layer: "incidents", id: $0.id, name: $0.kind, point: $0.location, fill: "#6b21a8") }
        let names = Dictionary(sources.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let plans = try await services.planExpiries()
        let ctx: [String: Any] = [
            "map": RiskMap.svg(marks, centre: centre, radiusKm: asked ? radius : nil, title: resources.t("risk_title", lang)),
            "hasMap": !marks.isEmpty,
            "legend": rules.levels.keys.sorted { ["general", "larger", "major"].firstIndex(of: $0) ?? 9 < ["general", "larger", "major"].firstIndex(of: $1) ?? 9 }
                .map { ["name": rules.levels[$0]?[lang] ?? $0, "colour": RiskMap.levelColours[$0] ?? "#888888"] },
            "counts": ["sources": sources.count, "targets": targets.count, "resources": stocks.count, "incidents": incidents.count],
            "asked": asked, "radius": NumberText.shortest(radius), "lon": p.params["lon"] ?? "", "lat": p.params["lat"] ?? "",
            "incidentAsked": Self.shown(incident.map { "\($0.id) \($0.time) \($0.level.label[lang]) \($0.kind)" } ?? ""),
            "near": near.map { n in
                ["category": resources.t("risk_cat_" + n.category, lang), "id": n.id, "name": n.name,
                 "kind": n.category == "source" ? rules.levels[n.kind]?[lang] ?? n.kind : n.kind, "km": NumberText.fixed(n.distanceKm, decimals: 2)]
            },
            "incidents": incidents.prefix(30).map { i in
                ["id": i.id, "time": i.time, "level": i.level.label[lang], "kind": i.kind, "response": i.response, "enterprise": i.enterprise ?? "—",
                 "href": p.link("/risk", [("incident", i.id), ("radius-km", NumberText.shortest(radius))])]
            },
            "sources": classes.map { c in
                ["id": c.source, "name": names[c.source] ?? "", "level": rules.levels[c.level]?[lang] ?? c.level, "levelKey": c.level,
                 "air": rules.levels[c.airLevel]?[lang] ?? c.airLevel, "water": rules.levels[c.waterLevel]?[lang] ?? c.waterLevel, "arithmetic": c.arithmetic]
            },
            "plans": plans.map { e in
                ["id": e.plan.id, "enterprise": e.plan.enterprise, "level": e.plan.level.label[lang], "filed": e.plan.filed.description,
                 "expires": e.plan.expires.description, "daysLeft": e.daysLeft, "status": resources.t("plan_" + e.status, lang), "late": e.status != "valid"]
            },
            "reconstructed": Self.reconstructedNames([rules.matrix, ].map { "HJ 941-2018 E×Q×M — " + $0.source }),
            "json": "/api/v1/risk/sources", "plansJson": "/api/v1/risk/plans", "enterpriseNav": enterpriseNav(p, active: "/risk"),
            "nearJson": asked ? (incident.map { "/api/v1/risk/near?incident=\($0.id)&radius-km=\(NumberText.shortest(radius))" }
                                 ?? "/api/v1/risk/near?lon=\(p.params["lon"] ?? "")&lat=\(p.params["lat"] ?? "")&radius-km=\(NumberText.shortest(radius))") : "",
        ]
        let synthetic = sources.contains(where: \.synthetic) || targets.contains(where: \.synthetic)
        return page("risk", title: resources.t("risk_title", lang), context: ctx, p: p, active: "/credit", synthetic: synthetic)
    }
}
