public import EcoCore
import Foundation
import EcoStore
import GRDB

extension SQLiteStore {
    public func saveBoundaries(_ boundaries: [RegionBoundary]) async throws {
        let encoded = try boundaries.map { b in
            (b.code.rawValue, try BoundaryText.encode(b.rings), b.source)
        }
        try await pool.write { db in
            for (code, rings, source) in encoded {
                try db.execute(sql: """
                    INSERT INTO region_boundary (code, rings, source) VALUES (?, ?, ?)
                    ON CONFLICT(code) DO UPDATE SET rings = excluded.rings, source = excluded.source
                    """, arguments: [code, rings, source])
            }
        }
    }

    public func boundaries(level: RegionLevel?) async throws -> [RegionBoundary] {
        try await pool.read { db in
            var sql = "SELECT b.code, b.rings, b.source FROM region_boundary b JOIN region r ON r.code = b.code"
            var args: StatementArguments = []
            if let level { sql += " WHERE r.level = ?"; args += [level.rawValue] }
            sql += " ORDER BY b.code"
            return try Row.fetchAll(db, sql: sql, arguments: args).compactMap { row in
                guard let code = RegionCode(row[0]), let rings = BoundaryText.decode(row[1] as String) else { return nil }
                return RegionBoundary(code: code, rings: rings, source: row[2])
            }
        }
    }

    public func revision() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'revision'") ?? 0 }
    }

    public func publishedRevision() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'published_revision'") ?? 0 }
    }
}
