import EcoCore
public import EcoIngest
public import EcoStore
import EcoKit
public import Foundation

/// The outcome of importing a yearly-figures file (`ecoprov import`, the web upload and `POST
/// /api/v1/observations/import` alike).
public struct ImportOutcome: Sendable {
    /// The file's problems; when any, nothing was written.
    public var problems: [ImportProblem]
    /// Data rows read.
    public var rows: Int
    /// Valid values in the file.
    public var valid: Int
    /// Values for cells that hold none yet.
    public var new: Int
    /// Values that differ from the stored ones.
    public var changed: Int
    /// What the write did (all zero for a dry run or a refused file).
    public var summary: WriteSummary
    /// True when nothing was meant to be written.
    public var dryRun: Bool
    /// The file's text encoding, when it could be read.
    public var encoding: TextDecoding.Encoding?
}

extension Services {
    /// Reads and validates a yearly-figures file for a framework and, unless `dryRun` or the file has problems,
    /// writes it in one transaction (a changed value is audited with `reason`). A dry run counts what would change.
    public func importYearly(_ data: Data, file named: String, framework id: String, dryRun: Bool, reason: String?) async throws -> ImportOutcome {
        // The name becomes the rows' default source and part of the audit reason: no control characters, bounded.
        let file = AuditText.clean(named)
        let fw = try await framework(id)
        let plan = ObservationCSV.read(data, file: file, framework: fw, regions: try await tree())
        var outcome = ImportOutcome(problems: plan.problems, rows: plan.rows, valid: plan.writes.count, new: 0, changed: 0,
                                    summary: WriteSummary(), dryRun: dryRun, encoding: plan.encoding)
        guard plan.problems.isEmpty else { return outcome }
        var existing: [ObservationKey: ObservationValue] = [:]
        for o in try await store.observations(ObservationQuery(framework: fw.id)) { existing[o.key] = o.value }
        outcome.new = plan.writes.filter { existing[$0.key] == nil }.count
        outcome.changed = plan.writes.filter { w in existing[w.key].map { $0 != w.value } ?? false }.count
        if dryRun { return outcome }
        outcome.summary = try await store.write(plan.writes, policy: .replace, context: context(reason: reason ?? "import \(file)"))
        return outcome
    }
}
