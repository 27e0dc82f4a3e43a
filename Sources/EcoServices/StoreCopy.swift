import Crypto
public import EcoStore
import Foundation

/// Moving a whole database to another backend (`ecoprov store copy`): every table in key order, page by page, with
/// the row counts and a SHA-256 of each table's rows compared on both sides afterwards. The target's rows are
/// upserted by key (the append-only audit only gains the missing records), so copying again changes nothing and a
/// copy broken off halfway is finished by running it again.
public enum StoreCopy {
    /// One table's outcome.
    public struct TableResult: Sendable, Hashable {
        /// The table.
        public var table: String
        /// Rows in the source.
        public var sourceRows: Int
        /// Rows in the target after the copy.
        public var targetRows: Int
        /// SHA-256 of the source's rows (hex).
        public var sourceChecksum: String
        /// SHA-256 of the target's rows (hex).
        public var targetChecksum: String

        /// Counts and checksums agree.
        public var matches: Bool { sourceRows == targetRows && sourceChecksum == targetChecksum }
    }

    /// Rows per page read and written.
    public static let pageSize = 5_000

    /// Migrates both stores, copies every table and verifies it. `progress` is told each table's name and the rows
    /// copied so far. Throws when the two backends describe different tables (migrate both to the same version).
    public static func copy(from source: any EcoStore & StoreTransfer, to target: any EcoStore & StoreTransfer,
                            progress: @Sendable (String, Int) -> Void = { _, _ in }) async throws -> [TableResult] {
        try await source.migrate()
        try await target.migrate()
        let tables = try await source.storedTables()
        let targetTables = try await target.storedTables()
        guard tables == targetTables else {
            let a = Set(tables.map(\.name)), b = Set(targetTables.map(\.name))
            throw StoreError.database("the two databases describe different tables (only in the source: \(a.subtracting(b).sorted()), "
                + "only in the target: \(b.subtracting(a).sorted())): upgrade ecoprov on both")
        }
        // The source's checksum is taken from the pages as they are copied: each table is read once.
        var sourceSums: [(rows: Int, sha256: String)] = []
        for table in tables {
            let sum = try await pages(of: table, in: source) { page in
                try await target.writeRows(page, into: table)
            } progress: { progress(table.name, $0) }
            sourceSums.append(sum)
        }
        try await target.raiseCounters(try await source.counters())
        var results: [TableResult] = []
        for (table, (sourceRows, sourceSum)) in zip(tables, sourceSums) {
            let (targetRows, targetSum) = try await checksum(table, in: target)
            results.append(TableResult(table: table.name, sourceRows: sourceRows, targetRows: targetRows,
                                       sourceChecksum: sourceSum, targetChecksum: targetSum))
        }
        return results
    }

    /// The number of rows of a table and the SHA-256 of their canonical texts in key order (cells separated by a
    /// tab, rows ended by a newline): equal on two backends exactly when they hold the same rows.
    public static func checksum(_ table: StoredTable, in store: any StoreTransfer) async throws -> (rows: Int, sha256: String) {
        try await pages(of: table, in: store) { _ in }
    }

    /// Reads every row of a table in key order, page by page, hands each page to `each`, and returns the row count
    /// and the SHA-256 of the rows' canonical texts.
    static func pages(of table: StoredTable, in store: any StoreTransfer, _ each: ([[StoredCell]]) async throws -> Void,
                      progress: (Int) -> Void = { _ in }) async throws -> (rows: Int, sha256: String) {
        var hasher = SHA256()
        var after: [StoredCell]?
        var n = 0
        while true {
            let page = try await store.rows(of: table, after: after, limit: pageSize)
            if page.isEmpty { break }
            for row in page {
                hasher.update(data: Data((row.map(\.canonical).joined(separator: "\t") + "\n").utf8))
            }
            try await each(page)
            n += page.count
            progress(n)
            guard page.count == pageSize, let last = page.last else { break }
            after = table.keyIndices.map { last[$0] }
        }
        return (n, hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
