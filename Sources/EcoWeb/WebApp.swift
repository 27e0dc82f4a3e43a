import EcoAir
import EcoCore
import EcoIngest
import EcoPresent
public import EcoServices
public import Foundation
public import Hummingbird
import Logging
import Mustache

/// The web application: pages rendered on the server, the JSON API, static files. Built around one `SiteData`
/// (cached snapshots of the store) and the shipped `WebResources`.
public struct WebApp: Sendable {
    /// Templates, strings and static files.
    public let resources: WebResources
    /// Snapshots of the store.
    public let site: SiteData
    /// The use cases, acting as `actor`.
    public let services: Services
    /// Who the server acts as in the audit trail.
    public var actor: String { services.actor }
    let responses = ResponseCache()
    let revisions = RevisionClock()
    /// The OpenAPI document, built once from the API routes (after the routes can be listed, hence the box).
    private let openAPIBox = TextBox()
    /// The OpenAPI document as JSON text.
    public var openAPI: String { openAPIBox.text }

    /// The application over a store; writes are audited as `actor`, stamped by `clock`.
    public init(store: any ServiceStore, actor: String = "web", clock: @escaping @Sendable () -> Date = { Date() }) throws {
        resources = try WebResources.load()
        site = SiteData(store: store)
        services = Services(store: store, actor: actor, clock: clock)
        openAPIBox.text = try OpenAPIDocument.json(apiRoutes())
    }

    /// Every API route, domain by domain: the router serves them and the OpenAPI document describes them.
    func apiRoutes() -> [APIRoute] { coreAPI() + [openAPIRoute] + airAPI() + waterAPI() }

    /// `/api/v1/openapi.json`.
    var openAPIRoute: APIRoute {
        APIRoute(.get, "/api/v1/openapi.json", "This document", body: .object(description: "The OpenAPI 3.1 document"), errors: []) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: self.openAPI)))
        }
    }

    /// A domain's route collection: its pages, and its API routes registered from their table.
    func domainRoutes(pages: RouteCollection<BasicRequestContext>, api: [APIRoute]) -> RouteCollection<BasicRequestContext> {
        for r in api {
            if r.method == .post { pages.upload(RouterPath(r.routerPath), use: r.handler) } else { pages.page(RouterPath(r.routerPath), use: r.handler) }
        }
        return pages
    }

    func snapshot(_ p: PageRequest) async throws -> Snapshot {
        guard let s = try await site.snapshot(framework: p.frameworkId) else {
            throw WebError.notFound("unknown framework '\(p.frameworkId)'")
        }
        return s
    }

    /// Renders a page template inside the layout.
    func page(_ template: String, title: String, context: [String: Any], p: PageRequest, active: String, synthetic: Bool) -> Rendered {
        var ctx = context
        ctx["t"] = resources.strings[p.lang] ?? [:]
        ctx["en"] = p.lang == .en
        ctx["lang"] = p.lang.rawValue
        let content = resources.library.render(ctx, withTemplate: template) ?? ""
        let nav: [[String: Any]] = [("/", "nav_overview"), ("/map", "nav_map"), ("/indicators", "nav_indicators"), ("/ranking", "nav_ranking"),
                                    ("/frameworks", "nav_frameworks"), ("/air", "nav_air"), ("/water", "nav_water"), ("/data", "nav_data")].map { path, key in
            ["href": p.link(path), "label": resources.t(key, p.lang), "active": path == active]
        }
        let layout: [String: Any] = ["t": ctx["t"] ?? [:], "title": title, "content": content, "nav": nav, "home": p.link("/"),
                                     "langSwitch": p.languageSwitch, "synthetic": synthetic,
                                     "htmlLang": p.lang == .zh ? "zh-CN" : "en"]
        return html(resources.library.render(layout, withTemplate: "layout") ?? "")
    }

    func html(_ body: String, status: HTTPResponse.Status = .ok) -> Rendered {
        Rendered(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ByteBuffer(string: body))
    }

    func errorPage(_ e: WebError, _ p: PageRequest) -> Rendered {
        var r = page("notfound", title: resources.t("not_found", p.lang), context: ["message": e.message], p: p, active: "", synthetic: false)
        r.status = e.status
        return r
    }

    /// Runs a page handler, turning user errors into pages with the right status.
    func handlePage(_ request: Request, _ body: (PageRequest) async throws -> Rendered) async throws -> Response {
        try await handle(request, onError: errorPage, body)
    }

    /// Runs a handler: GET results are cached per store revision (see `ResponseCache`); a user error — a
    /// `WebError`, or a `ServiceError` mapped to its status — is rendered by `onError`, never a 500.
    func handle(_ request: Request, onError: (WebError, PageRequest) -> Rendered,
                _ body: (PageRequest) async throws -> Rendered) async throws -> Response {
        let p = PageRequest(request)
        return try await cached(request, p) {
            do {
                return try await body(p)
            } catch let e as WebError {
                return onError(e, p)
            } catch let e as ServiceError {
                return onError(WebError.from(e), p)
            } catch let e as QueryError {
                return onError(WebError.badRequest(e.message), p)
            }
        }.response
    }

    /// The cached rendering of a GET request at the current revision, or a new one.
    func cached(_ request: Request, _ p: PageRequest, _ render: () async throws -> Rendered) async throws -> Rendered {
        guard request.method == .get else { return try await render() }
        let key = p.path + "?" + p.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        let revision = try await revisions.current(site.store)
        if let hit = responses.get(key, revision: revision) { return hit }
        let fresh = try await render()
        if fresh.status.code < 500 { responses.put(key, revision: revision, fresh) }
        return fresh
    }

    /// The router of the whole application (pages, API, static files, health and metrics).
    public func router(metrics: MetricsEndpoint? = nil) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityMiddleware())
        router.get("/healthz") { _, _ in "ok" }
        if let metrics {
            router.get("/metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
            }
        }
        router.page("/static/:name") { _, context in
            guard let name = context.parameters.get("name"), let file = self.resources.staticFiles[name] else {
                return Response(status: .notFound)
            }
            return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(string: file.body)))
        }
        // One route collection per domain: its pages and its API routes.
        router.addRoutes(domainRoutes(pages: corePages(), api: coreAPI() + [openAPIRoute]))
        router.addRoutes(domainRoutes(pages: airPages(), api: airAPI()))
        router.addRoutes(domainRoutes(pages: waterPages(), api: waterAPI()))
        return router
    }
}

/// Text set once at start-up and only read afterwards.
final class TextBox: @unchecked Sendable {
    var text = ""
}
