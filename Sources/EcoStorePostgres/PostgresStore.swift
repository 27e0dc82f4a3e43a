public import EcoCore
import EcoKit
public import EcoStore
public import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL database is and how to reach it: `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=MODE]`.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is secured, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Never TLS.
        case disable
        /// TLS when the server offers it (`allow` reads the same).
        case prefer
        /// TLS or no connection; the certificate is not verified (as libpq's `require`).
        case require
        /// TLS with the certificate verified against the system's roots.
        case verifyCA = "verify-ca"
        /// TLS with the certificate and the host name verified.
        case verifyFull = "verify-full"
    }

    /// The server's host name or address.
    public var host: String
    /// Its port.
    public var port: Int
    /// The role to log in as.
    public var user: String
    /// Its password, if any.
    public var password: String?
    /// The database.
    public var database: String
    /// The TLS mode (default `prefer`, as libpq's).
    public var tls: TLSMode

    /// True for a text that names a PostgreSQL database rather than a SQLite file.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Reads a URL; a malformed one is refused with one sentence naming the part that is wrong.
    public init(url text: String) throws {
        guard Self.isPostgres(text), let c = URLComponents(string: text) else {
            throw StoreError.database("'\(Self.redacted(text))' is not a PostgreSQL URL: expected postgres://USER@HOST:PORT/DATABASE")
        }
        guard let host = c.host, !host.isEmpty else { throw StoreError.database("the PostgreSQL URL names no host") }
        guard let user = c.user, !user.isEmpty else { throw StoreError.database("the PostgreSQL URL names no user (postgres://USER@HOST/DB)") }
        let db = c.path.hasPrefix("/") ? String(c.path.dropFirst()) : c.path
        guard !db.isEmpty, !db.contains("/") else { throw StoreError.database("the PostgreSQL URL names no database (postgres://USER@HOST/DB)") }
        if let port = c.port, !(1...65535).contains(port) {
            throw StoreError.database("the PostgreSQL URL's port \(port) is outside 1…65535")
        }
        var mode = TLSMode.prefer
        for item in c.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                let v = item.value ?? ""
                guard let m = v == "allow" ? .prefer : TLSMode(rawValue: v) else {
                    throw StoreError.database("sslmode '\(v)' is not one of disable, allow, prefer, require, verify-ca, verify-full")
                }
                mode = m
            default:
                throw StoreError.database("the PostgreSQL URL's parameter '\(item.name)' is not known (only sslmode is)")
            }
        }
        self.host = host
        self.port = c.port ?? 5432
        self.user = user.removingPercentEncoding ?? user
        self.password = c.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = db.removingPercentEncoding ?? db
        self.tls = mode
    }

    /// The URL without its password, for messages.
    public var description: String {
        "postgres://\(user)@\(host):\(port)/\(database)" + (tls == .prefer ? "" : "?sslmode=\(tls.rawValue)")
    }

    /// A URL text with any password replaced by `***`.
    static func redacted(_ text: String) -> String {
        text.replacingOccurrences(of: #"(://[^:/@]+):[^@]*@"#, with: "$1:***@", options: .regularExpression)
    }

    /// The TLS configuration and whether TLS is required; nil for `disable`.
    var clientTLS: (base: (TLSConfiguration, Bool)?, pool: PostgresClient.Configuration.TLS) {
        var config = TLSConfiguration.makeClientConfiguration()
        switch tls {
        case .disable: return (nil, .disable)
        case .prefer, .require: config.certificateVerification = .none
        case .verifyCA: config.certificateVerification = .noHostnameVerification
        case .verifyFull: config.certificateVerification = .fullVerification
        }
        let required = tls != .prefer
        return ((config, required), required ? .require(config) : .prefer(config))
    }
}

/// The PostgreSQL backend (PostgresNIO): the same facets as SQLite, for a province's deployment shared by several
/// `serve` processes. Migrations are named steps recorded in `schema_migration`, run under an advisory lock; the audit
/// is append-only by trigger; triggers keep the `meta` revision that every process's caches compare; station-hours and
/// water samples live in tables range-partitioned by month, written with `COPY … FROM STDIN` and read through a
/// cursor.
public final class PostgresStore: EcoStore, @unchecked Sendable {
    let client: PostgresClient
    private let runner: Task<Void, Never>
    /// Where the database is (without the password).
    public let location: PostgresLocation
    static let logger: Logger = {
        var l = Logger(label: "ecoprov.postgres")
        l.logLevel = .error
        return l
    }()
    let partitions = PartitionCache()

