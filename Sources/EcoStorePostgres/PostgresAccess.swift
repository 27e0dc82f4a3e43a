public import EcoAccess
import EcoCore
import EcoStore
public import Foundation
import PostgresNIO

/// The accounts facet on PostgreSQL: `account` and `api_token` (step 009).
extension PostgresStore: AccessStore {
    static let accountColumns = "name, role, region, password_hash, disabled, failed_logins, locked_until, created_at"
    static let tokenColumns = "id, account, label, hash, created_at, last_used_at, revoked_at"

    /// Inserts the account unless the name is taken.
    public func createAccount(_ a: Account) async throws -> Bool {
        try await !rows("""
            INSERT INTO account (name, role, region, password_hash, disabled, failed_logins, locked_until, created_at)
            VALUES (\(a.name), \(a.role.rawValue), \(a.region.rawValue), \(a.passwordHash), \(a.disabled), \(a.failedLogins),
                    \(a.lockedUntil), \(a.createdAt))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """).isEmpty
    }

    /// One account.
    public func account(named name: String) async throws -> Account? {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.accountColumns) FROM account WHERE name = $1",
                                     binds: { var b = PostgresBindings(); b.append(name); return b }())).first.flatMap(Self.account)
    }

    /// Every account by name.
    public func accounts() async throws -> [Account] {
        try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.accountColumns) FROM account ORDER BY name")).compactMap(Self.account)
    }

    /// Replaces the mutable fields.
    public func updateAccount(_ a: Account) async throws -> Bool {
        try await !rows("""
            UPDATE account SET role = \(a.role.rawValue), region = \(a.region.rawValue), password_hash = \(a.passwordHash),
                disabled = \(a.disabled), failed_logins = \(a.failedLogins), locked_until = \(a.lockedUntil)
            WHERE name = \(a.name) RETURNING name
            """).isEmpty
    }

    /// Inserts a token.
    public func createToken(account: String, label: String?, hash: String, at: Date) async throws -> Int64 {
        guard let row = try await rows("""
            INSERT INTO api_token (account, label, hash, created_at) VALUES (\(account), \(label), \(hash), \(at)) RETURNING id
            """).first else { throw StoreError.database("the token was not stored") }
        return try row.decode(Int64.self)
    }

    /// Tokens, newest first.
    public func tokens(account: String?) async throws -> [APIToken] {
        var binds = PostgresBindings()
        var sql = "SELECT \(Self.tokenColumns) FROM api_token"
        if let account {
            binds.append(account)
            sql += " WHERE account = $1"
        }
        return try await rows(PostgresQuery(unsafeSQL: sql + " ORDER BY id DESC", binds: binds)).map(Self.token)
    }

    /// Revokes an unrevoked token.
    public func revokeToken(_ id: Int64, at: Date) async throws -> Bool {
        try await !rows("UPDATE api_token SET revoked_at = \(at) WHERE id = \(id) AND revoked_at IS NULL RETURNING id").isEmpty
    }

    /// Records the use of an unrevoked token and returns it.
    public func useToken(hash: String, at: Date) async throws -> APIToken? {
        // The last use to the minute: a script's every request need not write.
        try await rows(PostgresQuery(unsafeSQL: """
            UPDATE api_token SET last_used_at = $1 WHERE hash = $2 AND revoked_at IS NULL AND (last_used_at IS NULL OR last_used_at < $3)
            """, binds: { var b = PostgresBindings(); b.append(at); b.append(hash); b.append(at.addingTimeInterval(-60)); return b }()))
        return try await rows(PostgresQuery(unsafeSQL: "SELECT \(Self.tokenColumns) FROM api_token WHERE hash = $1 AND revoked_at IS NULL",
                                            binds: { var b = PostgresBindings(); b.append(hash); return b }())).first.map(Self.token)
    }

    static func account(_ row: PostgresRow) -> Account? {
        guard let (name, role, region, hash, disabled, failed, locked, created) =
                try? row.decode((String, String, String, String, Bool, Int, Date?, Date).self),
              let r = Role(rawValue: role), let code = RegionCode(region) else { return nil }
        return Account(name: name, role: r, region: code, passwordHash: hash, disabled: disabled, failedLogins: failed, lockedUntil: locked,
                       createdAt: created)
    }

    static func token(_ row: PostgresRow) throws -> APIToken {
        let (id, account, label, hash, created, used, revoked) = try row.decode((Int64, String, String?, String, Date, Date?, Date?).self)
        return APIToken(id: id, account: account, label: label, hash: hash, createdAt: created, lastUsedAt: used, revokedAt: revoked)
    }
}
