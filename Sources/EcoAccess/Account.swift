public import EcoCore
public import EcoStore
public import Foundation

/// What an account may do. Every account is also scoped to a region subtree (`Account.region`).
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Manages accounts and everything else.
    case administrator
    /// Approves the cities and the province itself, publishes.
    case provinceReviewer = "province-reviewer"
    /// Approves the counties of its city.
    case cityReviewer = "city-reviewer"
    /// Enters its city's own figures.
    case cityReporter = "city-reporter"
    /// Enters its county's figures.
    case countyReporter = "county-reporter"
    /// Reads internal data within its scope.
    case viewer

    /// The level of region an account of this role must be scoped to (nil: any).
    public var regionLevel: RegionLevel? {
        switch self {
        case .administrator, .viewer: return nil
        case .provinceReviewer: return .province
        case .cityReviewer, .cityReporter: return .city
        case .countyReporter: return .county
        }
    }

    /// 中文名称.
    public var nameZH: String {
        switch self {
        case .administrator: return "系统管理员"
        case .provinceReviewer: return "省级审核人"
        case .cityReviewer: return "市级审核人"
        case .cityReporter: return "市级填报人"
        case .countyReporter: return "县级填报人"
        case .viewer: return "查看者"
        }
    }
}

/// A person's account: a role within a region subtree, a password hash (bcrypt, made by the services layer), and the
/// failed-login state that drives backoff and lockout.
public struct Account: Sendable, Hashable {
    /// The login name (1–64 letters, digits, `.`, `_`, `-`).
    public var name: String
    /// The role.
    public var role: Role
    /// The root of the region subtree the account acts on.
    public var region: RegionCode
    /// The bcrypt hash of the password.
    public var passwordHash: String
    /// True once disabled: it can neither log in nor use its tokens.
    public var disabled: Bool
    /// Failed logins since the last success.
    public var failedLogins: Int
    /// No login is accepted before this instant (backoff and lockout).
    public var lockedUntil: Date?
    /// When the account was created.
    public var createdAt: Date

    /// Creates an account record.
    public init(name: String, role: Role, region: RegionCode, passwordHash: String, disabled: Bool = false, failedLogins: Int = 0,
                lockedUntil: Date? = nil, createdAt: Date) {
        self.name = name
        self.role = role
        self.region = region
        self.passwordHash = passwordHash
        self.disabled = disabled
        self.failedLogins = failedLogins
        self.lockedUntil = lockedUntil
        self.createdAt = createdAt
    }

    /// Nil when `name` is a valid login name, else the sentence saying what is expected.
    public static func problem(name: String) -> String? {
        guard (1...64).contains(name.count) else { return "a user name has 1 to 64 characters, '\(name.prefix(70))' has \(name.count)" }
        guard name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0)) })
        else { return "a user name is made of letters, digits, '.', '_' and '-': '\(name)' is not" }
        return nil
    }
}

/// An API token for scripts: shown once when created, stored only as its SHA-256, revocable.
public struct APIToken: Sendable, Hashable {
    /// The token's number.
    public var id: Int64
    /// The account it acts as.
    public var account: String
    /// What it is for.
    public var label: String?
    /// The SHA-256 of the token, hex.
    public var hash: String
    /// When it was created.
    public var createdAt: Date
    /// When it was last used.
    public var lastUsedAt: Date?
    /// When it was revoked.
    public var revokedAt: Date?

    /// Creates a token record.
    public init(id: Int64, account: String, label: String?, hash: String, createdAt: Date, lastUsedAt: Date?, revokedAt: Date?) {
        self.id = id
        self.account = account
        self.label = label
        self.hash = hash
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.revokedAt = revokedAt
    }
}

/// The accounts facet every backend implements and the conformance suite checks.
public protocol AccessStore: Sendable {
    /// Stores a new account; false when the name is taken.
    func createAccount(_ account: Account) async throws -> Bool
    /// One account by name.
    func account(named name: String) async throws -> Account?
    /// Every account, by name.
    func accounts() async throws -> [Account]
    /// Replaces an account's role, region, hash, disabled flag and login state; false when there is no such account.
    func updateAccount(_ account: Account) async throws -> Bool
    /// Stores a token (its hash) and returns its id.
    func createToken(account: String, label: String?, hash: String, at: Date) async throws -> Int64
    /// The tokens of one account (all accounts when nil), newest first.
    func tokens(account: String?) async throws -> [APIToken]
    /// Revokes a token; false when there is no such unrevoked token.
    func revokeToken(_ id: Int64, at: Date) async throws -> Bool
    /// The unrevoked token with this hash, after recording its use at `at`.
    func useToken(hash: String, at: Date) async throws -> APIToken?
    /// Stores a new browser session.
    func createSession(_ session: Session) async throws
    /// The session with this hash, when it has not expired at `at`.
    func session(hash: String, at: Date) async throws -> Session?
    /// Ends a session (logout); also removes expired sessions.
    func deleteSession(hash: String, at: Date) async throws
    /// Ends every session of an account (disabled, password reset).
    func deleteSessions(account: String) async throws
}

/// The accounts facet's tables, as every backend stores them (for `ecoprov store copy`).
public enum AccessTables {
    /// Accounts and API tokens.
    public static let all: [StoredTable] = [
        StoredTable(name: "account", columns: [
            .init("name", .text), .init("role", .text), .init("region", .text), .init("password_hash", .text), .init("disabled", .boolean),
            .init("failed_logins", .integer), .init("locked_until", .timestamp), .init("created_at", .timestamp),
        ], key: ["name"]),
        StoredTable(name: "api_token", columns: [
            .init("id", .integer), .init("account", .text), .init("label", .text), .init("hash", .text), .init("created_at", .timestamp),
            .init("last_used_at", .timestamp), .init("revoked_at", .timestamp),
        ], key: ["id"]),
    ]
}
