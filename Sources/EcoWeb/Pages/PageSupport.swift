import EcoAir
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import Foundation
public import Hummingbird

/// An error a request can cause, with the HTTP status a client expects (never 500 for user input).
public struct WebError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var message: String

    /// 400 with a message.
    public static func badRequest(_ m: String) -> WebError { WebError(status: .badRequest, message: m) }
    /// 404 with a message.
    public static func notFound(_ m: String) -> WebError { WebError(status: .notFound, message: m) }

    /// The answer to a request the services refuse: unknown things are 404, the rest 400.
    static func from(_ e: ServiceError) -> WebError {
        switch e {
        case .unknownFramework: return .notFound(e.description)
        case .badRegion(let text): return RegionCode(text) == nil ? .badRequest(e.description) : .notFound(e.description)
        case .invalid: return .badRequest(e.description)
        case .forbidden: return WebError(status: .forbidden, message: e.description)
        case .conflict: return WebError(status: .conflict, message: e.description)
        }
    }
}

/// The parameters every page reads, parsed and checked once.
struct PageRequest {
    let lang: Language
    let query: [String: String]
    let path: String
    /// Who asks (the viewer of the request being handled).
    let viewer: Viewer

    init(_ request: Request) {
        var q: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { q[String(k)] = String(v) }
        query = q
        lang = Language(tag: q["lang"] ?? "zh")
        path = request.uri.path
        viewer = Viewer.current
    }

    /// True when the request asks for the internal view explicitly (`view=internal`).
    static func wantsInternal(_ request: Request) -> Bool {
        request.uri.queryParameters["view"].map { String($0) } == DataView.internal.rawValue
    }

    /// The view asked for: published without an account or with `view=published`, else internal.
    var view: DataView {
        guard viewer.account != nil else { return .published }
        return query["view"] == DataView.published.rawValue ? .published : .internal
    }

    var frameworkId: String { query["framework"] ?? Services.defaultFramework }

    /// A `true`/`false` parameter (absent = false).
    func flag(_ name: String) throws -> Bool { try params.flag(name) }

    /// The typed parameters.
    var params: QueryParameters { QueryParameters(query) }

    /// The `year` parameter, `default` when absent.
    func year(default d: Int) throws -> Int { try params.year(default: d) }

    /// The `level` parameter, `default` when absent.
    func level(default d: RegionLevel) throws -> RegionLevel { try params.level(default: d) }

    /// An optional region parameter (`parent`, `city`): nil when absent or empty; a code that is not a stored region
    /// (or not of `level`, when given) is refused with 404.
    func region(_ name: String, in tree: RegionTree, level: RegionLevel? = nil) throws -> RegionCode? {
        guard let text = query[name], !text.isEmpty else { return nil }
        guard let c = RegionCode(text), let r = tree[c], level == nil || r.level == level else {
            throw WebError.notFound("unknown division code \(text.prefix(20))")
        }
        return c
    }

    /// A link that keeps the language.
    func link(_ path: String, _ params: [(String, String)] = []) -> String {
        var items = params
        if lang == .en { items.append(("lang", "en")) }
        guard !items.isEmpty else { return path }
        let q = items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0.1)" }.joined(separator: "&")
        return path + (path.contains("?") ? "&" : "?") + q
    }

    /// The same page in the other view (signed-in readers).
    var viewSwitch: String {
        var items = query.filter { $0.key != "view" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        items.append(("view", view == .published ? DataView.internal.rawValue : DataView.published.rawValue))
        return path + "?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0.1)" }.joined(separator: "&")
    }

    /// The same page in the other language.
    var languageSwitch: String {
        var items = query.filter { $0.key != "lang" }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if lang == .zh { items.append(("lang", "en")) }
        guard !items.isEmpty else { return path }
        return path + "?" + items.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0.1)" }.joined(separator: "&")
    }
}

/// Page-only wording (figures are formatted by `DisplayFormat`, shared with the CLI).
enum Format {
    static func direction(_ d: Direction, _ r: WebResources, _ lang: Language) -> String {
        switch d {
        case .higher: return r.t("higher", lang)
        case .lower: return r.t("lower", lang)
        case .range: return r.t("range_dir", lang)
        case .level: return r.t("level_dir", lang)
        }
    }
}

extension WebApp {
    /// The year options of a selector: base year to the last milestone.
    func yearOptions(_ s: Snapshot, selected: Int) -> [[String: Any]] {
        let last = s.framework.milestones.last ?? s.framework.baseYear
        return (s.framework.baseYear...last).map { ["year": $0, "selected": $0 == selected] }
    }

