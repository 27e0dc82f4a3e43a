public import EcoAccess
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import Foundation
public import Hummingbird
import HTTPTypes
public import NIOCore

/// The request context of the application: Hummingbird's core storage plus the client's socket address (the
/// audit trail and the per-address login throttle need it).
public struct WebContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The connected client (the proxy, behind a reverse proxy).
    public let remoteAddress: SocketAddress?

    /// A context for a request arriving on a channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// Who sends a request: an account signed in by a session cookie or an API token, or nobody; and from where.
struct Viewer: Sendable {
    /// The account, when signed in.
    var account: Account?
    /// The browser session (nil for an API token or nobody).
    var session: Session?
    /// The cookie's token of the session (to end it at logout).
    var sessionToken: String?
    /// The client's address (from `X-Forwarded-For` only with `--trust-proxy`).
    var address: String?
    /// The client's user agent.
    var userAgent: String?
    /// True when the client reached the server over TLS (`X-Forwarded-Proto: https` with `--trust-proxy`).
    var secure: Bool
    /// The parsed `application/x-www-form-urlencoded` body of a form POST, read (and its CSRF token checked) before
    /// the handler runs.
    var form: [String: String] = [:]

    /// Nobody, from nowhere (tests and the CLI's renderings).
    static let anonymous = Viewer(account: nil, session: nil, sessionToken: nil, address: nil, userAgent: nil, secure: false)

    /// The viewer of the request being handled (set by `WebApp.guarded` around each handler).
    @TaskLocal static var current = Viewer.anonymous
}

/// What a route requires of its caller; every route of the table has one, and the authorization matrix test
/// checks every route × role × scope against it.
enum RouteAccess: String, Sendable, CaseIterable {
    /// Anyone: reads answer in the caller's view (published data without login).
    case open
    /// The login and logout forms (anyone; their POSTs carry the login form's CSRF token).
    case login
    /// Any signed-in account (internal reading: the status grid, histories).
    case signedIn
    /// Writing values: a signed-in account whose role and scope allow every cell (checked by the services).
    case report
    /// A workflow action: a signed-in account whose role and scope allow it (checked by the services).
    case workflow
    /// Handling pollution-source data: an alarm step (any role but viewer, in its region) or a registry import
    /// (administrators and reviewers, for enterprises in their region); checked by the services.
    case operate
    /// The province's own writes — the accounting inputs (energy, GDP, GEP, factor sets, protected areas), the
    /// delivery imports and escalation — administrators and the province reviewer only (checked here and by the services).
    case province
    /// A department's own delivery work or a province step (task and project reports, case steps, opening a case):
    /// any signed-in role but viewer here; the services check the account's department, region and role.
    case department
}

/// The names of the cookies.
enum CookieName {
    /// The session.
    static let session = "ecoprov_session"
    /// The login form's CSRF token (double-submit: the cookie and the form field must match).
    static let login = "ecoprov_login"
}

