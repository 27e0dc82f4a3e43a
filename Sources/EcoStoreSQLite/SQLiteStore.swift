import EcoAir
public import EcoCore
import EcoKit
public import EcoStore
public import Foundation
import GRDB

/// The embedded default store: one SQLite file in WAL mode, through GRDB.
public final class SQLiteStore: EcoStore {
    let pool: DatabasePool
    /// The database file.
    public let path: String

    /// Opens (creating if needed) the database at `path`. Call `migrate()` before use.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // A 64 MiB page cache: a 100,000-row import with its audit records otherwise spills pages and reads them
            // back through the kernel (a third of its time in the import benchmark). WAL with synchronous=NORMAL is
            // durable across application crashes; only a power cut can lose the last committed transactions.
            try db.execute(sql: "PRAGMA cache_size = -65536; PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch {
            throw StoreError.database("cannot open '\(path)': \(error)")
        }
        self.path = path
    }

    /// Applies the named migrations not yet applied (`SQLiteSchema`).
    public func migrate() async throws {
        try SQLiteSchema.migrator.migrate(pool)
    }

    /// SQLite's own consistency check (`PRAGMA integrity_check`): `["ok"]` for a sound file, else its findings.
    /// Used after a crash to show that the file survived (the crash-safety test).
    public func integrityCheck() async throws -> [String] {
        try await pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// The migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try SQLiteSchema.migrator.appliedMigrations(db) }
    }

    // MARK: Regions

    /// Inserts or updates regions by code, in one transaction.
    public func upsertRegions(_ regions: [Region]) async throws {
        try await pool.write { db in
            for r in regions {
                try db.execute(sql: """
                    INSERT INTO region (code, name_zh, name_en, level, parent, kind, valid_from, valid_to, attributes)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(code) DO UPDATE SET name_zh = excluded.name_zh, name_en = excluded.name_en,
                        level = excluded.level, parent = excluded.parent, kind = excluded.kind,
                        valid_from = excluded.valid_from, valid_to = excluded.valid_to, attributes = excluded.attributes
                    """, arguments: [r.code.rawValue, r.name.zh, r.name.en, r.level.rawValue, r.parent?.rawValue,
                                     r.kind, r.validFrom, r.validTo, try StoreJSON.encode(r.attributes)])
            }
        }
    }

    /// Every region in code order (a row that cannot be read is skipped).
    public func regions() async throws -> [Region] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM region ORDER BY code").compactMap { row -> Region? in
                guard let code = RegionCode(row["code"]), let level = RegionLevel(rawValue: row["level"]) else { return nil }
                let attrs: [String: String] = (try? StoreJSON.decode(row["attributes"] as String)) ?? [:]
                return Region(code: code, name: LocalizedText(zh: row["name_zh"], en: row["name_en"]), level: level,
                              parent: (row["parent"] as String?).flatMap(RegionCode.init), kind: row["kind"],
                              validFrom: row["valid_from"], validTo: row["valid_to"], attributes: attrs)
            }
        }
    }

    // MARK: Frameworks

    /// Stores a new version when the document differs from the latest, in one transaction.
    public func saveFramework(_ framework: Framework, actor: String, at: Date) async throws -> (framework: Framework, isNew: Bool) {
        try await pool.write { db in
            let latest = try Row.fetchOne(db, sql: """
                SELECT version, document FROM framework_version WHERE framework_id = ? ORDER BY version DESC LIMIT 1
                """, arguments: [framework.id])
            var candidate = framework
            if let latest {
                let version: Int = latest["version"]
                let stored = try StoredFramework.decode(latest["document"], id: framework.id, version: version)
                candidate.version = version
                if stored == candidate { return (stored, false) }
                candidate.version = version + 1
            } else {
                candidate.version = 1
            }
            let doc = String(decoding: try FrameworkCoding.encode(candidate), as: UTF8.self)
            try db.execute(sql: """
                INSERT INTO framework_version (framework_id, version, document, imported_at, imported_by)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [candidate.id, candidate.version, doc, StoreJSON.timestamp(at), actor])
            return (candidate, true)
        }
    }

    /// The latest version of each framework, by id.
    public func latestFrameworks() async throws -> [Framework] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT f.framework_id, f.version, f.document FROM framework_version f
                WHERE f.version = (SELECT MAX(version) FROM framework_version g WHERE g.framework_id = f.framework_id)
                ORDER BY f.framework_id
                """).map { try StoredFramework.decode($0["document"], id: $0["framework_id"], version: $0["version"]) }
        }
    }

    /// One version, or the latest.
    public func framework(id: String, version: Int?) async throws -> Framework? {
        try await pool.read { db in
            let row: Row?
            if let version {
                row = try Row.fetchOne(db, sql: "SELECT version, document FROM framework_version WHERE framework_id = ? AND version = ?",
                                       arguments: [id, version])
            } else {
                row = try Row.fetchOne(db, sql: "SELECT version, document FROM framework_version WHERE framework_id = ? ORDER BY version DESC LIMIT 1",
                                       arguments: [id])
            }
            return try row.map { try StoredFramework.decode($0["document"], id: id, version: $0["version"]) }
        }
    }

    /// Every version of a framework with who imported it when.
    public func frameworkVersions(id: String) async throws -> [FrameworkVersionInfo] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM framework_version WHERE framework_id = ? ORDER BY version", arguments: [id]).map { row in
                let version: Int = row["version"]
                let fw = try StoredFramework.decode(row["document"], id: id, version: version)
                return FrameworkVersionInfo(id: id, version: version, importedAt: StoreJSON.date(row["imported_at"]) ?? Date(timeIntervalSince1970: 0),
                                            importedBy: row["imported_by"], indicatorCount: fw.indicators.count)
            }
        }
    }
}