    /// One row of an indicator table (overview and region pages): the year's value (or the latest earlier one with
    /// its year), the status, each milestone's target with its result (reached) or outlook (ahead), and — when
    /// `lag` is given — how many of the region's children lag on it, linked to their values.
    func indicatorRow(_ a: IndicatorAssessment, region: RegionCode, year: Int, s: Snapshot, p: PageRequest,
                      lag: (children: Int, laggards: Laggards)? = nil) -> [String: Any]? {
        guard let ind = s.framework.indicator(a.indicator) else { return nil }
        let lang = p.lang
        let shownYear = a.value == nil ? (a.latestYear ?? year) : year
        let obs = s.observations[ObservationKey(framework: s.framework.id, indicator: ind.id, region: region, year: shownYear)]
        var spark = ""
        if ind.direction != .level, year >= s.framework.baseYear {
            let points = (s.framework.baseYear...year).map { y -> (year: Int, value: Double?) in
                (y, s.observations[ObservationKey(framework: s.framework.id, indicator: ind.id, region: region, year: y)].flatMap { $0.isIncomplete ? nil : $0.value.number })
            }
            spark = Charts.sparkline(points, colour: a.status.isLagging ? "#d73027" : "#2b6cb0")
        }
        let certainty = obs?.certainty.map { $0 == .documented ? "" : $0.rawValue } ?? ""
        let milestones: [[String: Any]] = a.milestones.map { m in
            let badge: (colour: String, icon: String), label: String
            if let r = m.result {
                badge = MilestoneBadge.of(r)
                label = r.label[lang]
            } else {
                badge = MilestoneBadge.of(m.outlook)
                label = m.outlook?.label[lang] ?? resources.t("outlook_unknown", lang)
            }
            var title = ""
            if let f = m.forecastValue { title = "\(resources.t("forecast", lang)) \(m.milestone): \(NumberText.fixed(f, decimals: ind.decimals))" }
            if let c = m.requiredAnnualChange { title += (title.isEmpty ? "" : " · ") + "\(resources.t("required_change", lang)) \(NumberText.fixed(c, decimals: ind.decimals))/\(resources.t("per_year", lang))" }
            return ["milestone": m.milestone, "target": m.target.map { DataText.levels(DisplayFormat.target($0, ind), lang) } ?? "—", "colour": badge.colour,
                    "icon": badge.icon, "label": m.target == nil ? resources.t("no_target", lang) : label, "title": title,
                    "reached": m.result != nil]
        }
        var row: [String: Any] = [
            "id": ind.id, "number": ind.number, "name": ind.name[lang], "unit": (a.value ?? a.latestValue) == nil ? "" : DataText.unit(ind.unit, lang),
            "href": p.link("/indicators/\(ind.id)", [("framework", s.framework.id), ("year", String(year))]),
            "value": DataText.levels(DisplayFormat.value(a.value ?? a.latestValue, ind), lang), "sortValue": (a.value ?? a.latestValue)?.number.map { String($0) } ?? "",
            "valueYear": a.value == nil && a.latestYear != nil ? "\(a.latestYear ?? year)" : false,
            "derived": a.derivedFromChildren.map { "\(resources.t("derived", lang)) \($0)" } ?? false,
            "synthetic": obs?.synthetic ?? false, "incomplete": a.incompleteNote.map { DataText.short($0, lang) } ?? false,
            "incompleteTitle": a.incompleteNote.map { DataText.localize($0, lang) } ?? "",
            "certaintyNote": certainty.isEmpty ? false : certainty, "certaintyTitle": obs?.certainty?.label[lang] ?? "",
            "expected": NumberText.fixed(a.expected, decimals: ind.decimals),
            "status": a.status.label[lang], "statusKey": AssessmentStatus.allCases.firstIndex(of: a.status) ?? 0,
            "colour": StatusColour.of(a.status), "spark": spark, "milestones": milestones,
        ]
        if lag != nil { row["lagNone"] = true }
        if let lag, let entry = lag.laggards.indicators.first(where: { $0.indicator == ind.id }) {
            row["lagNone"] = false
            let names = entry.lagging.compactMap { s.tree[$0]?.name[lang] }
            row["lag"] = ["count": entry.lagging.count, "of": lag.children, "missing": entry.missing.count, "hasMissing": !entry.missing.isEmpty,
                          "names": names.joined(separator: "、"), "class": entry.lagging.isEmpty ? "ok" : "no",
                          "href": p.link("/indicators/\(ind.id)", [("framework", s.framework.id), ("year", String(year)),
                                                                  ("parent", region.rawValue)]) + "#values"] as [String: Any]
        }
        return row
    }
}