    /// Connects (lazily, on first use) with at most `poolSize` connections. Call `migrate()` before use.
    public init(location: PostgresLocation, poolSize: Int = 8) throws {
        guard (1...500).contains(poolSize) else { throw StoreError.database("the connection pool size \(poolSize) is outside 1…500") }
        var config = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                  password: location.password, database: location.database, tls: location.clientTLS.pool)
        config.options.maximumConnections = poolSize
        config.options.minimumConnections = 0
        config.options.connectTimeout = .seconds(10)
        let client = PostgresClient(configuration: config, backgroundLogger: Self.logger)
        self.client = client
        self.location = location
        runner = Task { await client.run() }
    }

    /// Connects by URL.
    public convenience init(url: String, poolSize: Int = 8) throws {
        try self.init(location: PostgresLocation(url: url), poolSize: poolSize)
    }

    deinit { runner.cancel() }

    // MARK: Helpers

    /// Runs a query and collects its rows, turning a driver error into one sentence.
    @discardableResult
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        do { return try await client.query(query, logger: Self.logger).collect() } catch { throw describe(error) }
    }

    /// Runs `body` in one transaction on one connection.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: Self.logger) { conn in try await body(conn) }
        } catch let e as StoreError {
            throw e
        } catch {
            throw describe(error)
        }
    }

    /// A driver error as a store error with the server's message (never the password).
    func describe(_ error: any Error) -> StoreError {
        if let e = error as? StoreError { return e }
        if let t = error as? PostgresTransactionError {
            if let inner = t.closureError ?? t.beginError ?? t.commitError { return describe(inner) }
        }
        if let p = error as? PSQLError {
            if let message = p.serverInfo?[.message] {
                return .database("PostgreSQL \(location): \(message)" + (p.serverInfo?[.detail].map { " (\($0))" } ?? ""))
            }
            return .database("PostgreSQL \(location): \(p.code)")
        }
        let text = "\(error)"
        if text.contains("connectionCreationCircuitBreakerTripped") || text.contains("connectionError") {
            return .database("cannot connect to PostgreSQL at \(location.host):\(location.port) (database \(location.database), user "
                + "\(location.user)): the server refused or did not answer; is it running and does it accept this user?")
        }
        return .database("PostgreSQL \(location): \(text)")
    }

    /// The SQLSTATE of a server error, if it is one.
    static func sqlState(_ error: any Error) -> String? {
        if let p = error as? PSQLError { return p.serverInfo?[.sqlState] }
        if let t = error as? PostgresTransactionError, let inner = t.closureError { return sqlState(inner) }
        return nil
    }

    /// Runs one SQL statement as the store's role (administration and tests: the refusal of audit changes is tested
    /// through it). Never called with user input.
    public func execute(_ sql: String) async throws {
        try await rows(PostgresQuery(unsafeSQL: sql))
    }

    /// The first column of the first row of a query, as an integer (administration and tests).
    public func scalar(_ sql: String) async throws -> Int {
        try await rows(PostgresQuery(unsafeSQL: sql)).first.map { try $0.decode(Int.self) } ?? 0
    }

    /// Closes the pool's connections (the process may also just exit).
    public func close() {
        runner.cancel()
    }

    // MARK: Lifecycle

    /// Applies the named steps not yet applied, each in its own transaction under an advisory lock, so several
    /// processes starting together migrate once.
    public func migrate() async throws {
        try await probe()
        try await rows("CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
        let citus = try await !rows("SELECT 1 FROM pg_extension WHERE extname = 'citus'").isEmpty
        for step in PostgresSchema.steps {
            if step.onlyWithCitus && !citus { continue }
            try await transaction { conn in
                try await conn.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: Self.logger)
                let done = try await conn.query("SELECT 1 FROM schema_migration WHERE name = \(step.name)", logger: Self.logger).collect()
                guard done.isEmpty else { return }
                for sql in step.statements {
                    try await conn.query(PostgresQuery(unsafeSQL: sql), logger: Self.logger)
                }
                try await conn.query("INSERT INTO schema_migration (name) VALUES (\(step.name))", logger: Self.logger)
            }
        }
    }

    /// One direct connection, so that an unreachable server or a refused login is reported at once with its reason
    /// (the pool would keep retrying with backoff for a minute before giving up).
    func probe() async throws {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch location.clientTLS.base {
            case .none: tls = .disable
            case .some(let (config, required)):
                let context = try NIOSSLContext(configuration: config)
                tls = required ? .require(context) : .prefer(context)
            }
        } catch {
            throw StoreError.database("cannot set up TLS for \(location): \(error)")
        }
        var config = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                      password: location.password, database: location.database, tls: tls)
        config.options.connectTimeout = .seconds(10)
        do {
            let conn = try await PostgresConnection.connect(configuration: config, id: 0, logger: Self.logger)
            try? await conn.close()
        } catch {
            let p = error as? PSQLError
            if let message = p?.serverInfo?[.message] {
                throw StoreError.database("PostgreSQL at \(location.host):\(location.port) refused the connection: \(message)")
            }
            if p?.code == .sslUnsupported {
                throw StoreError.database("PostgreSQL at \(location.host):\(location.port) does not offer TLS, which sslmode=\(location.tls.rawValue) requires")
            }
            let reason = p?.underlying.map { "\($0)" } ?? p.map { "\($0.code)" } ?? "\(error)"
            throw StoreError.database("cannot connect to PostgreSQL at \(location.host):\(location.port) (\(reason)): is the server running there?")
        }
    }

    /// The steps applied, in order of application.
    public func appliedMigrations() async throws -> [String] {
        try await rows("SELECT name FROM schema_migration ORDER BY applied_at, name").map { try $0.decode(String.self) }
    }

    /// The `meta` revision (bumped by triggers on every table that feeds a cache).
    public func revision() async throws -> Int { try await counter("revision") }

    public func publishedRevision() async throws -> Int { try await counter("published_revision") }

    func counter(_ key: String) async throws -> Int {
        try await rows("SELECT value FROM meta WHERE key = \(key)").first.map { try $0.decode(Int.self) } ?? 0
    }

    // MARK: Regions

    /// Inserts or updates regions by code, in one transaction.
    public func upsertRegions(_ regions: [Region]) async throws {
        guard !regions.isEmpty else { return }
        let encoded = try regions.map { ($0, try StoreJSON.encode($0.attributes)) }
        try await transaction { conn in
            for (r, attrs) in encoded {
                try await conn.query("""
                    INSERT INTO region (code, name_zh, name_en, level, parent, kind, valid_from, valid_to, attributes)
                    VALUES (\(r.code.rawValue), \(r.name.zh), \(r.name.en), \(r.level.rawValue), \(r.parent?.rawValue), \(r.kind),
                            \(r.validFrom), \(r.validTo), \(attrs))
                    ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
                        level = excluded.level, parent = excluded.parent, kind = excluded.kind,
                        valid_from = excluded.valid_from, valid_to = excluded.valid_to, attributes = excluded.attributes
                    """, logger: Self.logger)
            }
        }
    }

    /// Every region in code order (a row that cannot be read is skipped).
    public func regions() async throws -> [Region] {
        try await rows("""
            SELECT code, name_zh, name_en, level, parent, kind, valid_from, valid_to, attributes FROM region ORDER BY code COLLATE "C"
            """).compactMap { row -> Region? in
            let (code, zh, en, level, parent, kind, from, to, attrs) =
                try row.decode((String, String, String, String, String?, String, String?, String?, String).self)
            guard let c = RegionCode(code), let l = RegionLevel(rawValue: level) else { return nil }
            return Region(code: c, name: LocalizedText(zh: zh, en: en), level: l, parent: parent.flatMap(RegionCode.init), kind: kind,
                          validFrom: from, validTo: to, attributes: (try? StoreJSON.decode(attrs)) ?? [:])
        }
    }

    // MARK: Frameworks

    /// Stores a new version when the document differs from the latest, in one transaction (the framework's id is
    /// locked for the transaction, so two processes saving at once cannot take the same version number).
    public func saveFramework(_ framework: Framework, actor: String, at: Date) async throws -> (framework: Framework, isNew: Bool) {
        try await transaction { conn in
            try await conn.query("SELECT pg_advisory_xact_lock(hashtext(\(framework.id)))", logger: Self.logger)
            let latest = try await conn.query("""
                SELECT version, document FROM framework_version WHERE framework_id = \(framework.id) ORDER BY version DESC LIMIT 1
                """, logger: Self.logger).collect().first.map { try $0.decode((Int, String).self) }
            var candidate = framework
            if let (version, document) = latest {
                let stored = try StoredFramework.decode(document, id: framework.id, version: version)
                candidate.version = version
                if stored == candidate { return (stored, false) }
                candidate.version = version + 1
            } else {
                candidate.version = 1
            }
            let doc = String(decoding: try FrameworkCoding.encode(candidate), as: UTF8.self)
            try await conn.query("""
                INSERT INTO framework_version (framework_id, version, document, imported_at, imported_by)
                VALUES (\(candidate.id), \(candidate.version), \(doc), \(at), \(actor))
                """, logger: Self.logger)
            return (candidate, true)
        }
    }

    /// The latest version of each framework, by id.
    public func latestFrameworks() async throws -> [Framework] {
        try await rows("""
            SELECT DISTINCT ON (framework_id) framework_id, version, document FROM framework_version
            ORDER BY framework_id, version DESC
            """).map { row in
            let (id, version, doc) = try row.decode((String, Int, String).self)
            return try StoredFramework.decode(doc, id: id, version: version)
        }
    }

    /// One version, or the latest.
    public func framework(id: String, version: Int?) async throws -> Framework? {
        let found: [PostgresRow]
        if let version {
            found = try await rows("SELECT version, document FROM framework_version WHERE framework_id = \(id) AND version = \(version)")
        } else {
            found = try await rows("SELECT version, document FROM framework_version WHERE framework_id = \(id) ORDER BY version DESC LIMIT 1")
        }
        return try found.first.map { row in
            let (v, doc) = try row.decode((Int, String).self)
            return try StoredFramework.decode(doc, id: id, version: v)
        }
    }

    /// Every version with who imported it when.
    public func frameworkVersions(id: String) async throws -> [FrameworkVersionInfo] {
        try await rows("SELECT version, document, imported_at, imported_by FROM framework_version WHERE framework_id = \(id) ORDER BY version")
            .map { row in
                let (version, doc, at, by) = try row.decode((Int, String, Date, String).self)
                let fw = try StoredFramework.decode(doc, id: id, version: version)
                return FrameworkVersionInfo(id: id, version: version, importedAt: at, importedBy: by, indicatorCount: fw.indicators.count)
            }
    }
}

