import EcoPresent
import EcoServices
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What every response carries: security headers (no MIME sniffing, no framing, a CSP that allows only this
/// server's own scripts, styles and images), also on "not found" answers.
struct SecurityMiddleware: RouterMiddleware {
    typealias Context = WebContext

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
}

/// An unknown path outside the API and the static files gets the site's "not found" page (status 404) in the
/// request's language instead of a bare text.
struct PageNotFoundMiddleware: RouterMiddleware {
    typealias Context = WebContext
    let render: @Sendable (Request) -> Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let e as HTTPError where e.status == .notFound && request.method == .get
            && !request.uri.path.hasPrefix("/api/") && !request.uri.path.hasPrefix("/static/") {
            return render(request)
        }
    }
}

extension SecurityMiddleware {
    /// `405 Method Not Allowed` with the methods the path takes.
    static func methodNotAllowed(allow: String) -> Response {
        Response(status: .methodNotAllowed, headers: [.allow: allow, .contentType: "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: "method not allowed; allowed: \(allow)")))
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
    static let referrerPolicy = Self("Referrer-Policy")!
}

extension WebApp {
    /// The largest upload accepted: 100,000 rows of yearly figures are about 5 MB.
    static let maxUploadBytes = 20 << 20

    /// The media type of an .xlsx workbook (ECMA-376 Part 1, §11.3.7 / Annex F).
    static let xlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The body of an upload: `text/csv`, an .xlsx workbook (its media type) or multipart, at most `maxUploadBytes`. (Who may upload, the same
    /// origin and the CSRF token are checked before the handler runs: `WebApp.guarded`.)
    /// The answer to an upload that failed, as an HTML fragment with its status: a refused file's problems, located
    /// (422, nothing imported), or a web or service error's sentence; the error again when it is none of these.
    func uploadRefusal(_ error: any Error) throws -> Response {
        let w: WebError
        switch error {
        case let r as FileRefused:
            return html("<ul class=\"no\">" + r.problems.prefix(50).map { "<li>\(xml($0.description))</li>" }.joined()
                        + "</ul><p class=\"no\">\(r.count) problems; nothing was imported</p>", status: .unprocessableContent).response
        case let e as WebError: w = e
        case let e as ServiceError: w = WebError.from(e)
        default: throw error
        }
        return html("<p class=\"no\">\(xml(w.message))</p>", status: w.status).response
    }

    func checkedUpload(_ request: Request) async throws -> Data {
        let type = (request.headers[.contentType] ?? "").lowercased()
        guard type.hasPrefix("text/csv") || type.hasPrefix(Self.xlsxMediaType) || type.hasPrefix("multipart/form-data") else {
            throw WebError(status: .unsupportedMediaType,
                           message: "an upload must be sent as Content-Type: text/csv or \(Self.xlsxMediaType) (got '\(type.isEmpty ? "none" : type)')")
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
