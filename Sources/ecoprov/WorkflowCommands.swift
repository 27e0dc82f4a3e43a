import ArgumentParser
import EcoAccess
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import Foundation

/// `ecoprov workflow`: the reporting workflow from the console — the status grid and the five actions (the same
/// rules as `POST /api/v1/workflow/...`), acting as the account named by `--user` (or $ECOPROV_USER).
struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "workflow",
        abstract: "Reporting workflow: status grid, submit, approve, return, unapprove, publish, check (acting as the account --user names).",
        subcommands: [Status.self, Act<SubmitKind>.self, Act<ApproveKind>.self, Act<ReturnKind>.self, Act<UnapproveKind>.self,
                      Act<PublishKind>.self, Check.self])

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The status of every unit of a year.")
        @OptionGroup var global: GlobalOptions
        @Option var year: Int
        @Option(help: "table, json or csv") var format: OutputFormat = .table

        func run() async throws {
            try checkYear(year)
            let rows = try await global.services().workflowGrid(framework: global.framework, year: year)
            let zh = global.language == .zh
            if format == .json {
                struct Row: Encodable {
                    let region: String; let name: String; let level: String; let status: String; let updatedAt: String?; let updatedBy: String?
                    let reason: String?; let deadline: String?; let overdue: Bool; let values: Int; let applicable: Int
                    let changedSinceApproval: Int; let errors: Int; let warnings: Int
                }
                print(try JSONDocument.text(rows.map { r in
                    Row(region: r.region.code.rawValue, name: r.region.name.zh, level: r.region.level.rawValue, status: r.status.rawValue,
                        updatedAt: r.updatedAt.map { $0.formatted(.iso8601) }, updatedBy: r.updatedBy, reason: r.reason,
                        deadline: r.deadline?.description, overdue: r.overdue, values: r.values, applicable: r.applicable,
                        changedSinceApproval: r.changedSinceApproval, errors: r.errors, warnings: r.warnings)
                }))
                return
            }
            let header = ["code", zh ? "地区" : "region", zh ? "状态" : "status", zh ? "最近操作" : "last action", zh ? "截止" : "deadline",
                          zh ? "已填" : "values", zh ? "审核后改动" : "changed", zh ? "校验" : "checks"]
            let table = rows.map { r -> [String] in
                // The table indents counties under their city and names statuses in the language; CSV keeps the names
                // and the status ids as they are (a script reads them).
                let csv = format == .csv
                let indent = csv ? "" : r.region.level == .county ? "    " : r.region.level == .city ? "  " : ""
                let status = csv ? r.status.rawValue + (r.overdue ? " overdue" : "")
                                 : (zh ? r.status.nameZH : r.status.rawValue) + (r.overdue ? (zh ? "（逾期）" : " (overdue)") : "")
                return [r.region.code.rawValue, indent + r.region.name[global.language], status,
                        r.updatedAt.map { "\(r.updatedBy ?? "") \($0.formatted(.iso8601))" } ?? "—", r.deadline?.description ?? "—",
                        "\(r.values)/\(r.applicable)", String(r.changedSinceApproval), "\(r.errors)✗ \(r.warnings)!"]
            }
            print(try Show.rows(header, table, csv: format == .csv), terminator: "")
        }
    }

    /// One of the five actions as a subcommand.
    struct Act<K: ActionKind>: AsyncParsableCommand {
        static var configuration: CommandConfiguration {
            CommandConfiguration(commandName: K.action.rawValue, abstract: K.abstract)
        }
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The region code of the unit.") var region: String
        @Option var year: Int
        @Option(help: "Why (required to return).") var reason: String?
        @Option(name: .customLong("comment"), help: "RULE@INDICATOR=TEXT: the comment on a warning (submit); repeatable.") var comments: [String] = []

        func run() async throws {
            try checkYear(year)
            let services = try await global.services()
            guard let account = try await services.store.account(named: global.actor) else {
                throw UserError("there is no account named '\(global.actor)': act as an account with --user NAME (see ecoprov user list)")
            }
            var byKey: [String: String] = [:]
            for c in comments {
                let parts = c.split(separator: "=", maxSplits: 1)
                guard parts.count == 2 else { throw UserError("--comment takes RULE@INDICATOR=TEXT, got '\(c)'") }
                byKey[String(parts[0])] = String(parts[1])
            }
            let state = try await services.perform(K.action, framework: global.framework, region: region, year: year, by: account,
                                                   reason: reason, comments: byKey)
            print("\(state.unit.region.rawValue) \(year): \(state.status.rawValue) (\(state.status.nameZH)) by \(account.name)")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run the framework's validation rules over a unit and store the result.")
        @OptionGroup var global: GlobalOptions
        @Argument var region: String
        @Option var year: Int

        func run() async throws {
            try checkYear(year)
            let found = try await global.services().checkUnit(framework: global.framework, region: region, year: year, by: nil)
            if found.isEmpty { print("no rule failed"); return }
            for v in found {
                print("\(v.violation.importance.rawValue) \(v.violation.commentKey): \(v.violation.message[global.language])\(v.comment.map { " — \($0)" } ?? "")")
            }
            if found.contains(where: { $0.violation.importance == .error }) { throw ExitCode(1) }
        }
    }
}

/// What distinguishes the five action subcommands.
protocol ActionKind { static var action: WorkflowAction { get }; static var abstract: String { get } }
enum SubmitKind: ActionKind { static let action = WorkflowAction.submit; static let abstract = "Submit a unit (its rules must pass; each warning needs --comment)." }
enum ApproveKind: ActionKind { static let action = WorkflowAction.approve; static let abstract = "Approve a submitted unit (the level above); locks its values." }
enum ReturnKind: ActionKind { static let action = WorkflowAction.return; static let abstract = "Return a submitted unit to its reporter with --reason." }
enum UnapproveKind: ActionKind { static let action = WorkflowAction.unapprove; static let abstract = "Unapprove a unit (the level above, before it is approved itself)." }
enum PublishKind: ActionKind { static let action = WorkflowAction.publish; static let abstract = "Publish an approved unit (the province)." }

/// `ecoprov audit verify`: checks the hash chains of the audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The tamper-evident audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every record against its hash chain; exit 1 when a record was edited, deleted or inserted.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let reports = try await global.services().verifyAudit()
            var failed = false
            for r in reports {
                let chained = r.records - r.unchained
                if r.problems.isEmpty {
                    print("\(r.framework): \(chained) chained records intact\(r.unchained > 0 ? ", \(r.unchained) earlier records not chained" : "")")
                } else {
                    failed = true
                    print("\(r.framework): \(r.problems.count) problem\(r.problems.count == 1 ? "" : "s") in \(r.records) records")
                    for p in r.problems.prefix(50) { print("  \(p)") }
                }
            }
            if reports.isEmpty { print("no audit records") }
            if failed { throw ExitCode(1) }
        }
    }
}
