import EcoAccess
import EcoAir
import EcoCore
import EcoPresent
import EcoServices
import EcoStore
import EcoStorePostgres
import EcoStoreSQLite
import EcoWeb
import Foundation
import Hummingbird
import HummingbirdTesting
import XCTest

/// The store the web tests run on: SQLite, or PostgreSQL when `ECOPROV_TEST_BACKEND=postgres` and
/// `ECOPROV_TEST_POSTGRES` names a server (`scripts/test` runs this suite once on each).
typealias TestStore = ServiceStore & StoreTransfer

/// A new empty store of the backend under test.
func makeTestStore(_ label: String) async throws -> any TestStore {
    let env = ProcessInfo.processInfo.environment
    if env["ECOPROV_TEST_BACKEND"] == "postgres" {
        guard let server = env["ECOPROV_TEST_POSTGRES"], !server.isEmpty else {
            throw XCTSkip("ECOPROV_TEST_BACKEND=postgres but ECOPROV_TEST_POSTGRES is not set")
        }
        let name = "ecoweb_\(label)_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        return try PostgresStore(url: try await PostgresScratch.create(serverURL: server, name: String(name)), poolSize: 8)
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return try SQLiteStore(path: dir.appendingPathComponent("\(label).sqlite").path)
}

/// Every table's row count and SHA-256, on any backend: two equal digests mean equal content (used to prove that a
/// refused import changed nothing).
func contentDigest(_ store: any TestStore) async throws -> [String: String] {
    var out: [String: String] = [:]
    // A request's own bookkeeping (a token's last use, sessions) is not content.
    for table in try await store.storedTables() where table.name != "api_token" && table.name != "session" {
        let (n, sum) = try await StoreCopy.checksum(table, in: store)
        out[table.name] = "\(n) \(sum)"
    }
    return out
}

/// One demo database and web app shared by the web tests (built once: init + demo data take about a second). It
/// has an administrator (`admin`, scoped to the province) whose API token the requests carry unless they ask to be
/// anonymous, so the pages answer in the internal view; the workflow tests make their own accounts.
actor WebFixture {
    static let shared = WebFixture()
    private var built: (WebApp, any TestStore)?
    /// The administrator's API token.
    private(set) var adminToken = ""
    /// API tokens of the other accounts: taiyuan (city reporter, the demo department eeb-140100's account),
    /// xiaodian (county reporter of 140105, no department), ty-viewer (viewer of 140100).
    private(set) var tokens: [String: String] = [:]

    /// The token of an account of the fixture.
    func token(_ name: String) async throws -> String {
        _ = try await get()
        return tokens[name] ?? ""
    }

    func token() async throws -> String {
        _ = try await get()
        return adminToken
    }

    func get() async throws -> (WebApp, any TestStore) {
        if let built { return built }
        let store = try await makeTestStore("web")
        _ = try await Bootstrap.initialize(store, actor: "test", at: Date())
        let services = Services(store: store, actor: "test")
        _ = try await services.loadIndicatorDemo(framework: "shanxi-2021", seed: 2021)
        // One synthetic station per city and a year of hours, evaluated and stored, for the air page.
        _ = try await services.loadAirDemo(stations: 11, year: 2024, seed: 3, framework: "shanxi-2021")
        try await services.loadWaterDemo(sections: 30, years: 2024...2025, seed: 5, framework: "shanxi-2021")
        // Pollution sources: 12 enterprises with 48 hours of hourly data before now.
        _ = try await services.loadSourcesDemo(enterprises: 12, hours: 48, seed: 9)
        // The accounting demo: energy, GDP, GEP and protected areas of the cities and the province, 2020–2025.
        try await services.loadAccountingDemo(seed: 2021, framework: "shanxi-2021")
        // Two import runs after the evaluation: one finished, one killed halfway (its file name has markup in it).
        let done = try await store.startAirImport(file: "/data/hourly-2024.csv", size: 10, actor: "test", at: Date())
        try await store.finishAirImport(done, rowsRefused: 1, at: Date())
        let killed = try await store.startAirImport(file: "/data/<b>late</b>.csv", size: 20, actor: "test", at: Date())
        try await store.writeAirHours([], run: killed)
        // Delivery: departments, projects, tasks and cases relative to today (the demo's department eeb-140100
        // reports through the account taiyuan).
        try await services.loadDeliveryDemo(seed: 2021)
        // Enterprises: penalty decisions 2024–2025 of the 12 registered enterprises, the risk registry, plans, incidents.
        _ = try await services.loadCreditDemo(seed: 2021)
        _ = try await services.addUser("admin", role: .administrator, region: "140000", password: "admin-password-1")
        adminToken = try await services.createToken(for: "admin", label: "web tests").token
        for (name, role, region) in [("taiyuan", Role.cityReporter, "140100"), ("xiaodian", .countyReporter, "140105"), ("ty-viewer", .viewer, "140100")] {
            _ = try await services.addUser(name, role: role, region: region, password: "\(name)-password-1")
            tokens[name] = try await services.createToken(for: name, label: "web tests").token
        }
        let app = try WebApp(store: store, actor: "web-test")
        let result = (app, store)
        built = result
        return result
    }
}

struct Fetched {
    let status: HTTPResponse.Status
    let body: String
    let contentType: String
    var headers: HTTPFields = [:]
}

/// Who a test request is sent as.
enum TestCaller {
    /// The fixture's administrator (its API token): the internal view, every write allowed.
    case admin
    /// Nobody: the public's view.
    case anonymous
    /// Another account of the fixture, by name (its API token).
    case account(String)
}

extension XCTestCase {
    /// A request to the shared app as `caller`; a POST is sent as `text/csv` unless `headers` says otherwise.
    func fetch(_ uri: String, method: HTTPRequest.Method = .get, body: String? = nil, headers: HTTPFields = [:],
               as caller: TestCaller = .admin) async throws -> Fetched {
        let (web, _) = try await WebFixture.shared.get()
        let app = Application(router: web.router())
        var h = headers
        if h[.authorization] == nil {
            switch caller {
            case .admin: h[.authorization] = "Bearer \(try await WebFixture.shared.token())"
            case .account(let name): h[.authorization] = "Bearer \(try await WebFixture.shared.token(name))"
            case .anonymous: break
            }
        }
        if method == .post, h[.contentType] == nil { h[.contentType] = "text/csv" }
        let sent = h
        return try await app.test(.router) { client in
            try await client.execute(uri: uri, method: method, headers: sent, body: body.map { ByteBuffer(string: $0) }) { response in
                Fetched(status: response.status, body: String(buffer: response.body), contentType: response.headers[.contentType] ?? "",
                        headers: response.headers)
            }
        }
    }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
}

/// A JSON Schema checker for the subset the API document uses (type, nullable type lists, properties, required,
/// items, enum, additionalProperties, oneOf, $ref). Written for the tests: no package on the machine validates JSON
/// instances against OpenAPI 3.1 schemas.
struct SchemaChecker {
    let components: [String: Any]

    /// The ways `value` breaks `schema` (JSON Schema 2020-12 as the OpenAPI 3.1 document uses it: $ref, type,
    /// enum, properties, required, additionalProperties (false or a schema), items, oneOf, anyOf, minimum,
    /// maximum, pattern); empty when it conforms.
    func check(_ value: Any, _ schema: [String: Any], at path: String = "$") -> [String] {
        if let r = schema["$ref"] as? String {
            let name = String(r.split(separator: "/").last ?? "")
            guard let target = components[name] as? [String: Any] else { return ["\(path): unknown $ref \(r)"] }
            return check(value, target, at: path)
        }
        for key in ["oneOf", "anyOf"] {
            guard let options = schema[key] as? [[String: Any]] else { continue }
            let results = options.map { check(value, $0, at: path) }
            let matching = results.filter(\.isEmpty).count
            if key == "oneOf" ? matching == 1 : matching >= 1 { continue }
            // Say why the closest option failed: the one with the fewest problems.
            let closest = results.min { $0.count < $1.count } ?? []
            return ["\(path): matches \(matching) of \(key)"] + closest
        }
        var problems: [String] = []
        if let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map({ [$0] }) {
            if !types.contains(where: { matches(value, $0) }) { return ["\(path): \(describe(value)) is not \(types)"] }
        }
        if let allowed = schema["enum"] as? [Any] {
            let ok = allowed.contains { a in (a is NSNull && value is NSNull) || ((a as? String) != nil && (a as? String) == (value as? String)) }
            if !ok { problems.append("\(path): \(describe(value)) not in enum") }
        }
        if let n = (value as? NSNumber), !(value is Bool) {
            if let min = schema["minimum"] as? Double, n.doubleValue < min { problems.append("\(path): \(n) below minimum \(min)") }
            if let max = schema["maximum"] as? Double, n.doubleValue > max { problems.append("\(path): \(n) above maximum \(max)") }
        }
        if let s = value as? String, let pattern = schema["pattern"] as? String, s.range(of: pattern, options: .regularExpression) == nil {
            problems.append("\(path): '\(s)' does not match \(pattern)")
        }
        if let object = value as? [String: Any] {
            for r in schema["required"] as? [String] ?? [] where object[r] == nil { problems.append("\(path): missing required '\(r)'") }
            let props = schema["properties"] as? [String: Any] ?? [:]
            for (k, v) in object {
                if let s = props[k] as? [String: Any] { problems += check(v, s, at: "\(path).\(k)") }
                else if let extra = schema["additionalProperties"] as? [String: Any] { problems += check(v, extra, at: "\(path).\(k)") }
                else if (schema["additionalProperties"] as? Bool) == false { problems.append("\(path): '\(k)' is not in the schema") }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, v) in array.enumerated() { problems += check(v, items, at: "\(path)[\(i)]") }
        }
        return problems
    }

    private func matches(_ v: Any, _ type: String) -> Bool {
        switch type {
        case "null": return v is NSNull
        case "object": return v is [String: Any]
        case "array": return v is [Any]
        case "string": return v is String
        case "boolean": return (v as? NSNumber).map(isBool) ?? (v is Bool)
        case "integer": return (v as? NSNumber).map { !isBool($0) && $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return (v as? NSNumber).map { !isBool($0) } ?? false
        default: return false
        }
    }

    /// JSONSerialization returns booleans as NSNumber of Objective-C type 'c'.
    private func isBool(_ n: NSNumber) -> Bool { String(cString: n.objCType) == "c" }

    private func describe(_ v: Any) -> String { String(describing: v).prefix(60).description }
}
