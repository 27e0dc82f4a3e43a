public import Foundation

/// The kind of a stored column, as the backends agree on it for moving data between them.
public enum ColumnKind: String, Sendable, Hashable {
    /// Text (codes, names, JSON documents).
    case text
    /// A 64-bit integer.
    case integer
    /// A binary double.
    case real
    /// True or false (SQLite keeps 0/1).
    case boolean
    /// An instant (SQLite keeps ISO 8601 text with milliseconds; PostgreSQL `timestamptz`).
    case timestamp
    /// A civil day `YYYY-MM-DD` (SQLite keeps text; PostgreSQL `date`).
    case date
}

/// One column of a stored table.
public struct StoredColumn: Sendable, Hashable {
    /// Its name, the same on every backend.
    public var name: String
    /// Its kind.
    public var kind: ColumnKind

    /// Creates a column.
    public init(_ name: String, _ kind: ColumnKind) {
        self.name = name
        self.kind = kind
    }
}

/// A table as every backend stores it: the description `ecoprov store copy` moves rows by. Each backend lists its
/// own tables (`StoreTransfer.storedTables()`); a copy refuses two backends whose lists differ.
public struct StoredTable: Sendable, Hashable {
    /// The table's name.
    public var name: String
    /// Every column, in a fixed order.
    public var columns: [StoredColumn]
    /// The primary key's columns, in order: rows are read in this order and matched by it.
    public var key: [String]
    /// True for the append-only audit: a row already present is left as it is (never updated).
    public var appendOnly: Bool

    /// Creates a table description.
    public init(name: String, columns: [StoredColumn], key: [String], appendOnly: Bool = false) {
        self.name = name
        self.columns = columns
        self.key = key
        self.appendOnly = appendOnly
    }

    /// The positions of the key columns in `columns`.
    public var keyIndices: [Int] { key.compactMap { k in columns.firstIndex { $0.name == k } } }
}

/// One value of a row being moved between backends.
public enum StoredCell: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// Text, or a civil day as `YYYY-MM-DD`.
    case text(String)
    /// An integer.
    case integer(Int64)
    /// A double.
    case real(Double)
    /// A boolean.
    case boolean(Bool)
    /// An instant, in whole milliseconds since 1970 (the precision both backends keep).
    case timestamp(Int64)

    /// A canonical text of the value, for checksums: equal cells give equal texts on every backend.
    public var canonical: String {
        switch self {
        case .null: return "\u{0}N"
        case .text(let t): return "s" + t.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\n", with: "\\n")
        case .integer(let i): return "i\(i)"
        case .real(let d): return "r\(d)"
        case .boolean(let b): return b ? "b1" : "b0"
        case .timestamp(let ms): return "t\(ms)"
        }
    }

    /// The instant of a timestamp cell.
    public var date: Date? {
        if case .timestamp(let ms) = self { return Date(timeIntervalSince1970: Double(ms) / 1000) }
        return nil
    }

    /// A timestamp cell of an instant, rounded to the millisecond.
    public static func instant(_ date: Date) -> StoredCell { .timestamp(Int64((date.timeIntervalSince1970 * 1000).rounded())) }
}

/// Moving every stored row between backends (`ecoprov store copy`): each backend describes its tables and reads and
/// writes rows by them. Counters (the revision and the domains' write counters) move separately.
public protocol StoreTransfer: Sendable {
    /// Every table holding data, in an order where a table comes after those it refers to.
    func storedTables() async throws -> [StoredTable]
    /// Up to `limit` rows of `table` after the key `after` (nil: from the start), in key order; cells in the order of
    /// `table.columns`.
    func rows(of table: StoredTable, after: [StoredCell]?, limit: Int) async throws -> [[StoredCell]]
    /// Writes rows in one transaction: a row whose key is stored replaces it, except in an append-only table, where it
    /// is left as it is. Writing the same rows twice changes nothing.
    func writeRows(_ rows: [[StoredCell]], into table: StoredTable) async throws
    /// The number of rows of `table`.
    func rowCount(of table: StoredTable) async throws -> Int
    /// The stored counters by name (`revision`, `air_hours_revision`, …).
    func counters() async throws -> [String: Int]
    /// Raises each named counter to at least the given value and bumps the revision, so caches rebuild.
    func raiseCounters(_ counters: [String: Int]) async throws
}

/// The core facets' tables, as every backend stores them.
public enum CoreTables {
    /// Regions, framework versions, values, their audit, basic conditions and outlines.
    public static let all: [StoredTable] = [
        StoredTable(name: "region", columns: [
            .init("code", .text), .init("name_zh", .text), .init("name_en", .text), .init("level", .text), .init("parent", .text),
            .init("kind", .text), .init("valid_from", .text), .init("valid_to", .text), .init("attributes", .text),
        ], key: ["code"]),
        StoredTable(name: "framework_version", columns: [
            .init("framework_id", .text), .init("version", .integer), .init("document", .text), .init("imported_at", .timestamp),
            .init("imported_by", .text),
        ], key: ["framework_id", "version"]),
        StoredTable(name: "observation", columns: [
            .init("framework_id", .text), .init("region_code", .text), .init("indicator_id", .text), .init("year", .integer),
            .init("number", .real), .init("level", .text), .init("source", .text), .init("note", .text), .init("certainty", .text),
            .init("synthetic", .boolean), .init("updated_at", .timestamp), .init("updated_by", .text), .init("version", .integer),
        ], key: ["framework_id", "region_code", "indicator_id", "year"]),
        StoredTable(name: "audit", columns: [
            .init("id", .integer), .init("at", .timestamp), .init("actor", .text), .init("framework_id", .text),
            .init("region_code", .text), .init("indicator_id", .text), .init("year", .integer), .init("old_value", .text),
            .init("new_value", .text), .init("reason", .text), .init("source", .text), .init("address", .text),
            .init("user_agent", .text), .init("seq", .integer), .init("prev_hash", .text), .init("hash", .text),
        ], key: ["id"], appendOnly: true),
        StoredTable(name: "audit_head", columns: [
            .init("framework_id", .text), .init("seq", .integer), .init("hash", .text),
        ], key: ["framework_id"]),
        StoredTable(name: "basic_condition", columns: [
            .init("framework_id", .text), .init("condition_id", .text), .init("region_code", .text), .init("year", .integer),
            .init("status", .text), .init("evidence", .text), .init("updated_at", .timestamp), .init("updated_by", .text),
        ], key: ["framework_id", "region_code", "condition_id", "year"]),
        StoredTable(name: "region_boundary", columns: [.init("code", .text), .init("rings", .text), .init("source", .text)], key: ["code"]),
    ]
}