extension WebApp {
    /// The viewer of a request: the `Authorization: Bearer` token (refused with 401 when unknown or revoked), else
    /// the session cookie (ignored when expired), else nobody.
    func viewer(_ request: Request, _ context: WebContext) async throws -> Viewer {
        var v = Viewer.anonymous
        v.userAgent = request.headers[.userAgent].map { String($0.prefix(300)) }
        v.address = clientAddress(request, context)
        v.secure = trustProxy && request.headers[.xForwardedProto]?.lowercased() == "https"
        if let auth = request.headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw WebError(status: .unauthorized, message: "the Authorization header must be 'Bearer TOKEN'")
            }
            guard let account = try await services.account(forToken: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
                throw WebError(status: .unauthorized, message: "the API token is unknown, revoked or its account disabled")
            }
            v.account = account
            return v
        }
        if let token = request.cookies[CookieName.session]?.value, let found = try await services.session(token: token) {
            v.account = found.account
            v.session = found.session
            v.sessionToken = token
        }
        return v
    }

    /// The client's address: the last `X-Forwarded-For` entry (the one the trusted proxy added) with
    /// `--trust-proxy`, else the socket's peer.
    func clientAddress(_ request: Request, _ context: WebContext) -> String? {
        if trustProxy, let forwarded = request.headers[.xForwardedFor],
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return String(last.prefix(64))
        }
        return context.remoteAddress?.ipAddress
    }

    /// Runs a route's handler under its access rule: resolves the viewer; for a signed-in route without an account
    /// answers 401; for every POST checks the same origin, and for a cookie session the CSRF token (the
    /// `X-CSRF-Token` header, or the `csrf` field of a form, whose body is then parsed here once).
    func guarded(_ access: RouteAccess, api: Bool, _ request: Request, _ context: WebContext,
                 _ handler: @escaping @Sendable (Request, WebContext) async throws -> Response) async throws -> Response {
        var viewer: Viewer
        do {
            viewer = try await self.viewer(request, context)
            if request.method == .post {
                try sameOrigin(request)
                viewer.form = try await formBody(request)
                switch access {
                case .open: break
                case .login:
                    // The login form: double-submit token (no session yet). Logout: the session's token.
                    if let session = viewer.session {
                        try checkCSRF(request, form: viewer.form, expected: session.csrf)
                    } else if request.uri.path == "/login" {
                        try checkCSRF(request, form: viewer.form, expected: request.cookies[CookieName.login]?.value)
                    }
                case .signedIn, .report, .workflow, .operate, .province, .department:
                    if let session = viewer.session { try checkCSRF(request, form: viewer.form, expected: session.csrf) }
                }
            }
            if access != .open && access != .login, viewer.account == nil {
                throw WebError(status: .unauthorized, message: "sign in first: this needs an account (POST /login, or Authorization: Bearer TOKEN)")
            }
            if access == .operate, let a = viewer.account, a.role == .viewer {
                throw WebError(status: .forbidden, message: "\(a.name) is a viewer: handling alarms and the registry needs another role")
            }
            if access == .department, let a = viewer.account, a.role == .viewer {
                throw WebError(status: .forbidden, message: "\(a.name) is a viewer: reporting and supervision steps need another role")
            }
            if access == .province, let a = viewer.account, !Self.isProvince(a) {
                throw WebError(status: .forbidden, message: "\(a.name) may not do this: it needs a province role (administrators and the province reviewer)")
            }
            if PageRequest.wantsInternal(request), viewer.account == nil {
                throw WebError(status: .unauthorized, message: "the internal view needs an account: sign in, or leave out view=internal")
            }
        } catch let e as WebError {
            return api ? APIResponse.error(e).response : authPage(e, request).response
        }
        return try await Viewer.$current.withValue(viewer) { try await handler(request, context) }
    }

    /// A write comes from this server's own pages: `Sec-Fetch-Site` same-origin (or none) and `Origin` equal to the
    /// server, when the browser sends them (a script sends neither and has no cookie to borrow).
    func sameOrigin(_ request: Request) throws {
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
            throw WebError(status: .forbidden, message: "writes are accepted only from this server's own pages (Sec-Fetch-Site: \(site))")
        }
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard origin == "http://\(host)" || origin == "https://\(host)" else {
                throw WebError(status: .forbidden, message: "writes are accepted only from this server's own pages (Origin: \(origin))")
            }
        }
    }

    /// The CSRF token of the request (header or form field) equals `expected`, compared in constant time.
    func checkCSRF(_ request: Request, form: [String: String], expected: String?) throws {
        let given = request.headers[.xCSRFToken] ?? form["csrf"]
        guard let expected, let given, Self.constantTimeEqual(expected, given) else {
            throw WebError(status: .forbidden, message: "the form's security token is missing or out of date (CSRF check): reload the page and try again")
        }
    }

    /// The fields of a form POST (`application/x-www-form-urlencoded`, at most 1 MB); empty for other bodies.
    func formBody(_ request: Request) async throws -> [String: String] {
        guard (request.headers[.contentType] ?? "").lowercased().hasPrefix("application/x-www-form-urlencoded") else { return [:] }
        let data: ByteBuffer
        do { data = try await request.body.collect(upTo: 1 << 20) } catch {
            throw WebError(status: .contentTooLarge, message: "the form is larger than 1 MB")
        }
        return FormBody.parse(String(buffer: data))
    }

    /// Equality that takes the same time wherever the strings differ.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in x.indices { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The page of a 401 or 403 on the web: the message and, for 401, the way to sign in.
    func authPage(_ e: WebError, _ request: Request) -> Rendered {
        let p = PageRequest(request)
        var ctx: [String: Any] = ["message": e.message]
        if e.status == .unauthorized { ctx["login"] = p.link("/login", [("next", request.uri.path)]) }
        var r = page("notfound", title: resources.t(e.status == .unauthorized ? "sign_in" : "not_found", p.lang), context: ctx, p: p, active: "",
                     synthetic: false)
        r.status = e.status
        return r
    }
}

extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let xForwardedProto = Self("X-Forwarded-Proto")!
    static let xCSRFToken = Self("X-CSRF-Token")!
}
