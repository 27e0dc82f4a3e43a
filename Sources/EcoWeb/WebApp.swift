import EcoAir
import EcoCore
import EcoIngest
import EcoPresent
import EcoStore
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
    /// The published view's counter (`publishedRevision()`), read the same way.
    let publishedRevisions = RevisionClock()
    /// The OpenAPI document, built once from the API routes (after the routes can be listed, hence the box).
    private let openAPIBox = TextBox()
    /// The OpenAPI document as JSON text.
    public var openAPI: String { openAPIBox.text }

    /// True behind a reverse proxy: the client's address is read from `X-Forwarded-For` and `X-Forwarded-Proto:
    /// https` marks the session cookie Secure (`serve --trust-proxy`). Never set it without a proxy that overwrites
    /// those headers: a client could then choose its address.
    public let trustProxy: Bool
    /// Failed logins per client address.
    let throttle = AddressThrottle()

    /// The application over a store; writes without an account are audited as `actor`, stamped by `clock`.
    public init(store: any ServiceStore, actor: String = "web", trustProxy: Bool = false, clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.trustProxy = trustProxy
        resources = try WebResources.load()
        site = SiteData(store: store)
        services = Services(store: store, actor: actor, clock: clock)
        openAPIBox.text = try OpenAPIDocument.json(apiRoutes())
    }

    /// Every API route, domain by domain: the router serves them and the OpenAPI document describes them.
    func apiRoutes() -> [APIRoute] { coreAPI() + [openAPIRoute] + airAPI() + waterAPI() + workflowAPI() + sourcesAPI() + accountingAPI() + deliveryAPI() + enterpriseAPI() }

    /// `/api/v1/openapi.json`.
    var openAPIRoute: APIRoute {
        APIRoute(.get, "/api/v1/openapi.json", "This document", body: .object(description: "The OpenAPI 3.1 document"), errors: []) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: self.openAPI)))
        }
    }

    /// Every route of the application — pages, API, static files, health — each with its access rule. The router
    /// serves exactly these (and the authorization matrix test walks them), so a route cannot exist without a rule.
    func routeTable() -> [WebRoute] {
        let base = RouteList()
        base.page("/healthz") { _, _ in Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok"))) }
        base.page("/static/:name") { _, context in
            guard let name = context.parameters.get("name"), let file = self.resources.staticFiles[name] else {
                return Response(status: .notFound)
            }
            return Response(status: .ok, headers: [.contentType: file.contentType, .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(string: file.body)))
        }
        let pages: [WebRoute] = base.routes + corePages().routes + airPages().routes + waterPages().routes + workflowPages().routes + sourcesPages().routes + accountingPages().routes + deliveryPages().routes + enterprisePages().routes
        let api: [WebRoute] = apiRoutes().map { WebRoute(method: $0.method, path: $0.routerPath, access: $0.access, api: true, handler: $0.handler) }
        return pages + api
    }

    func snapshot(_ p: PageRequest) async throws -> Snapshot {
        guard let s = try await site.snapshot(framework: p.frameworkId, view: try await viewScope(p)) else {
            throw WebError.notFound("unknown framework '\(p.frameworkId)'")
        }
        return s
    }

    /// After a write of this server: the next request reads the new revision, and every cached view is rebuilt before
    /// the writer's answer goes out (so its next page shows the change; other readers never wait, see `SiteData`).
    func afterWrite() async throws {
        revisions.invalidate()
        publishedRevisions.invalidate()
        try await site.refresh()
    }

    /// The data the request sees: published without an account or with `view=published`; otherwise the account's
    /// internal view (its subtree, and the published units elsewhere).
    func viewScope(_ p: PageRequest) async throws -> ViewScope {
        guard p.view == .internal, let account = p.viewer.account else { return .published }
        return ViewScope.of(account, tree: try await site.tree())
    }

    /// Renders a page template inside the layout.
    func page(_ template: String, title: String, context: [String: Any], p: PageRequest, active: String, synthetic: Bool) -> Rendered {
        var ctx = context
        ctx["t"] = resources.strings[p.lang] ?? [:]
        ctx["en"] = p.lang == .en
        ctx["lang"] = p.lang.rawValue
        // Command-line hints are for administrators only, never shown to the public or to reporting units.
        ctx["isAdmin"] = p.viewer.account?.role == .administrator
        let content = resources.library.render(ctx, withTemplate: template) ?? ""
        var items = [("/", "nav_overview"), ("/map", "nav_map"), ("/indicators", "nav_indicators"), ("/ranking", "nav_ranking"),
                     ("/frameworks", "nav_frameworks"), ("/air", "nav_air"), ("/water", "nav_water"), ("/carbon", "nav_carbon"), ("/gep", "nav_gep"), ("/data", "nav_data")]
        if p.viewer.account != nil { items.append(contentsOf: [("/sources", "nav_sources"), ("/workflow", "nav_workflow"), ("/tasks", "nav_delivery"), ("/credit", "nav_enterprise")]) }
        let nav: [[String: Any]] = items.map { path, key in
            ["href": p.link(path), "label": resources.t(key, p.lang), "active": path == active]
        }
        var layout: [String: Any] = ["t": ctx["t"] ?? [:], "title": title, "content": content, "nav": nav, "home": p.link("/"),
                                     "langSwitch": p.languageSwitch, "synthetic": synthetic,
                                     "htmlLang": p.lang == .zh ? "zh-CN" : "en",
                                     "viewKey": p.view.rawValue, "viewLabel": resources.t(p.view == .published ? "view_published" : "view_internal", p.lang)]
        if let a = p.viewer.account {
            layout["account"] = a.name
            layout["role"] = p.lang == .zh ? a.role.nameZH : a.role.rawValue
            layout["viewSwitch"] = p.viewSwitch
            layout["viewSwitchLabel"] = resources.t(p.view == .published ? "view_switch_internal" : "view_switch_published", p.lang)
        } else {
            layout["loginHref"] = p.link("/login", [("next", p.path)])
        }
        if let s = p.viewer.session { layout["csrf"] = s.csrf }
        return html(resources.library.render(layout, withTemplate: "layout") ?? "")
    }

    func html(_ body: String, status: HTTPResponse.Status = .ok) -> Rendered {
        Rendered(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: ByteBuffer(string: body))
    }

    func errorPage(_ e: WebError, _ p: PageRequest) -> Rendered {
        let title = resources.t(ErrorText.titleKey(e.status), p.lang)
        var r = page("notfound", title: title, context: ["message": ErrorText.localize(e.message, p.lang), "heading": title,
                                                         "back": p.link("/")], p: p, active: "", synthetic: false)
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
            } catch let e as StoreError {
                switch e {
                case .stale, .locked: return onError(WebError(status: .conflict, message: e.description), p)
                default: throw e
                }
            }
        }.response
    }

    /// The cached rendering of a GET request at the current revision, or a new one.
    func cached(_ request: Request, _ p: PageRequest, _ render: () async throws -> Rendered) async throws -> Rendered {
        // Only the public's answers are shared: a signed-in page carries the account's name and form tokens.
        guard request.method == .get, p.viewer.account == nil else { return try await render() }
        let key = p.path + "?" + p.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        // The public's pages derive from the published view, which values written elsewhere do not change: they
        // stay cached until a unit's state (or a region, framework, outline) changes. The monitoring pages read the
        // domains' stored results, which any write may change.
        let monitoring = ["/air", "/water", "/carbon", "/gep", "/api/v1/air", "/api/v1/water", "/api/v1/carbon", "/api/v1/gep"].contains { p.path.hasPrefix($0) }
        let store = site.store
        let revision = monitoring ? try await revisions.current(store) : try await publishedRevisions.current { try await store.publishedRevision() }
        if let hit = responses.get(key, revision: revision) { return hit }
        let fresh = try await render()
        if fresh.status.code < 500 { responses.put(key, revision: revision, fresh) }
        return fresh
    }

    /// The router of the whole application (pages, API, static files, health and metrics).
    public func router(metrics: MetricsEndpoint? = nil) -> Router<WebContext> {
        let router = Router(context: WebContext.self)
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: SecurityMiddleware())
        router.add(middleware: PageNotFoundMiddleware { request in
            let p = PageRequest(request)
            return self.errorPage(WebError.notFound("no page at \(String(p.path.prefix(80)))"), p).response
        })
        if let metrics {
            router.get("/metrics") { _, _ in
                Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
            }
        }
        // Each path's methods (GET also answers HEAD), and 405 naming them for every other method.
        var byPath: [(String, [WebRoute])] = []
        for r in routeTable() {
            if let i = byPath.firstIndex(where: { $0.0 == r.path }) { byPath[i].1.append(r) } else { byPath.append((r.path, [r])) }
        }
        for (path, routes) in byPath {
            var allowed: [HTTPRequest.Method] = []
            for r in routes {
                let handler: @Sendable (Request, WebContext) async throws -> Response = { request, context in
                    try await self.guarded(r.access, api: r.api, request, context, r.handler)
                }
                router.on(RouterPath(path), method: r.method, use: handler)
                allowed.append(r.method)
                if r.method == .get {
                    router.on(RouterPath(path), method: .head) { request, context in
                        let full = try await handler(request, context)
                        return Response(status: full.status, headers: full.headers, body: .init())
                    }
                    allowed.append(.head)
                }
            }
            let allow = allowed.map(\.rawValue).joined(separator: ", ")
            for m in [HTTPRequest.Method.get, .head, .post, .put, .delete, .patch] where !allowed.contains(m) {
                router.on(RouterPath(path), method: m) { _, _ in SecurityMiddleware.methodNotAllowed(allow: allow) }
            }
        }
        return router
    }
}

/// Text set once at start-up and only read afterwards.
final class TextBox: @unchecked Sendable {
    var text = ""
}

/// One route of the table: method, Hummingbird path, access rule, whether it is an API route (JSON errors), handler.
struct WebRoute: Sendable {
    let method: HTTPRequest.Method
    let path: String
    let access: RouteAccess
    let api: Bool
    let handler: @Sendable (Request, WebContext) async throws -> Response
}

/// Collects a domain's page routes for the table.
final class RouteList: @unchecked Sendable {
    private(set) var routes: [WebRoute] = []

    /// A read-only page (GET and HEAD).
    func page(_ path: String, access: RouteAccess = .open, use handler: @escaping @Sendable (Request, WebContext) async throws -> Response) {
        routes.append(WebRoute(method: .get, path: path, access: access, api: false, handler: handler))
    }

    /// A form or upload target (POST).
    func upload(_ path: String, access: RouteAccess, use handler: @escaping @Sendable (Request, WebContext) async throws -> Response) {
        routes.append(WebRoute(method: .post, path: path, access: access, api: false, handler: handler))
    }
}
