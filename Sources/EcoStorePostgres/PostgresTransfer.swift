import EcoAccess
import EcoAccounting
import EcoDelivery
import EcoEnterprise
import EcoAir
import EcoCore
import EcoKit
public import EcoStore
import EcoWater
import EcoSources
import Foundation
import PostgresNIO

/// Moving rows in and out of PostgreSQL by the shared table descriptions (`ecoprov store copy`): reads by keyset
/// pages, writes by COPY into a temporary table and one upsert (append-only tables: the missing rows only), identity
/// sequences moved past the copied ids. Table and column names come from the descriptions in code, never from input.
extension PostgresStore: StoreTransfer {
    /// The core tables, then each domain's (the same list as SQLite's).
    public func storedTables() async throws -> [StoredTable] { CoreTables.all + AirTables.all + WaterTables.all + AccessTables.all + WorkflowTables.all + SourcesTables.all + AccountingTables.all + DeliveryTables.all + EnterpriseTables.all }

    /// A keyset page in key order; every column read back as text and turned into its kind's cell.
    public func rows(of table: StoredTable, after: [StoredCell]?, limit: Int) async throws -> [[StoredCell]] {
        let select = table.columns.map { Self.selectExpression($0) }.joined(separator: ", ")
        let keyList = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
        var sql = "SELECT \(select) FROM \"\(table.name)\""
        var binds = PostgresBindings()
        if let after {
            var params: [String] = []
            for (cell, index) in zip(after, table.keyIndices) {
                let column = table.columns[index]
                switch cell {
                case .integer(let i): binds.append(i)
                case .text(let s): binds.append(s)
                default: throw StoreError.database("a key of \(table.name) must be text or an integer")
                }
                params.append("$\(binds.count)" + (column.kind == .date ? "::date" : ""))
            }
            sql += " WHERE (\(keyList)) > (\(params.joined(separator: ", ")))"
        }
        sql += " ORDER BY \(keyList) LIMIT \(max(1, limit))"
        return try await rows(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in
            var cells: [StoredCell] = []
            cells.reserveCapacity(table.columns.count)
            for (cell, column) in zip(row, table.columns) {
                cells.append(try Self.cell(cell, column, table: table.name))
            }
            return cells
        }
    }

    /// Copies the rows into a temporary table shaped like the target, then inserts them with an upsert by key.
    public func writeRows(_ rows: [[StoredCell]], into table: StoredTable) async throws {
        guard !rows.isEmpty else { return }
        if MonitoringTables.partitioned.contains(table.name) {
            var months: Set<Int> = []
            guard let keyColumn = table.columns.firstIndex(where: { $0.name == (table.name == "air_hour" ? "hour_end" : table.name == "source_reading" ? "time" : "date") }) else {
                throw StoreError.database("\(table.name) is described without its partition key")
            }
            for row in rows {
                switch row[keyColumn] {
                case .integer(let h): months.insert(MonitoringTables.airHourMonth(Int(h)))
                case .text(let d):
                    guard let day = CivilDay(String(d.prefix(10))) else { throw StoreError.database("\(table.name).date holds '\(d)', not a day") }
                    months.insert(MonitoringTables.month(of: day))
                default: throw StoreError.database("\(table.name) has a row without its partition key")
                }
            }
            try await ensurePartitions(table.name, months: months)
        }
        let names = table.columns.map { "\"\($0.name)\"" }.joined(separator: ", ")
        let others = table.columns.map(\.name).filter { !table.key.contains($0) }
        var insert = "INSERT INTO \"\(table.name)\" (\(names)) SELECT \(names) FROM transfer_in"
        if table.appendOnly || others.isEmpty {
            insert += " ON CONFLICT DO NOTHING"
        } else {
            insert += " ON CONFLICT (\(table.key.map { "\"\($0)\"" }.joined(separator: ", "))) DO UPDATE SET "
                + others.map { "\"\($0)\" = excluded.\"\($0)\"" }.joined(separator: ", ")
        }
        let statement = insert
        try await transaction { conn in
            try await conn.query(PostgresQuery(unsafeSQL: "CREATE TEMP TABLE transfer_in (LIKE \"\(table.name)\") ON COMMIT DROP"),
                                 logger: Self.logger)
            try await conn.copyRows(into: "transfer_in", columns: table.columns.map(\.name), count: rows.count, logger: Self.logger) { i, r in
                for cell in rows[i] {
                    switch cell {
                    case .null: r.text(nil)
                    case .text(let s): r.text(s)
                    case .integer(let v): r.integer(v)
                    case .real(let d): r.real(d)
                    case .boolean(let b): r.boolean(b)
                    case .timestamp(let ms): r.text(StoreJSON.timestamp(milliseconds: ms))
                    }
                }
            }
            try await conn.query(PostgresQuery(unsafeSQL: statement), logger: Self.logger)
            if table.key == ["id"], table.columns.first(where: { $0.name == "id" })?.kind == .integer {
                // Later inserts take ids after the copied ones (serial ids only; a text id has no sequence).
                try await conn.query(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table.name)', 'id'), GREATEST((SELECT max(id) FROM "\(table.name)"), 1))
                    """), logger: Self.logger)
            }
        }
    }

    /// `SELECT count(*)`.
    public func rowCount(of table: StoredTable) async throws -> Int {
        try await rows(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \"\(table.name)\"")).first.map { try $0.decode(Int.self) } ?? 0
    }

    /// The `meta` table.
    public func counters() async throws -> [String: Int] {
        Dictionary(try await rows("SELECT key, value FROM meta").map { try $0.decode((String, Int).self) }, uniquingKeysWith: { a, _ in a })
    }

    /// Raises the named counters and bumps the revision, in one transaction.
    public func raiseCounters(_ counters: [String: Int]) async throws {
        try await transaction { conn in
            for (key, value) in counters {
                try await conn.query("UPDATE meta SET value = GREATEST(value, \(value)) WHERE key = \(key)", logger: Self.logger)
            }
            try await conn.query("UPDATE meta SET value = value + 1 WHERE key = 'revision'", logger: Self.logger)
        }
    }

    /// How a column is selected: timestamps as milliseconds since 1970, days as text, the rest as they are.
    static func selectExpression(_ column: StoredColumn) -> String {
        switch column.kind {
        case .timestamp: return "(round(extract(epoch FROM \"\(column.name)\") * 1000))::bigint"
        case .date: return "\"\(column.name)\"::text"
        default: return "\"\(column.name)\""
        }
    }

    /// A selected value as a cell of its column's kind.
    static func cell(_ value: PostgresCell, _ column: StoredColumn, table: String) throws -> StoredCell {
        do {
            switch column.kind {
            case .text, .date: return try value.decode(String?.self).map(StoredCell.text) ?? .null
            case .integer: return try value.decode(Int64?.self).map(StoredCell.integer) ?? .null
            case .real: return try value.decode(Double?.self).map(StoredCell.real) ?? .null
            case .boolean: return try value.decode(Bool?.self).map(StoredCell.boolean) ?? .null
            case .timestamp: return try value.decode(Int64?.self).map(StoredCell.timestamp) ?? .null
            }
        } catch {
            throw StoreError.database("\(table).\(column.name) cannot be read as \(column.kind.rawValue): \(error)")
        }
    }
}
