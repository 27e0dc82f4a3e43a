import EcoPresent
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What every response carries: security headers (no MIME sniffing, no framing, a CSP that allows only this
/// server's own scripts, styles and images), also on "not found" answers.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    static let headers: [(HTTPField.Name, String)] = [
        (.xContentTypeOptions, "nosniff"),
        (.contentSecurityPolicy, "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
        (.xFrameOptions, "DENY"),
        (.referrerPolicy, "same-origin"),
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let e as HTTPError where e.status == .notFound {
            response = Response(status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "not found")))
        }
        for (name, value) in Self.headers where response.headers[name] == nil { response.headers[name] = value }
        return response
    }

    /// `405 Method Not Allowed` with the methods the path takes.
    static func methodNotAllowed(allow: String) -> Response {
        Response(status: .methodNotAllowed, headers: [.allow: allow, .contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: "method not allowed; allowed: \(allow)")))
    }
}

extension RouterMethods where Context == BasicRequestContext {
    /// A read-only route: GET, HEAD (the GET's status and headers without its body) and 405 for the other methods.
    @discardableResult
    func page(_ path: RouterPath, use handler: @escaping @Sendable (Request, Context) async throws -> Response) -> Self {
        on(path, method: .get, use: handler)
        on(path, method: .head) { request, context in
            let r = try await handler(request, context)
            return Response(status: r.status, headers: r.headers, body: .init())
        }
        for m in [HTTPRequest.Method.post, .put, .delete, .patch] {
            on(path, method: m) { _, _ in SecurityMiddleware.methodNotAllowed(allow: "GET, HEAD") }
        }
        return self
    }

    /// A write route: POST, and 405 for the other methods.
    @discardableResult
    func upload(_ path: RouterPath, use handler: @escaping @Sendable (Request, Context) async throws -> Response) -> Self {
        on(path, method: .post, use: handler)
        for m in [HTTPRequest.Method.get, .head, .put, .delete, .patch] {
            on(path, method: m) { _, _ in SecurityMiddleware.methodNotAllowed(allow: "POST") }
        }
        return self
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}

extension WebApp {
    /// The largest upload accepted: 100,000 rows of yearly figures are about 5 MB.
    static let maxUploadBytes = 20 << 20

    /// The rules of every write over HTTP: the body is CSV (`text/csv`, or multipart), and a browser's request comes
    /// from this server's own pages (`Origin` equal to the server, `Sec-Fetch-Site` same-origin) — so a page on
    /// another site cannot make a user's browser change data. A client that is no browser sends neither header and
    /// is let through (it cannot carry a user's session). Returns the body, at most `maxUploadBytes`.
    func checkedUpload(_ request: Request) async throws -> Data {
        let type = (request.headers[.contentType] ?? "").lowercased()
        guard type.hasPrefix("text/csv") || type.hasPrefix("multipart/form-data") else {
            throw WebError(status: .unsupportedMediaType,
                           message: "an upload must be sent as Content-Type: text/csv (got '\(type.isEmpty ? "none" : type)')")
        }
        if let site = request.headers[.secFetchSite], site != "same-origin", site != "none" {
            throw WebError(status: .forbidden, message: "writes are accepted only from this server's own pages (Sec-Fetch-Site: \(site))")
        }
        if let origin = request.headers[.origin] {
            let host = request.head.authority ?? ""
            guard origin == "http://\(host)" || origin == "https://\(host)" else {
                throw WebError(status: .forbidden, message: "writes are accepted only from this server's own pages (Origin: \(origin))")
            }
        }
        do {
            return Data(buffer: try await request.body.collect(upTo: Self.maxUploadBytes))
        } catch {
            throw WebError(status: .contentTooLarge, message: "the upload is larger than \(Self.maxUploadBytes >> 20) MB: split the file")
        }
    }
}

extension HTTPField.Name {
    static let secFetchSite = Self("Sec-Fetch-Site")!
}
