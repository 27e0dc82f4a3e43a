/// One refused row or file of a monitoring file (air, water), located: `FILE:LINE:COLUMN: message`.
public struct FileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file as named on the command line.
    public let file: String
    /// The physical line, counted from 1.
    public let line: Int
    /// The field, counted from 1.
    public let column: Int
    /// What is wrong and what was expected.
    public let message: String
    /// `FILE:LINE:COLUMN: message`.
    public var description: String { "\(file):\(line):\(column): \(message)" }

    /// Creates a problem.
    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }
}
