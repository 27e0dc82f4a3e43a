/// One refused row or file of an imported file, located: `FILE:LINE:COLUMN: message` for a CSV file,
/// `FILE!SHEET!D7: message` for a sheet of a workbook (`TabularFile.locate`).
public struct FileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as named on the command line.
    public let file: String
    /// The physical line, counted from 1.
    public let line: Int
    /// The field, counted from 1.
    public let column: Int
    /// What is wrong and what was expected.
    public let message: String
    /// The sheet, when the file was a workbook: `line` is then the sheet's row and `column` its column.
    public var sheet: String? = nil
    /// `FILE:LINE:COLUMN: message`, or `FILE!SHEET!D7: message`.
    public var description: String { TabularFile.location(file: file, sheet: sheet, line: line, column: column) + ": \(message)" }

    /// Creates a problem.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
}
