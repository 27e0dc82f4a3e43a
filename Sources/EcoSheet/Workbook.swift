public import EcoKit
import Foundation

/// What one cell holds once read: the types SpreadsheetML stores (ECMA-376 Part 1, §18.18.11 `ST_CellType`), with a
/// number shown as a date by its style turned into a date.
public enum CellValue: Sendable, Hashable {
    /// A shared string, an inline string or a formula's text result.
    case text(String)
    /// A number (IEEE double, as stored).
    case number(Double)
    /// A number whose style shows a fixed number of decimals (`0.0`, `#,##0.00`): what the user sees.
    case fixed(Double, decimals: Int)
    /// A number whose style formats it as a date (and time, when `seconds` is not nil).
    case date(CivilDay, seconds: Int?)
    /// A time of day with no date (a date-styled number below 1).
    case time(seconds: Int)
    /// A boolean.
    case bool(Bool)
    /// An error value such as `#DIV/0!` or `#N/A`.
    case error(String)
    /// A formula whose result was never computed and stored (the file was written by a tool that does not calculate).
    case formulaWithoutValue(String)

    /// The cell as the text a CSV file would hold; nil for an error or an uncomputed formula, which have no value.
    ///
    /// - Numbers: at most 15 significant digits — Excel's own precision, so that a typed 0.3 stored as
    ///   0.30000000000000004 reads 0.3 —, plain notation (no exponent), `.` as the decimal point.
    /// - A number styled with fixed decimals keeps them (38 shown as 38.0 reads `38.0`: the decimals reported are
    ///   part of the figure), unless the stored value has more digits than shown, which are kept rather than lost.
    /// - Dates `YYYY-MM-DD`, with ` HH:MM:SS` when the time is not midnight; times `HH:MM:SS`.
    /// - Booleans `true` / `false`.
    public var csvText: String? {
        switch self {
        case .text(let s): return s
        case .number(let d): return Self.plain(d)
        case .fixed(let d, let k):
            let shown = String(format: "%.\(min(max(k, 0), 15))f", d)
            return Double(shown).map(Self.plain) == Self.plain(d) ? shown : Self.plain(d)
        case .date(let day, let seconds):
            guard let s = seconds, s != 0 else { return day.description }
            return day.description + " " + Self.clock(s)
        case .time(let s): return Self.clock(s)
        case .bool(let b): return b ? "true" : "false"
        case .error, .formulaWithoutValue: return nil
        }
    }

    /// `d` in plain decimal notation rounded to 15 significant digits; nil-free (infinities never come out of a
    /// valid file: the reader refuses them).
    static func plain(_ d: Double) -> String {
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        let g = String(format: "%.15g", d)
        guard g.contains("e") || g.contains("E"), let dec = Decimal(string: g) else { return g }
        return NSDecimalNumber(decimal: dec).stringValue
    }

    static func clock(_ s: Int) -> String {
        String(format: "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
    }
}

/// One sheet as read: its name and its non-empty cells.
public struct Sheet: Sendable {
    /// The sheet's tab name.
    public let name: String
    /// The cells that hold something, by reference.
    public let cells: [CellReference: CellValue]

    /// Creates a sheet.
    public init(name: String, cells: [CellReference: CellValue]) {
        self.name = name
        self.cells = cells
    }

    /// The rows that hold a cell, in order, each with its cells from column A up to its last non-empty cell (the
    /// gaps as nil), so that column k of a row is index k − 1.
    public var rows: [(row: Int, cells: [CellValue?])] {
        var byRow: [Int: [Int: CellValue]] = [:]
        for (ref, v) in cells { byRow[ref.row, default: [:]][ref.column] = v }
        return byRow.keys.sorted().map { r in
            let row = byRow[r]!
            let width = row.keys.max() ?? 0
            return (r, (1...max(width, 1)).map { row[$0] })
        }
    }
}

/// A workbook as read: its sheets in tab order.
public struct Workbook: Sendable {
    /// The sheets, in the order of the tabs.
    public let sheets: [Sheet]

    /// Creates a workbook.
    public init(sheets: [Sheet]) { self.sheets = sheets }

    /// The sheet named `name` (exactly, as on its tab); nil when there is none.
    public func sheet(named name: String) -> Sheet? { sheets.first { $0.name == name } }
}

/// Why a workbook cannot be read: one sentence naming the part and what was expected.
public struct SheetError: Error, Sendable, CustomStringConvertible {
    /// The sentence.
    public let description: String
    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