/// Throwaway databases on a server, for tests and benchmarks: created empty, dropped after.
public enum PostgresScratch {
    /// Creates the database `name` (lower-case letters, digits, `_`) on the server of `serverURL` and returns the
    /// URL of the new database.
    public static func create(serverURL: String, name: String) async throws -> String {
        let (admin, target) = try locations(serverURL, name)
        let store = try PostgresStore(location: admin, poolSize: 1)
        defer { store.close() }
        try await store.rows(PostgresQuery(unsafeSQL: "CREATE DATABASE \"\(name)\" TEMPLATE template0 ENCODING 'UTF8'"))
        var url = "postgres://\(target.user)"
        if let p = target.password { url += ":" + (p.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? p) }
        return url + "@\(target.host):\(target.port)/\(name)" + (target.tls == .prefer ? "" : "?sslmode=\(target.tls.rawValue)")
    }

    /// Drops the database `name` (closing its other connections).
    public static func drop(serverURL: String, name: String) async throws {
        let (admin, _) = try locations(serverURL, name)
        let store = try PostgresStore(location: admin, poolSize: 1)
        defer { store.close() }
        try await store.rows(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)"))
    }

    private static func locations(_ serverURL: String, _ name: String) throws -> (PostgresLocation, PostgresLocation) {
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }) else {
            throw StoreError.database("'\(name)' is not a scratch database name (lower-case letters, digits and _)")
        }
        var admin = try PostgresLocation(url: serverURL)
        let target = admin
        admin.database = "postgres"
        return (admin, target)
    }
}
