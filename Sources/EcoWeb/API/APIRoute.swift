import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import Foundation
import Hummingbird
import OpenAPIKit

/// One query or path parameter of an API route, as the OpenAPI document describes it.
struct APIParameter: Sendable {
    enum Location: Sendable { case query, path }
    let name: String
    let location: Location
    let required: Bool
    let description: String
    let schema: JSONSchema

    static func query(_ name: String, _ description: String, _ schema: JSONSchema = Schema.string, required: Bool = false) -> APIParameter {
        APIParameter(name: name, location: .query, required: required, description: description, schema: schema)
    }

    static func path(_ name: String, _ description: String) -> APIParameter {
        APIParameter(name: name, location: .path, required: true, description: description, schema: Schema.string)
    }

    static let year = query("year", "Year, \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound) (default: the latest year with data)", Schema.year)
    static let framework = query("framework", "Framework id (default \(Services.defaultFramework))")
    static let lang = query("lang", "Language of names: zh (default) or en", Schema.oneOf(Language.self))
}

/// One API route: its method and path, what the document says of it, and its handler. The router and the OpenAPI
/// document are both built from the same list, so a served route is always documented and the reverse.
struct APIRoute: Sendable {
    let method: HTTPRequest.Method
    /// The OpenAPI form of the path, e.g. `/api/v1/regions/{code}`.
    let path: String
    let summary: String
    let parameters: [APIParameter]
    /// The schema of a 200 body.
    let body: JSONSchema
    /// The error statuses the route can answer (each with the `Error` body).
    let errors: [Int]
    /// The media type of a request body (POST routes).
    let requestType: String?
    /// Who may call it.
    let access: RouteAccess
    let handler: @Sendable (Request, WebContext) async throws -> Response

    init(_ method: HTTPRequest.Method, _ path: String, _ summary: String, parameters: [APIParameter] = [], body: JSONSchema,
         errors: [Int] = [400], requestType: String? = nil, access: RouteAccess = .open, handler: @escaping @Sendable (Request, WebContext) async throws -> Response) {
        self.method = method
        self.path = path
        self.summary = summary
        self.parameters = parameters
        self.body = body
        self.errors = errors
        self.requestType = requestType
        self.access = access
        self.handler = handler
    }

    /// Hummingbird's form of the path: `{code}` becomes `:code`.
    var routerPath: String {
        "/" + path.split(separator: "/").map { $0.hasPrefix("{") && $0.hasSuffix("}") ? ":" + $0.dropFirst().dropLast() : String($0) }
            .joined(separator: "/")
    }
}

/// Builds the OpenAPI 3.1 document from the routes and the component schemas (`DocumentSchemas`).
enum OpenAPIDocument {
    static func build(_ routes: [APIRoute]) -> OpenAPI.Document {
        var paths = OrderedDictionary<OpenAPI.Path, Either<OpenAPI.Reference<OpenAPI.PathItem>, OpenAPI.PathItem>>()
        var items = OrderedDictionary<String, OpenAPI.PathItem>()
        for r in routes {
            let parameters: OpenAPI.Parameter.Array = r.parameters.map { p in
                switch p.location {
                case .query: return .b(.query(name: p.name, required: p.required, schema: p.schema, description: p.description))
                case .path: return .b(.path(name: p.name, schema: p.schema, description: p.description))
                }
            }
            var responses: OpenAPI.Response.Map = [
                200: .b(.init(description: "OK", content: [.json: .b(.init(schema: r.body))])),
            ]
            for status in r.errors {
                responses[OpenAPI.Response.StatusCode(integerLiteral: status)] =
                    .b(.init(description: "Error", content: [.json: .b(.init(schema: Schema.ref("Error")))]))
            }
            let request: OpenAPI.Request? = r.requestType.map { type in
                .init(content: [OpenAPI.ContentType(rawValue: type) ?? .txt: .b(.init(schema: Schema.string))], required: true)
            }
            let op = OpenAPI.Operation(summary: r.summary, parameters: parameters, requestBody: request, responses: responses)
            var item = items[r.path] ?? OpenAPI.PathItem()
            switch r.method {
            case .post: item.post = op
            default: item.get = op
            }
            items[r.path] = item
        }
        for (path, item) in items { paths[OpenAPI.Path(rawValue: path)] = .b(item) }
        var schemas = OpenAPI.ComponentDictionary<JSONSchema>()
        for (name, schema) in DocumentSchemas.components { schemas[OpenAPI.ComponentKey(stringLiteral: name)] = schema }
        for (name, schema) in DocumentSchemas.sourcesComponents { schemas[OpenAPI.ComponentKey(stringLiteral: name)] = schema }
        return OpenAPI.Document(
            openAPIVersion: .v3_1_1,
            info: .init(title: "EcoProvince 生态省建设管理平台 API", version: "1"),
            servers: [],
            paths: paths,
            components: .init(schemas: schemas))
    }

    /// The document as JSON text (keys sorted).
    static func json(_ routes: [APIRoute]) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return String(decoding: try e.encode(build(routes)), as: UTF8.self)
    }
}
