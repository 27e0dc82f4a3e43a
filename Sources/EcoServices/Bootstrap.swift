import EcoAir
import EcoCore
import EcoIngest
public import EcoStore
public import Foundation

/// Creates or migrates a database and loads the built-in data that is missing. Idempotent: regions edited by an
/// administrator, framework versions imported later and values already stored are left as they are.
public enum Bootstrap {
    /// What `initialize` loaded.
    public struct Report: Sendable {
        public var regionsAdded = 0
        public var frameworksAdded: [String] = []
        public var published = WriteSummary()
    }

    public static func initialize(_ store: any EcoStore, actor: String, at: Date) async throws -> Report {
        try await store.migrate()
        var report = Report()
        let existing = Set(try await store.regions().map(\.code))
        let missing = try BuiltinData.regions().filter { !existing.contains($0.code) }
        if !missing.isEmpty { try await store.upsertRegions(missing) }
        report.regionsAdded = missing.count
        for fw in try BuiltinData.frameworks() where try await store.framework(id: fw.id, version: nil) == nil {
            _ = try await store.saveFramework(fw, actor: actor, at: at)
            report.frameworksAdded.append(fw.id)
        }
        report.published = try await store.write(try BuiltinData.publishedFigures(), policy: .keepExisting,
                                                 context: ChangeContext(actor: actor, at: at, reason: "built-in published figures"))
        return report
    }

    /// Migrates and, for a database without regions (new or empty), loads the built-in data.
    public static func prepare(_ store: any EcoStore, actor: String, at: Date) async throws {
        try await store.migrate()
        if try await store.regions().isEmpty {
            _ = try await initialize(store, actor: actor, at: at)
        }
    }
}
