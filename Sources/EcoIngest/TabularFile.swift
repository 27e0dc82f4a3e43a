import EcoSheet
public import Foundation

/// An import file as every reader takes it: a CSV file as it is, or one sheet of an .xlsx workbook turned into the
/// same CSV — so a workbook passes exactly the validation a CSV file does — with the way back from the CSV's lines to
/// the sheet's rows, so that each problem names its cell as `FILE!SHEET!D7`.
///
/// A workbook is recognised by its bytes (a ZIP package), not by its name. The first sheet is read unless a sheet is
/// named. Each cell becomes its `CellValue.csvText`: text as typed, numbers to Excel's 15 significant digits in plain
/// notation, dates `YYYY-MM-DD`, booleans `true`/`false`. A cell holding an error (`#N/A`) or a formula without a
/// cached value refuses the file, naming every such cell.
public struct TabularFile: Sendable {
    /// The CSV bytes for the reader.
    public let data: Data
    /// The file as named.
    public let file: String
    /// The sheet read, when the file was a workbook.
    public let sheet: String?
    /// For a workbook: the sheet row that CSV line k (from 1) belongs to, at index k − 1.
    let rowOfLine: [Int]

    /// Opens `data`: a workbook's sheet (the first, or `sheet`) or CSV bytes unchanged. A workbook that cannot be
    /// read, a missing sheet or cells without a value are the problems returned.
    public static func open(_ data: Data, file: String, sheet wanted: String? = nil) -> Result<TabularFile, FileProblems> {
        guard XLSXReader.looksLikeXLSX(data) else {
            if let wanted {
                return .failure(FileProblems([FileProblem(file: file, line: 1, column: 1, message: "--sheet '\(wanted.prefix(40))' was given but the file is not an .xlsx workbook")]))
            }
            return .success(TabularFile(data: data, file: file, sheet: nil, rowOfLine: []))
        }
        let sheet: Sheet
        do { sheet = try XLSXReader.sheet(data, named: wanted) } catch {
            return .failure(FileProblems([FileProblem(file: file, line: 1, column: 1, message: error.description)]))
        }
        var problems: [FileProblem] = []
        var csv = ""
        var rowOfLine: [Int] = []
        let rows = sheet.rows
        let width = rows.first?.cells.count ?? 0
        for (row, cells) in rows {
            var fields: [String] = []
            for (i, cell) in cells.enumerated() {
                guard let cell else { fields.append(""); continue }
                guard let text = cell.csvText else {
                    let why: String
                    switch cell {
                    case .error(let e): why = "the cell holds the error \(e.prefix(20)); put a value in it"
                    case .formulaWithoutValue(let f): why = "the cell has the formula =\(f.prefix(60)) but no computed value (the file was saved by a tool that does not calculate): open it in Excel or WPS and save it, or paste the values"
                    default: why = "the cell has no value"
                    }
                    var p = FileProblem(file: file, line: row, column: i + 1, message: why)
                    p.sheet = sheet.name
                    problems.append(p)
                    fields.append("")
                    continue
                }
                fields.append(text.isEmpty ? "" : "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
            }
            while fields.count < width { fields.append("") }
            let record = fields.joined(separator: ",")
            let lines = 1 + record.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
            rowOfLine += Array(repeating: row, count: lines)
            csv += record + "\n"
        }
        guard problems.isEmpty else { return .failure(FileProblems(problems)) }
        return .success(TabularFile(data: Data(csv.utf8), file: file, sheet: sheet.name, rowOfLine: rowOfLine))
    }

    /// The problem as found in the CSV, placed on the sheet.
    public func locate(_ p: FileProblem) -> FileProblem {
        guard let sheet else { return p }
        var out = FileProblem(file: p.file, line: row(p.line), column: p.column, message: p.message)
        out.sheet = sheet
        return out
    }

    /// The problem as found in the CSV, placed on the sheet.
    public func locate(_ p: ImportProblem) -> ImportProblem {
        guard let sheet else { return p }
        var out = ImportProblem(file: p.file, line: row(p.line), column: p.column, kind: p.kind)
        out.sheet = sheet
        return out
    }

    /// The sheet row of a CSV line; a line past the end (a problem "after the last row") is the row after the last.
    func row(_ line: Int) -> Int {
        if line >= 1, line <= rowOfLine.count { return rowOfLine[line - 1] }
        return (rowOfLine.last ?? 0) + 1
    }

    /// `FILE:LINE:COLUMN`, or `FILE!SHEET!D7` when the place is a sheet's cell.
    public static func location(file: String, sheet: String?, line: Int, column: Int) -> String {
        guard let sheet else { return "\(file):\(line):\(column)" }
        let cell = CellReference(column: max(column, 1), row: max(line, 1))?.description ?? "\(CellReference.letters(max(column, 1)))\(line)"
        return "\(file)!\(sheet)!\(cell)"
    }
}
