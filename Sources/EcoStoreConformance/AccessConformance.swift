import EcoAccess
import EcoCore
import Foundation

/// The accounts facet's checks.
enum AccessConformance {
    static let checks: [(name: String, run: StoreConformance.Check)] = [
        ("accounts are created once, read, listed and updated", accounts),
        ("tokens are stored by hash, used, listed and revoked", tokens),
    ]

    static func accounts(_ s: any ConformingStore) async throws {
        let t0 = StoreConformance.t0
        let a = Account(name: "wang.li", role: .countyReporter, region: RegionCode("140105")!, passwordHash: "$2b$04$x", createdAt: t0)
        try StoreConformance.expect(try await s.createAccount(a), "a new account was not created")
        var twin = a
        twin.role = .administrator
        try StoreConformance.expect(!(try await s.createAccount(twin)), "a taken name must not be created again")
        try StoreConformance.expect(try await s.account(named: "wang.li") == a, "the account did not round-trip")
        var changed = a
        changed.disabled = true
        changed.failedLogins = 3
        changed.lockedUntil = t0.addingTimeInterval(900)
        changed.passwordHash = "$2b$04$y"
        try StoreConformance.expect(try await s.updateAccount(changed), "an update was not applied")
        try StoreConformance.expect(try await s.account(named: "wang.li") == changed, "the update did not round-trip")
        var ghost = a
        ghost.name = "nobody"
        try StoreConformance.expect(!(try await s.updateAccount(ghost)), "updating a missing account must say so")
        _ = try await s.createAccount(Account(name: "admin", role: .administrator, region: RegionCode("140000")!, passwordHash: "h", createdAt: t0))
        try StoreConformance.expect(try await s.accounts().map(\.name) == ["admin", "wang.li"], "accounts are not listed by name")
        try StoreConformance.expect(try await s.account(named: "WANG.LI") == nil, "names are case-sensitive")
    }

    static func tokens(_ s: any ConformingStore) async throws {
        let t0 = StoreConformance.t0
        _ = try await s.createAccount(Account(name: "bot", role: .viewer, region: RegionCode("140000")!, passwordHash: "h", createdAt: t0))
        let first = try await s.createToken(account: "bot", label: "nightly export", hash: "aa", at: t0)
        let second = try await s.createToken(account: "bot", label: nil, hash: "bb", at: t0)
        try StoreConformance.expect(second > first, "token ids must increase")
        let used = try await s.useToken(hash: "aa", at: t0.addingTimeInterval(60))
        try StoreConformance.expect(used?.id == first && used?.lastUsedAt == t0.addingTimeInterval(60), "using a token did not record it")
        try StoreConformance.expect(try await s.useToken(hash: "zz", at: t0) == nil, "an unknown hash must not match")
        try StoreConformance.expect(try await s.revokeToken(first, at: t0), "revoking failed")
        try StoreConformance.expect(!(try await s.revokeToken(first, at: t0)), "revoking twice must say so")
        try StoreConformance.expect(try await s.useToken(hash: "aa", at: t0) == nil, "a revoked token must not work")
        let listed = try await s.tokens(account: "bot")
        try StoreConformance.expect(listed.map(\.id) == [second, first] && listed.last?.revokedAt == t0 && listed.last?.label == "nightly export",
                                    "tokens not listed newest first with their state")
    }
}
