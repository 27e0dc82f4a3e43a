import Crypto
public import EcoAccess
import EcoKit
public import Foundation
import HummingbirdBcrypt

/// The backoff and lockout rule of logins, for an account (stored, shared by every server process) and for a client
/// address (kept by each process). After `freeAttempts` failures in a row, each further failure locks for
/// `baseLock` · 2^(failures − freeAttempts), at most `maxLock`; a success clears the count. These numbers are this
/// platform's configuration (no standard fixes them), in line with NIST SP 800-63B §5.2.2's limit of 100 failures.
public struct LoginPolicy: Sendable {
    /// Failures allowed before the first lock.
    public var freeAttempts: Int
    /// The first lock.
    public var baseLock: TimeInterval
    /// The longest lock.
    public var maxLock: TimeInterval
    /// How long a session lasts.
    public var sessionLifetime: TimeInterval

    /// Per account: 5 free failures, then 30 s, 60 s, … up to 1 h.
    public static let account = LoginPolicy(freeAttempts: 5, baseLock: 30, maxLock: 3600, sessionLifetime: 8 * 3600)
    /// Per address (offices share one address behind NAT, hence more): 20 free failures, then 30 s … 1 h.
    public static let address = LoginPolicy(freeAttempts: 20, baseLock: 30, maxLock: 3600, sessionLifetime: 8 * 3600)

    /// Creates a policy.
    public init(freeAttempts: Int, baseLock: TimeInterval, maxLock: TimeInterval, sessionLifetime: TimeInterval) {
        self.freeAttempts = freeAttempts
        self.baseLock = baseLock
        self.maxLock = maxLock
        self.sessionLifetime = sessionLifetime
    }

    /// How long to lock after `failures` failures in a row (nil: no lock yet). 5 → nil, 6 → 30 s, 7 → 60 s for the
    /// account policy.
    public func lock(afterFailures failures: Int) -> TimeInterval? {
        guard failures > freeAttempts else { return nil }
        let doublings = min(failures - freeAttempts - 1, 30)
        return min(baseLock * pow(2, Double(doublings)), maxLock)
    }
}

/// Failed logins per client address, in this process.
public actor AddressThrottle {
    private var failures: [String: (count: Int, until: Date?)] = [:]
    private let policy: LoginPolicy

    /// A throttle with a policy.
    public init(policy: LoginPolicy = .address) {
        self.policy = policy
    }

    /// The end of the address's lock, when it is locked at `now`.
    public func lockedUntil(_ address: String, now: Date) -> Date? {
        guard let until = failures[address]?.until, until > now else { return nil }
        return until
    }

    /// Records a failure.
    public func failed(_ address: String, now: Date) {
        if failures.count > 100_000 { failures = failures.filter { ($0.value.until ?? .distantPast) > now } }
        let n = (failures[address]?.count ?? 0) + 1
        failures[address] = (n, policy.lock(afterFailures: n).map { now.addingTimeInterval($0) })
    }

    /// Records a success (clears the address).
    public func succeeded(_ address: String) {
        failures[address] = nil
    }
}

/// What a login attempt gave.
public enum LoginResult: Sendable {
    /// Signed in: the cookie's token (shown once, stored hashed) and the session.
    case success(token: String, session: Session, account: Account)
    /// Wrong name or password, or a disabled account, as one sentence.
    case refused(String)
    /// Locked after repeated failures, until then.
    case locked(until: Date)
}

extension Services {
    /// A bcrypt hash of nothing anyone types, checked against when the name is unknown so that a wrong name takes as
    /// long as a wrong password (no telling which names exist).
    static let decoyHash = Bcrypt.hash(randomToken(), cost: Services.bcryptCost)

    /// Checks a name and password (bcrypt off the event loop) under the account's backoff and lockout, and opens a
    /// session on success.
    public func login(name: String, password: String) async throws -> LoginResult {
        let now = clock()
        let wrong = LoginResult.refused("wrong user name or password")
        guard Account.problem(name: name) == nil, password.utf8.count <= 72, var a = try await store.account(named: name) else {
            _ = await Task.detached(priority: .userInitiated) { Bcrypt.verify(password, hash: Services.decoyHash) }.value
            return wrong
        }
        if let until = a.lockedUntil, until > now { return .locked(until: until) }
        guard await Self.verify(password, hash: a.passwordHash) else {
            a.failedLogins += 1
            a.lockedUntil = LoginPolicy.account.lock(afterFailures: a.failedLogins).map { now.addingTimeInterval($0) }
            _ = try await store.updateAccount(a)
            if let until = a.lockedUntil { return .locked(until: until) }
            return wrong
        }
        guard !a.disabled else { return .refused("the account \(name) is disabled") }
        if a.failedLogins != 0 || a.lockedUntil != nil {
            a.failedLogins = 0
            a.lockedUntil = nil
            _ = try await store.updateAccount(a)
        }
        let token = Self.randomToken()
        let session = Session(hash: Self.tokenHash(token), account: a.name, csrf: Self.randomToken(), createdAt: now,
                              expiresAt: now.addingTimeInterval(LoginPolicy.account.sessionLifetime),
                              address: address.map(AuditText.clean), userAgent: userAgent.map(AuditText.clean))
        try await store.createSession(session)
        return .success(token: token, session: session, account: a)
    }

    /// The session of a cookie's token and its enabled account; nil when unknown, expired or disabled.
    public func session(token: String) async throws -> (session: Session, account: Account)? {
        guard token.count <= 100, let s = try await store.session(hash: Self.tokenHash(token), at: clock()),
              let a = try await store.account(named: s.account), !a.disabled else { return nil }
        return (s, a)
    }

    /// Ends the session of a cookie's token.
    public func logout(token: String) async throws {
        try await store.deleteSession(hash: Self.tokenHash(token), at: clock())
    }

    /// bcrypt verification on a detached task (never on the server's event loop).
    static func verify(_ password: String, hash: String) async -> Bool {
        await Task.detached(priority: .userInitiated) { Bcrypt.verify(password, hash: hash) }.value
    }

    /// 32 random bytes as base64url text (sessions, CSRF tokens, API tokens).
    public static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
