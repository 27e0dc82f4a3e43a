import Foundation

/// Text cells exchanged with spreadsheet users, safe both ways: an exported cell that a spreadsheet would run as a
/// formula is neutralised (OWASP's CSV-injection rule), and an imported one gets its neutralising quote back off,
/// so an export still imports to the same values.
public enum SpreadsheetText {
    /// The first characters that make Excel, WPS and LibreOffice read a cell as a formula or a command.
    public static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r"]

    /// `cell` as it may be written into a CSV or XLSX for people: a cell that starts with `= + - @`, a tab or a
    /// carriage return gets a leading `'` — unless it is a plain number of `StrictDecimal`'s grammar (`-3.5` is no
    /// formula and must stay a number).
    public static func neutralised(_ cell: String) -> String {
        guard let first = cell.first, triggers.contains(first) else { return cell }
        if case .success = StrictDecimal.parse(cell) { return cell }
        return "'" + cell
    }

    /// An imported text cell with the neutralising `'` of `neutralised` taken off again (only when what follows
    /// is a trigger character, so `'quoted'` stays as written). Spaces around the text are trimmed; tabs are kept,
    /// so `\t=1+1` is not turned into a formula.
    public static func restored(_ cell: String) -> String {
        let t = cell.trimmingSpacesOnly
        if t.first == "'", t.count > 1, let second = t.dropFirst().first, triggers.contains(second) { return String(t.dropFirst()) }
        return t
    }
}

extension String {
    /// The string without leading and trailing spaces, full-width spaces (U+3000) and no-break spaces — tabs and
    /// line ends are kept (text fields; see `SpreadsheetText.restored`).
    public var trimmingSpacesOnly: String {
        let scalars = unicodeScalars
        func isSpace(_ u: Unicode.Scalar) -> Bool { u == " " || u == "\u{3000}" || u == "\u{A0}" }
        guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return self }
        var lo = scalars.startIndex, hi = scalars.endIndex
        while lo < hi, isSpace(scalars[lo]) { lo = scalars.index(after: lo) }
        while hi > lo, isSpace(scalars[scalars.index(before: hi)]) { hi = scalars.index(before: hi) }
        return String(scalars[lo..<hi])
    }
}
