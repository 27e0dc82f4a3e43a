import Crypto
public import EcoAccess
import EcoCore
import EcoStore
public import Foundation
import HummingbirdBcrypt

/// Accounts and API tokens (part of issue 12: the CLI's `init --admin`, `user`, `token`). Passwords are hashed with
/// bcrypt (hummingbird-auth's `HummingbirdBcrypt`, cost 12, off the caller's task); tokens are 32 random bytes shown
/// once and stored as their SHA-256.
extension Services {
    /// The bcrypt cost of new hashes (2^12 rounds, about 0.25 s on this project's machines).
    public static let bcryptCost: UInt8 = 12
    /// The shortest password accepted.
    public static let minimumPasswordLength = 10

    /// Nil when the password is acceptable, else the sentence saying why not.
    public static func passwordProblem(_ password: String) -> String? {
        if password.count < minimumPasswordLength { return "a password needs at least \(minimumPasswordLength) characters" }
        if password.count > 72 || password.utf8.count > 72 { return "a password has at most 72 bytes (bcrypt reads no more)" }
        if password.contains(where: { $0.isNewline }) { return "a password cannot contain a line break" }
        return nil
    }

    /// A bcrypt hash, computed on a detached task so that it never holds up the server's event loop.
    static func hash(_ password: String) async -> String {
        await Task.detached(priority: .userInitiated) { Bcrypt.hash(password, cost: Services.bcryptCost) }.value
    }

    /// Creates an account after checking its name, role level, region and password.
    public func addUser(_ name: String, role: Role, region code: String, password: String) async throws -> Account {
        if let problem = Account.problem(name: name) { throw ServiceError.invalid(problem) }
        if let problem = Self.passwordProblem(password) { throw ServiceError.invalid(problem) }
        let region = try await tree().region(typed: code)
        if let level = role.regionLevel, region.level != level {
            throw ServiceError.invalid("a \(role.rawValue) is scoped to a \(level.rawValue), and \(region.code) \(region.name.zh) is a \(region.level.rawValue)")
        }
        let account = Account(name: name, role: role, region: region.code, passwordHash: await Self.hash(password), createdAt: clock())
        guard try await store.createAccount(account) else { throw ServiceError.invalid("the user name '\(name)' is taken") }
        return account
    }

    /// The account of a name, or an error naming it.
    func existingAccount(_ name: String) async throws -> Account {
        guard let a = try await store.account(named: name) else { throw ServiceError.invalid("there is no user named '\(name)'") }
        return a
    }

    /// Disables an account (its tokens stop working with it).
    public func disableUser(_ name: String) async throws {
        var a = try await existingAccount(name)
        a.disabled = true
        _ = try await store.updateAccount(a)
        try await store.deleteSessions(account: name)
    }

    /// Sets a new password, clears the failed logins and lifts a lockout.
    public func resetPassword(_ name: String, password: String) async throws {
        if let problem = Self.passwordProblem(password) { throw ServiceError.invalid(problem) }
        var a = try await existingAccount(name)
        a.passwordHash = await Self.hash(password)
        a.failedLogins = 0
        a.lockedUntil = nil
        _ = try await store.updateAccount(a)
        try await store.deleteSessions(account: name)
    }

    /// True when the password is the account's (and the account is enabled).
    public func checkPassword(_ name: String, _ password: String) async throws -> Bool {
        guard let a = try await store.account(named: name), !a.disabled else { return false }
        return await Self.verify(password, hash: a.passwordHash)
    }

    /// Creates a token for an enabled account and returns it with its id: the only time the token is shown.
    public func createToken(for name: String, label: String?) async throws -> (id: Int64, token: String) {
        let a = try await existingAccount(name)
        guard !a.disabled else { throw ServiceError.invalid("the user '\(name)' is disabled") }
        let token = "eco_" + Self.randomToken()
        let id = try await store.createToken(account: name, label: label, hash: Self.tokenHash(token), at: clock())
        return (id, token)
    }

    /// The enabled account a token acts as, recording its use; nil for an unknown, revoked or disabled one.
    public func account(forToken token: String) async throws -> Account? {
        guard let t = try await store.useToken(hash: Self.tokenHash(token), at: clock()),
              let a = try await store.account(named: t.account), !a.disabled else { return nil }
        return a
    }

    /// The stored form of a token: its SHA-256 in hex.
    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
