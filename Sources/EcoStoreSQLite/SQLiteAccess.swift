public import EcoAccess
import EcoCore
import EcoStore
public import Foundation
import GRDB

/// The accounts facet on SQLite: `account` and `api_token` (migration 009).
extension SQLiteStore: AccessStore {
    /// Inserts the account unless the name is taken.
    public func createAccount(_ a: Account) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO account (name, role, region, password_hash, disabled, failed_logins, locked_until, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING
                """, arguments: [a.name, a.role.rawValue, a.region.rawValue, a.passwordHash, a.disabled, a.failedLogins,
                                 a.lockedUntil.map(StoreJSON.timestamp), StoreJSON.timestamp(a.createdAt)])
            return db.changesCount == 1
        }
    }

    /// One account.
    public func account(named name: String) async throws -> Account? {
        try await pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM account WHERE name = ?", arguments: [name]).flatMap(Self.account) }
    }

    /// Every account by name.
    public func accounts() async throws -> [Account] {
        try await pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM account ORDER BY name").compactMap(Self.account) }
    }

    /// Replaces the mutable fields.
    public func updateAccount(_ a: Account) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: """
                UPDATE account SET role = ?, region = ?, password_hash = ?, disabled = ?, failed_logins = ?, locked_until = ? WHERE name = ?
                """, arguments: [a.role.rawValue, a.region.rawValue, a.passwordHash, a.disabled, a.failedLogins,
                                 a.lockedUntil.map(StoreJSON.timestamp), a.name])
            return db.changesCount == 1
        }
    }

    /// Inserts a token.
    public func createToken(account: String, label: String?, hash: String, at: Date) async throws -> Int64 {
        try await pool.write { db in
            try db.execute(sql: "INSERT INTO api_token (account, label, hash, created_at) VALUES (?, ?, ?, ?)",
                           arguments: [account, label, hash, StoreJSON.timestamp(at)])
            return db.lastInsertedRowID
        }
    }

    /// Tokens, newest first.
    public func tokens(account: String?) async throws -> [APIToken] {
        try await pool.read { db in
            let rows = if let account {
                try Row.fetchAll(db, sql: "SELECT * FROM api_token WHERE account = ? ORDER BY id DESC", arguments: [account])
            } else {
                try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id DESC")
            }
            return rows.map(Self.token)
        }
    }

    /// Revokes an unrevoked token.
    public func revokeToken(_ id: Int64, at: Date) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [StoreJSON.timestamp(at), id])
            return db.changesCount == 1
        }
    }

    /// Records the use of an unrevoked token and returns it. The last use is kept to the minute, so a script's
    /// requests read the token and only one a minute writes.
    public func useToken(hash: String, at: Date) async throws -> APIToken? {
        guard var token = try await pool.read({ db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE hash = ? AND revoked_at IS NULL", arguments: [hash]).map(Self.token)
        }) else { return nil }
        if token.lastUsedAt.map({ at.timeIntervalSince($0) >= 60 }) ?? true {
            let id = token.id
            try await pool.write { db in
                try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?", arguments: [StoreJSON.timestamp(at), id])
            }
            token.lastUsedAt = StoreJSON.date(StoreJSON.timestamp(at))
        }
        return token
    }

    static func account(_ row: Row) -> Account? {
        guard let role = Role(rawValue: row["role"]), let region = RegionCode(row["region"]) else { return nil }
        return Account(name: row["name"], role: role, region: region, passwordHash: row["password_hash"], disabled: row["disabled"],
                       failedLogins: row["failed_logins"], lockedUntil: (row["locked_until"] as String?).flatMap(StoreJSON.date),
                       createdAt: StoreJSON.date(row["created_at"]) ?? Date(timeIntervalSince1970: 0))
    }

    static func token(_ row: Row) -> APIToken {
        APIToken(id: row["id"], account: row["account"], label: row["label"], hash: row["hash"],
                 createdAt: StoreJSON.date(row["created_at"]) ?? Date(timeIntervalSince1970: 0),
                 lastUsedAt: (row["last_used_at"] as String?).flatMap(StoreJSON.date), revokedAt: (row["revoked_at"] as String?).flatMap(StoreJSON.date))
    }
}
