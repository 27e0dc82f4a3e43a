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

    /// The longest field accepted, in bytes of UTF-8: a yearly figure, a name or a note; a longer one is a broken
    /// file (a quote never closed swallowing the lines after it) or not a CSV at all.
    static let maxFieldBytes = 10_000

    /// A file that cannot be split into records, located where the trouble starts.
    struct Failure: Error, CustomStringConvertible {
        let line: Int
        let column: Int
        let reason: String
        var description: String { reason }
    }

    /// Checks what CSV.swift would take silently (RFC 4180 quoting): a quote opened and never closed — which would
    /// swallow the rest of the file into one field —, a NUL byte, a field longer than `maxFieldBytes`.
    static func scan(_ text: String) throws {
        var line = 1, column = 1, fieldBytes = 0
        var inQuotes = false, atFieldStart = true
        var quoteLine = 0, fieldLine = 1, fieldColumn = 1
        var it = text.utf8.makeIterator()
        var pending: UInt8? = nil
        while let b = pending ?? it.next() {
            pending = nil
            if b == 0 { throw Failure(line: line, column: column, reason: "line \(line) holds a NUL byte: this is not a text CSV file") }
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if let n = it.next() {
                        if n == UInt8(ascii: "\"") { fieldBytes += 1; continue }   // "" inside quotes
                        pending = n
                    }
                    inQuotes = false
                    continue
                }
                if b == 10 { line += 1 }
                fieldBytes += 1
            } else if b == UInt8(ascii: ",") {
                fieldBytes = 0; atFieldStart = true; column += 1; fieldLine = line; fieldColumn = column
                continue
            } else if b == 10 {
                line += 1; column = 1; fieldBytes = 0; atFieldStart = true; fieldLine = line; fieldColumn = 1
                continue
            } else if b == UInt8(ascii: "\""), atFieldStart {
                inQuotes = true; quoteLine = line
            } else if b != 13 {
                fieldBytes += 1
            }
            atFieldStart = false
            if fieldBytes > maxFieldBytes {
                throw Failure(line: fieldLine, column: fieldColumn,
                              reason: "the field starting on line \(fieldLine) is longer than \(maxFieldBytes) bytes")
            }
        }
        if inQuotes {
            throw Failure(line: quoteLine, column: fieldColumn,
                          reason: "the quote opened on line \(quoteLine) is never closed (it would swallow the rest of the file)")
        }
    }

    init(text: String) throws {
        try Self.scan(text)
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
