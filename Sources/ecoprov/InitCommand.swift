import ArgumentParser
import EcoAir
import EcoServices
import EcoStoreSQLite
import Foundation

struct Init: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or migrate the database and load the built-in regions, frameworks and published figures.")

    @OptionGroup var global: GlobalOptions

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
    }
}
