import EcoCore
import EcoKit
import Foundation

/// A CSV file with a fixed header (the accounting files): the columns are found by name (any order), a missing
/// required column or an unknown one is refused, and each row is read with typed accessors that record one located
/// problem per bad cell (`FILE:LINE:COLUMN: reason`). Any problem refuses the whole file.
struct FixedTable {
    let file: String
    let header: [String]
    let col: [String: Int]
    let records: [CSVTable.Record]
    var problems: [FileProblem] = []

    /// Opens the table, checking the header against `required` and `optional` columns; nil with problems when it
    /// cannot be used.
    static func open(_ data: Data, file: String, required: [String], optional: [String] = []) -> Result<FixedTable, FileProblems> {
        let t: CSVTable
        switch WaterCSV.table(data, file: file) { case .success(let x): t = x; case .failure(let p): return .failure(FileProblems([p])) }
        guard let header = t.records.first?.fields.map({ $0.trimmedSpaces.lowercased() }) else {
            return .failure(FileProblems([FileProblem(file: file, line: 1, column: 1, message: "the file is empty: expected the header " + required.joined(separator: ","))]))
        }
        var problems: [FileProblem] = []
        var col: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            guard required.contains(h) || optional.contains(h) else {
                problems.append(FileProblem(file: file, line: 1, column: i + 1, message: "unknown column '\(h.prefix(40))' (expected " + (required + optional).joined(separator: ",") + ")"))
                continue
            }
            if col[h] != nil { problems.append(FileProblem(file: file, line: 1, column: i + 1, message: "column '\(h)' appears twice")) }
            col[h] = i
        }
        for c in required where col[c] == nil {
            problems.append(FileProblem(file: file, line: 1, column: 1, message: "the header lacks the column '\(c)' (the file starts \(required.joined(separator: ",")))"))
        }
        guard problems.isEmpty else { return .failure(FileProblems(problems)) }
        return .success(FixedTable(file: file, header: header, col: col, records: Array(t.records.dropFirst())))
    }

    /// Calls `body` with each non-empty row of the right width; a row of another width is a problem.
    mutating func rows(_ body: (inout Row) -> Void) {
        for rec in records {
            let f = rec.fields.map(\.trimmedSpaces)
            if f.allSatisfy(\.isEmpty) { continue }
            guard f.count == header.count else {
                problems.append(FileProblem(file: file, line: rec.line, column: min(f.count, header.count) + 1,
                                            message: "expected \(header.count) fields as in the header, found \(f.count)"))
                continue
            }
            var row = Row(file: file, line: rec.line, fields: f, col: col)
            body(&row)
            problems += row.problems
        }
    }

    /// One row's typed accessors.
    struct Row {
        let file: String
        let line: Int
        let fields: [String]
        let col: [String: Int]
        var problems: [FileProblem] = []

        /// The cell's text ("" when the column is absent).
        func text(_ name: String) -> String { col[name].map { fields[$0] } ?? "" }
        /// The optional `synthetic` column: true for `true`, `1` or `yes` (demo data).
        var synthetic: Bool { ["true", "1", "yes"].contains(text("synthetic").lowercased()) }
        /// True when the column is present.
        func has(_ name: String) -> Bool { col[name] != nil }

        mutating func bad(_ name: String, _ message: String) {
            problems.append(FileProblem(file: file, line: line, column: (col[name] ?? 0) + 1, message: message))
        }

        /// A required text of 1 to `max` characters.
        mutating func required(_ name: String, max: Int = 200) -> String {
            let v = text(name)
            if v.isEmpty || v.count > max { bad(name, "\(name) must be 1 to \(max) characters") }
            return v
        }

        /// A number in `range`; nil (with a problem unless `optional` and empty) otherwise.
        mutating func number(_ name: String, _ range: ClosedRange<Double>, unit: String = "", optional: Bool = false) -> Double? {
            let t = text(name)
            if t.isEmpty {
                if !optional { bad(name, "\(name) is empty: expected a number from \(NumberText.shortest(range.lowerBound)) to \(NumberText.shortest(range.upperBound))\(unit)") }
                return nil
            }
            switch StrictDecimal.parse(t) {
            case .failure(let p):
                bad(name, "\(name) '\(t.prefix(40))' is not a plain decimal: \(ValueProblem.reason(p, .en))"); return nil
            case .success(let v):
                guard range.contains(v) else {
                    bad(name, "\(name) \(t.prefix(40)) is outside \(NumberText.shortest(range.lowerBound)) to \(NumberText.shortest(range.upperBound))\(unit)"); return nil
                }
                return v
            }
        }

        /// A year from 2000 to 2100.
        mutating func year(_ name: String = "year") -> Int? {
            let t = text(name)
            guard let y = Int(t), (2000...2100).contains(y), String(y) == t else { bad(name, "year '\(t.prefix(40))' is not a year from 2000 to 2100"); return nil }
            return y
        }

        /// A current division code of the tree.
        mutating func region(_ name: String = "region", tree: RegionTree) -> RegionCode? {
            let t = text(name)
            guard let c = RegionCode(t), let r = tree[c], r.validTo == nil else { bad(name, "region '\(t.prefix(40))' is not a current division code"); return nil }
            return c
        }
    }
}

/// Problems that refuse a file, as one error.
/// Several located problems refusing one file.
public struct FileProblems: Error, Sendable {
    /// The problems, in file order.
    public let list: [FileProblem]
    /// Wraps the problems.
    public init(_ list: [FileProblem]) { self.list = list }
}
