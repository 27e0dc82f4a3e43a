import CSV
import EcoCore
import Foundation

/// A parsed CSV text with the physical line number each record starts on, so that problems can be reported as
/// `FILE:LINE:COLUMN`. Parsing is CSV.swift's (RFC 4180 quoting); the line bookkeeping is ours because a quoted
/// field may span lines.
struct CSVTable {
    struct Record {
        let line: Int
        let fields: [String]
    }

    let records: [Record]

    init(text: String) throws {
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false)
        var out: [Record] = []
        var line = 1
        while let row = reader.next() {
            out.append(Record(line: line, fields: row))
            line += 1 + row.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
        }
        if let error = reader.error { throw error }
        records = out.filter { !($0.fields.count == 1 && $0.fields[0].trimmingCharacters(in: .whitespaces).isEmpty) }
    }
}
