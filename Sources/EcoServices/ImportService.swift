import EcoCore
public import EcoAccess
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
    /// The file's text encoding, when it could be read (nil for a workbook).
    public var encoding: TextDecoding.Encoding?
    /// The sheet read, when the file was an .xlsx workbook.
    public var sheet: String? = nil
}

extension Services {
    /// Reads and validates a yearly-figures file for a framework and, unless `dryRun` or the file has problems,
    /// writes it in one transaction (a changed value is audited with `reason`). A dry run counts what would change.
    ///
    /// With an `account` (web and API uploads), every cell must be one the account may report
    /// (`AccessRules.mayReport`): a file with any other cell is refused whole, naming the cells. A cell of a
    /// submitted, approved or published unit refuses the file too (`ServiceError.conflict`), whoever writes.
    ///
    /// An .xlsx workbook is read through `TabularFile` (its first sheet, or `sheet`), its problems placed on its cells.
    public func importYearly(_ data: Data, file named: String, framework id: String, dryRun: Bool, reason: String?,
                             account: Account? = nil, sheet: String? = nil) async throws -> ImportOutcome {
        // The name becomes the rows' default source and part of the audit reason: no control characters, bounded.
        let file = AuditText.clean(named)
        let fw = try await framework(id)
        let table: TabularFile
        switch TabularFile.open(data, file: file, sheet: sheet) {
        case .success(let t): table = t
        case .failure(let problems):
            return ImportOutcome(problems: problems.list.map { p in
                var q = ImportProblem(file: p.file, line: p.line, column: p.column, kind: .unreadable(p.message))
                q.sheet = p.sheet
                return q
            }, rows: 0, valid: 0, new: 0, changed: 0, summary: WriteSummary(), dryRun: dryRun, encoding: nil)
        }
        var plan = ObservationCSV.read(table.data, file: file, framework: fw, regions: try await tree())
        plan.problems = plan.problems.map(table.locate)
        var outcome = ImportOutcome(problems: plan.problems, rows: plan.rows, valid: plan.writes.count, new: 0, changed: 0,
                                    summary: WriteSummary(), dryRun: dryRun, encoding: table.sheet == nil ? plan.encoding : nil, sheet: table.sheet)
        guard plan.problems.isEmpty else { return outcome }
        if let account {
            let tree = try await tree()
            var refused: [String] = []
            var allowed: [RegionCode: Bool] = [:]
            for w in plan.writes {
                let ok = allowed[w.key.region] ?? (tree[w.key.region].map { AccessRules.mayReport(account, $0, tree: tree) } ?? false)
                allowed[w.key.region] = ok
                if !ok { refused.append("\(w.key.region.rawValue) \(w.key.indicator) \(w.key.year)") }
            }
            if !refused.isEmpty {
                throw ServiceError.forbidden("nothing was imported: \(account.name) (\(account.role.rawValue), \(account.region.rawValue)) may not report \(refused.count) cell\(refused.count == 1 ? "" : "s") of the file: "
                    + refused.prefix(20).joined(separator: "; ") + (refused.count > 20 ? "; …" : ""))
            }
        }
        // The stored values the file can touch: its regions' (a small file) or its years' (a large one).
        var existing: [ObservationKey: ObservationValue] = [:]
        let regions = Set(plan.writes.map(\.key.region)), years = plan.writes.map(\.key.year)
        if let lo = years.min(), let hi = years.max() {
            let queries = regions.count <= 20 ? regions.sorted().map { ObservationQuery(framework: fw.id, region: $0, years: lo...hi) }
                                              : [ObservationQuery(framework: fw.id, years: lo...hi)]
            for q in queries { for o in try await store.observations(q) { existing[o.key] = o.value } }
        }
        outcome.new = plan.writes.filter { existing[$0.key] == nil }.count
        outcome.changed = plan.writes.filter { w in existing[w.key].map { $0 != w.value } ?? false }.count
        if dryRun { return outcome }
        var ctx = context(reason: reason ?? "import \(file)")
        if let account { ctx.actor = AuditText.clean(account.name) }
        do {
            outcome.summary = try await store.write(plan.writes, policy: .replace, context: ctx)
        } catch let e as StoreError {
            switch e {
            case .stale, .locked: throw ServiceError.conflict("\(file): " + e.description.replacingOccurrences(of: "nothing was saved", with: "nothing was imported"))
            default: throw e
            }
        }
        return outcome
    }
}
