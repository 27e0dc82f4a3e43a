import EcoAccess
import EcoAccounting
import EcoDelivery
import EcoEnterprise
import EcoAir
import EcoCore
public import EcoStore
import EcoWater
import EcoSources
import Foundation
import GRDB

/// Moving rows in and out of SQLite by the shared table descriptions (`ecoprov store copy`). Table and column names
/// come from the descriptions in code, never from input.
extension SQLiteStore: StoreTransfer {
    /// The core tables, then each domain's.
    public func storedTables() async throws -> [StoredTable] { CoreTables.all + AirTables.all + WaterTables.all + AccessTables.all + WorkflowTables.all + SourcesTables.all + AccountingTables.all + DeliveryTables.all + EnterpriseTables.all }

    /// A keyset page in key order.
    public func rows(of table: StoredTable, after: [StoredCell]?, limit: Int) async throws -> [[StoredCell]] {
        let columns = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let keyList = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
        var sql = "SELECT \(columns) FROM \"\(table.name)\""
        var args: [DatabaseValueConvertible?] = []
        if let after {
            sql += " WHERE (\(keyList)) > (\(table.key.map { _ in "?" }.joined(separator: ", ")))"
            for (cell, index) in zip(after, table.keyIndices) { args.append(try Self.bind(cell, table.columns[index])) }
        }
        sql += " ORDER BY \(keyList) LIMIT \(max(1, limit))"
        let query = sql, arguments = StatementArguments(args)
        return try await pool.read { db in
            let cursor = try Row.fetchCursor(db, sql: query, arguments: arguments)
            var out: [[StoredCell]] = []
            while let row = try cursor.next() {
                out.append(try table.columns.enumerated().map { i, column in
                    try Self.cell(row[i] as DatabaseValue, column, table: table.name)
                })
            }
            return out
        }
    }

    /// Upserts by key (append-only tables: inserts the missing rows only), in one transaction.
    public func writeRows(_ rows: [[StoredCell]], into table: StoredTable) async throws {
        guard !rows.isEmpty else { return }
        let names = table.columns.map { "\"\($0.name)\"" }
        var sql = "INSERT INTO \"\(table.name)\" (\(names.joined(separator: ", "))) VALUES (\(names.map { _ in "?" }.joined(separator: ", ")))"
        let others = table.columns.map(\.name).filter { !table.key.contains($0) }
        if table.appendOnly || others.isEmpty {
            sql += " ON CONFLICT DO NOTHING"
        } else {
            sql += " ON CONFLICT(\(table.key.map { "\"\($0)\"" }.joined(separator: ", "))) DO UPDATE SET "
                + others.map { "\"\($0)\" = excluded.\"\($0)\"" }.joined(separator: ", ")
        }
        let statementSQL = sql
        try await pool.write { db in
            let st = try db.cachedStatement(sql: statementSQL)
            for row in rows {
                try st.execute(arguments: StatementArguments(try zip(row, table.columns).map { try Self.bind($0, $1) }))
            }
        }
    }

    /// `SELECT count(*)`.
    public func rowCount(of table: StoredTable) async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \"\(table.name)\"") ?? 0 }
    }

    /// The `meta` table.
    public func counters() async throws -> [String: Int] {
        try await pool.read { db in
            Dictionary(try Row.fetchAll(db, sql: "SELECT key, value FROM meta").map { ($0["key"] as String, $0["value"] as Int) },
                       uniquingKeysWith: { a, _ in a })
        }
    }

    /// Raises the named counters and bumps the revision, in one transaction.
    public func raiseCounters(_ counters: [String: Int]) async throws {
        try await pool.write { db in
            for (key, value) in counters {
                try db.execute(sql: "UPDATE meta SET value = MAX(value, ?) WHERE key = ?", arguments: [value, key])
            }
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'revision'")
        }
    }

    /// A stored value as a cell of the column's kind; a value of another kind is an error naming table and column.
    static func cell(_ value: DatabaseValue, _ column: StoredColumn, table: String) throws -> StoredCell {
        if value.isNull { return .null }
        func bad() -> StoreError { .database("\(table).\(column.name) holds \(value), not a \(column.kind.rawValue)") }
        switch column.kind {
        case .text, .date:
            guard let s = String.fromDatabaseValue(value) else { throw bad() }
            return .text(s)
        case .integer:
            guard let i = Int64.fromDatabaseValue(value) else { throw bad() }
            return .integer(i)
        case .real:
            guard let d = Double.fromDatabaseValue(value) else { throw bad() }
            return .real(d)
        case .boolean:
            guard let i = Int64.fromDatabaseValue(value) else { throw bad() }
            return .boolean(i != 0)
        case .timestamp:
            guard let s = String.fromDatabaseValue(value), let date = StoreJSON.date(s) else { throw bad() }
            return .instant(date)
        }
    }

    /// A cell as SQLite stores the column's kind.
    static func bind(_ cell: StoredCell, _ column: StoredColumn) throws -> DatabaseValueConvertible? {
        switch cell {
        case .null: return nil
        case .text(let s): return s
        case .integer(let i): return i
        case .real(let d): return d
        case .boolean(let b): return b ? 1 : 0
        case .timestamp(let ms): return StoreJSON.timestamp(milliseconds: ms)
        }
    }
}
