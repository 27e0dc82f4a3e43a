/// A cell's place on a sheet in A1 notation (ECMA-376 Part 1, §18.3.1.4 `c`, attribute `r`): column letters A…XFD
/// then the row number 1…1 048 576 — the largest sheet Excel opens.
public struct CellReference: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The column, counted from 1 (A = 1, Z = 26, AA = 27).
    public let column: Int
    /// The row, counted from 1.
    public let row: Int

    /// Excel's last column, XFD.
    public static let maxColumn = 16_384
    /// Excel's last row.
    public static let maxRow = 1_048_576

    /// A reference inside Excel's grid; nil outside it.
    public init?(column: Int, row: Int) {
        guard (1...Self.maxColumn).contains(column), (1...Self.maxRow).contains(row) else { return nil }
        self.column = column
        self.row = row
    }

    /// Parses `D7`, `XFD1048576`; nil for anything else (lower case, `$` anchors, a range, a number out of the grid).
    public init?(_ text: some StringProtocol) {
        var column = 0, row = 0, letters = 0, digits = 0
        for b in text.utf8 {
            if (65...90).contains(b) {
                guard digits == 0, letters < 3 else { return nil }
                column = column * 26 + Int(b - 64)
                letters += 1
            } else if (48...57).contains(b) {
                guard letters > 0, digits < 7, !(digits == 0 && b == 48) else { return nil }
                row = row * 10 + Int(b - 48)
                digits += 1
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        self.init(column: column, row: row)
    }

    /// The column's letters alone: 1 → A, 28 → AB.
    public static func letters(_ column: Int) -> String {
        var n = column, out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
            n = (n - 1) / 26
        }
        return String(out)
    }

    /// `D7`.
    public var description: String { Self.letters(column) + String(row) }

    /// Row-major order, as cells are stored in a sheet.
    public static func < (a: CellReference, b: CellReference) -> Bool {
        (a.row, a.column) < (b.row, b.column)
    }
}
