public import EcoKit

/// What to write into one sheet: its columns, its rows, and how a spreadsheet should present and protect them.
public struct SheetSpec: Sendable {
    /// How a column's numbers are shown.
    public enum Format: Sendable, Hashable {
        /// Excel's General.
        case general
        /// Text (`@`): what is typed stays text (division codes keep their digits).
        case text
        /// A number with exactly this many decimals (0 to 6), e.g. `0.0`.
        case decimals(Int)
        /// A date shown `yyyy-mm-dd`.
        case date
    }

    /// One column.
    public struct Column: Sendable {
        /// The header cell (row 1).
        public var header: String
        /// The width in characters; nil measures the header and the cells.
        public var width: Double?
        /// The number format of the data cells.
        public var format: Format
        /// On a protected sheet, whether the data cells may be edited (the header never may).
        public var editable: Bool

        /// Creates a column.
        public init(_ header: String, format: Format = .general, width: Double? = nil, editable: Bool = false) {
            self.header = header
            self.format = format
            self.width = width
            self.editable = editable
        }
    }

    /// A data cell.
    public enum Cell: Sendable, Hashable {
        case empty
        case text(String)
        case number(Double)
        /// A number shown with exactly these decimals (0 to 6), whatever the column's format.
        case fixed(Double, decimals: Int)
        /// A day, always shown `yyyy-mm-dd` (a date is a number only its style tells apart).
        case date(CivilDay)
        case bool(Bool)
    }

    /// A drop-down list on some cells of a column (§18.3.1.32 `dataValidation`, type list).
    public struct Validation: Sendable {
        /// The column, counted from 1.
        public var column: Int
        /// The last row it covers (from row 2).
        public var lastRow: Int
        /// The list: a range such as `'lists'!$A$2:$A$118`, or values written inline (at most 255 characters in all).
        public var source: Source
        /// The message shown when a typed value is not on the list.
        public var error: String

        /// Where the allowed values are.
        public enum Source: Sendable {
            case range(String)
            case values([String])
        }

        /// Creates a validation.
        public init(column: Int, lastRow: Int, source: Source, error: String) {
            self.column = column
            self.lastRow = lastRow
            self.source = source
            self.error = error
        }
    }

    /// The tab's name: 1 to 31 characters, none of `[ ] : * ? / \`.
    public var name: String
    /// The columns, from A.
    public var columns: [Column]
    /// The data rows (row 2 on), each as wide as `columns` at most.
    public var rows: [[Cell]]
    /// Freeze the header row so it stays in view.
    public var freezeHeader: Bool = true
    /// Protect the sheet (no password): only the `editable` columns' data cells may be changed — the rows below the
    /// data too, since the column carries the unlocked style.
    public var protected: Bool = false
    /// Hide the tab (lists the validations read from).
    public var hidden: Bool = false
    /// Drop-down lists.
    public var validations: [Validation] = []

    /// Creates a sheet.
    public init(name: String, columns: [Column], rows: [[Cell]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}
