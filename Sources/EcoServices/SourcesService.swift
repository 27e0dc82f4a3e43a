public import EcoAccess
public import EcoCore
public import EcoIngest
public import EcoKit
public import EcoSources
public import EcoStandards
public import Foundation

/// What importing a registry file did.
public struct SourcesImportOutcome: Sendable {
    /// The file's problems; when any, nothing was written.
    public var problems: [FileProblem]
    /// Rows written.
    public var rows: Int
}

/// A handler's action on an alarm.
public enum AlarmAction: String, Sendable, CaseIterable {
    /// open → acknowledged.
    case acknowledge
    /// open or acknowledged → closed.
    case close
}

extension Services {
    /// The sources policy: the built-in one (marked reconstructed) or a file's.
    public static func sourcesPolicy(file: String? = nil) throws -> SourcesPolicy {
        guard let file else { return try BuiltinData.sourcesPolicy() }
        guard let data = FileManager.default.contents(atPath: file) else { throw ServiceError.invalid("\(file): cannot be read") }
        return try BuiltinData.sourcesPolicy(data, file: file)
    }

    /// Refuses an account that may not change the registry: administrators and province or city reviewers may.
    public static func checkRegistryRole(_ account: Account) throws {
        guard AccessRules.mayAdminister(account) || account.role == .provinceReviewer || account.role == .cityReviewer else {
            throw ServiceError.forbidden("\(account.name) (\(account.role.rawValue)) may not change the pollution-source registry: administrators and reviewers may")
        }
    }

    /// Reads a registry file of a kind and, when it has no problem, writes it in one transaction. An account (web and
    /// API) must be an administrator, or a reviewer whose region holds every enterprise the file names.
    public func importSources(_ data: Data, file named: String, kind: RegistryKind, account: Account? = nil) async throws -> SourcesImportOutcome {
        if let account { try Self.checkRegistryRole(account) }
        let file = AuditText.clean(named)
        let existing = try await store.sourceRegistry()
        let tree = try await tree()
        let read = SourcesCSV.read(data, file: file, kind: kind, existing: existing, regions: tree)
        guard read.problems.isEmpty else { return SourcesImportOutcome(problems: read.problems, rows: 0) }
        let r = read.registry
        if let account, !AccessRules.mayAdminister(account) {
            let regions = Dictionary(existing.enterprises.map { ($0.creditCode, $0.region) }, uniquingKeysWith: { _, b in b })
                .merging(r.enterprises.map { ($0.creditCode, $0.region) }, uniquingKeysWith: { _, b in b })
            let named = r.enterprises.map(\.creditCode) + r.outlets.map(\.enterprise) + r.devices.map(\.enterprise) + r.permits.map(\.enterprise)
                + r.limits.compactMap { l in existing.outlets.first { $0.id == l.outlet }?.enterprise ?? r.outlets.first { $0.id == l.outlet }?.enterprise }
            let outside = Set(named.filter { code in regions[code].map { !AccessRules.inScope(account, $0, tree: tree) } ?? true })
            if !outside.isEmpty {
                throw ServiceError.forbidden("nothing was imported: enterprises outside \(account.name)'s region \(account.region.rawValue): " + outside.sorted().prefix(10).joined(separator: ", "))
            }
        }
        try await store.upsertSourceRegistry(r)
        return SourcesImportOutcome(problems: [], rows: r.enterprises.count + r.outlets.count + r.devices.count + r.permits.count + r.limits.count)
    }

    /// A device's readings of a kind between two times (`from`…`to`, inclusive).
    public func sourceData(mn: String, kind: HJ212DataKind, from: HJ212Time, to: HJ212Time) async throws -> [SourceReading] {
        guard from <= to else { throw ServiceError.invalid("--from \(from) is after --to \(to)") }
        guard try await store.sourceRegistry().devices.contains(where: { $0.mn == mn }) else {
            throw ServiceError.invalid("no device with MN \(mn.prefix(64)) is registered")
        }
        return try await store.sourceReadings(mn: mn, kind: kind, from: from, to: to)
    }

    /// Acknowledges or closes an alarm, recording who and when. A viewer may not; a reviewer or reporter only in
    /// their region; an administrator anywhere. The console (no account) acts as `actor`.
    public func updateAlarm(id: String, action: AlarmAction, note: String?, account: Account?, actor: String) async throws -> SourceAlarm {
        guard var alarm = try await store.sourceAlarms(activeOnly: false).first(where: { $0.id == id }) else {
            throw ServiceError.invalid("no alarm \(id.prefix(80))")
        }
        if let account {
            let tree = try await tree()
            guard account.role != .viewer, AccessRules.inScope(account, alarm.region, tree: tree) else {
                throw ServiceError.forbidden("\(account.name) may not handle alarms of \(alarm.region.rawValue)")
            }
        }
        let who = account?.name ?? actor
        switch (action, alarm.state) {
        case (.acknowledge, .open):
            alarm.state = .acknowledged; alarm.acknowledgedBy = who; alarm.acknowledgedAt = clock()
        case (.close, .open), (.close, .acknowledged):
            if alarm.acknowledgedBy == nil { alarm.acknowledgedBy = who; alarm.acknowledgedAt = clock() }
            alarm.state = .closed; alarm.closedBy = who; alarm.closedAt = clock()
        default:
            throw ServiceError.conflict("alarm \(id) is \(alarm.state.rawValue): it cannot be \(action == .acknowledge ? "acknowledged" : "closed")")
        }
        if let note { alarm.note = AuditText.clean(String(note.prefix(500))) }
        try await store.writeSourceBatch(SourceWriteBatch(alarms: [alarm]))
        return alarm
    }

    /// The transmission rates of a day at a level.
    public func sourceRates(date: CivilDay, level: RateLevel, policy: SourcesPolicy) async throws -> [TransmissionRate] {
        let index = SourceIndex(try await store.sourceRegistry())
        let from = HJ212Time(day: date, seconds: 0), to = HJ212Time(day: date, seconds: 86_399)
        let readings = try await store.sourceReadings(kind: policy.rateKind, from: from, to: to)
        let tree = try await tree()
        return TransmissionRates.compute(date: date, readings: readings, index: index, policy: policy, level: level) { tree[$0]?.parent }
    }
}
