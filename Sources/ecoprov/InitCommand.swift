import ArgumentParser
import EcoAir
import EcoServices
import EcoStoreSQLite
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or migrate the database and load the built-in regions, frameworks and published figures.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Create this administrator of the province (the password is read from standard input).") var admin: String?
    @Flag(name: .customLong("password-stdin"), help: "Read the administrator's password from standard input.") var passwordStdin = false

    func run() async throws {
        let store = try global.backend()
        let report = try await Bootstrap.initialize(store, actor: global.actor, at: Date())
        let migrations = try await store.appliedMigrations()
        let zh = global.language == .zh
        print(zh ? "数据库：\(global.databaseLabel)（迁移 \(migrations.count) 步：\(migrations.joined(separator: ", "))）"
                 : "database: \(global.databaseLabel) (\(migrations.count) migrations: \(migrations.joined(separator: ", ")))")
        print(zh ? "新增行政区划 \(report.regionsAdded) 个；新增指标体系：\(report.frameworksAdded.isEmpty ? "无" : report.frameworksAdded.joined(separator: ", "))"
                 : "regions added: \(report.regionsAdded); frameworks added: \(report.frameworksAdded.isEmpty ? "none" : report.frameworksAdded.joined(separator: ", "))")
        print(zh ? "公开发布数据：新增 \(report.published.inserted) 条，已存在 \(report.published.kept) 条"
                 : "published figures: \(report.published.inserted) added, \(report.published.kept) already present")
        if let admin {
            guard passwordStdin else { throw UserError("--admin needs the password on standard input with --password-stdin") }
            let root = try await store.regions().first { $0.level == .province && $0.parent == nil }
            guard let root else { throw UserError("no province in the database to scope the administrator to") }
            let a = try await Services(store: store, actor: global.actor).addUser(admin, role: .administrator, region: root.code.rawValue,
                                                                                password: try passwordFromStdin())
            print(zh ? "已创建系统管理员 \(a.name)（\(root.name.zh)）" : "administrator \(a.name) created (\(root.name.en))")
        }
    }
}
