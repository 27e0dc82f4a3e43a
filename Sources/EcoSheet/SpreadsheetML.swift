import EcoKit
import Foundation

// The parts of SpreadsheetML the reader needs, as XMLCoder decodes them: each struct names only the elements and
// attributes read (everything else in a part is skipped). Element and attribute names are the schema's.

/// xl/workbook.xml (§18.2.27 `workbook`).
struct WorkbookXML: Decodable {
    struct Pr: Decodable { let date1904: String? }
    struct SheetXML: Decodable {
        let name: String
        let rid: String?
        enum CodingKeys: String, CodingKey { case name, rid = "r:id" }
    }
    struct Sheets: Decodable { let sheet: [SheetXML]? }
    let workbookPr: Pr?
    let sheets: Sheets
}

/// A part's relationships (ECMA-376 Part 2, §9.3).
struct RelationshipsXML: Decodable {
    struct Rel: Decodable { let Id: String; let Target: String }
    let Relationship: [Rel]?
}

/// xl/sharedStrings.xml (§18.4.9 `sst`): each `si` is a plain `t` or rich-text runs `r`, each with its `t`; `rPh`
/// (phonetic guides) is not part of the text.
struct SharedStringsXML: Decodable {
    struct Text: Decodable {
        let value: String
        enum CodingKeys: String, CodingKey { case value = "" }
        init(from decoder: any Decoder) throws {
            // An empty <t/> decodes as no value.
            value = (try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .value)) ?? (try? decoder.singleValueContainer().decode(String.self)) ?? ""
        }
    }
    struct Run: Decodable { let t: Text? }
    struct Item: Decodable {
        let t: Text?
        let r: [Run]?
        var text: String { t?.value ?? (r ?? []).map { $0.t?.value ?? "" }.joined() }
    }
    let si: [Item]?
}

/// xl/styles.xml (§18.8.39 `styleSheet`): the custom number formats and the cell formats pointing at them.
struct StylesXML: Decodable {
    struct NumFmt: Decodable { let numFmtId: Int; let formatCode: String }
    struct NumFmts: Decodable { let numFmt: [NumFmt]? }
    struct Xf: Decodable { let numFmtId: Int? }
    struct CellXfs: Decodable { let xf: [Xf]? }
    let numFmts: NumFmts?
    let cellXfs: CellXfs?
}

/// A worksheet part (§18.3.1.99 `worksheet`): rows (`row`, §18.3.1.73) of cells (`c`, §18.3.1.4) with a value
/// `v`, a formula `f` and an inline string `is`.
struct WorksheetXML: Decodable {
    struct Formula: Decodable {
        let text: String?
        enum CodingKeys: String, CodingKey { case text = "" }
        init(from decoder: any Decoder) throws {
            text = (try? decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(String.self, forKey: .text)) ?? (try? decoder.singleValueContainer().decode(String.self))
        }
    }
    struct Cell: Decodable {
        let r: String?
        let t: String?
        let s: Int?
        let v: String?
        let f: Formula?
        let `is`: SharedStringsXML.Item?
    }
    struct Row: Decodable {
        let r: Int?
        let c: [Cell]?
    }
    struct SheetData: Decodable { let row: [Row]? }
    let sheetData: SheetData
}

/// Which cell styles show a number as a date.
enum StyleTable {
    /// The built-in number formats that are dates or times (§18.8.30: 14–22 and 45–47; 27–36 and 50–58 are the
    /// East Asian date formats Excel writes for zh-CN).
    static let builtinDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(50...58)

    /// The built-in fixed-decimal formats (§18.8.30): 1 `0`, 2 `0.00`, 3 `#,##0`, 4 `#,##0.00`.
    static let builtinFixed: [Int: Int] = [1: 0, 2: 2, 3: 0, 4: 2]

    /// The decimals a format code shows when it is a plain fixed-decimal format (`0`, `0.0`, `#,##0.000`); nil
    /// for anything else (percent, exponent, sections, text).
    static func fixedDecimals(_ code: String) -> Int? {
        guard code.range(of: #"^(#,##)?0(\.(0+))?$"#, options: .regularExpression) != nil else { return nil }
        guard let dot = code.firstIndex(of: ".") else { return 0 }
        return code.distance(from: dot, to: code.endIndex) - 1
    }

    /// The cellXfs indexes whose number format shows fixed decimals, with the decimals.
    static func fixedStyles(_ styles: StylesXML) -> [Int: Int] {
        var formats = builtinFixed
        for f in styles.numFmts?.numFmt ?? [] { formats[f.numFmtId] = fixedDecimals(f.formatCode) }
        var out: [Int: Int] = [:]
        for (i, xf) in (styles.cellXfs?.xf ?? []).enumerated() { if let k = formats[xf.numFmtId ?? 0] { out[i] = k } }
        return out
    }

    /// The indexes into cellXfs whose number format is a date.
    static func dateStyles(_ styles: StylesXML) -> Set<Int> {
        var dateFormats = builtinDateFormats
        for f in styles.numFmts?.numFmt ?? [] where isDateFormat(f.formatCode) { dateFormats.insert(f.numFmtId) }
        var out: Set<Int> = []
        for (i, xf) in (styles.cellXfs?.xf ?? []).enumerated() where dateFormats.contains(xf.numFmtId ?? 0) { out.insert(i) }
        return out
    }

    /// A custom format code is a date when, outside quoted text, `[...]` sections and `\`-escapes, it uses a date or
    /// time letter (y m d h s, or 年 月 日 written as literals around them).
    static func isDateFormat(_ code: String) -> Bool {
        var inQuote = false, inBracket = false, escaped = false
        for ch in code.lowercased() {
            if escaped { escaped = false; continue }
            switch ch {
            case "\\": escaped = true
            case "\"": inQuote.toggle()
            case "[" where !inQuote: inBracket = true
            case "]" where !inQuote: inBracket = false
            case "y", "m", "d", "h", "s":
                if !inQuote && !inBracket { return true }
            default: break
            }
        }
        return false
    }
}

/// A `c` element to its value.
enum Cells {
    /// The value of a cell; nil for an empty one. `at` names the cell in errors.
    static func value(_ c: WorksheetXML.Cell, strings: [String], dateStyles: Set<Int>, fixedStyles: [Int: Int] = [:], epoch1904: Bool, at: String) throws(SheetError) -> CellValue? {
        let type = c.t ?? "n"
        // Values other than text carry no meaningful spaces (the parts are decoded keeping them, for inline text).
        let c = WorksheetXML.Cell(r: c.r, t: c.t, s: c.s, v: type == "str" ? c.v : c.v?.trimmingCharacters(in: .whitespacesAndNewlines), f: c.f, is: c.is)
        if let f = c.f, (c.v ?? "").isEmpty, type != "inlineStr" {
            return .formulaWithoutValue(f.text ?? "(shared formula)")
        }
        let value: CellValue?
        switch type {
        case "s":
            guard let v = c.v, let i = Int(v), strings.indices.contains(i) else { throw SheetError("\(at): the shared string index '\(c.v?.prefix(12) ?? "")' is not in the workbook's \(strings.count) strings") }
            value = .text(strings[i])
        case "inlineStr":
            value = .text(c.is?.text ?? "")
        case "str":
            value = .text(c.v ?? "")
        case "b":
            guard let v = c.v, v == "0" || v == "1" else { throw SheetError("\(at): a boolean cell holds '\(c.v?.prefix(12) ?? "")' (expected 0 or 1)") }
            value = .bool(v == "1")
        case "e":
            value = .error(c.v ?? "#VALUE!")
        case "n", "d":
            guard let v = c.v else { return nil }
            if type == "d" {
                guard let day = CivilDay(String(v.prefix(10))) else { throw SheetError("\(at): the ISO date '\(v.prefix(24))' is not a date") }
                value = .date(day, seconds: nil)
            } else {
                guard let d = Double(v), d.isFinite else { throw SheetError("\(at): the number '\(v.prefix(24))' is not a finite number") }
                if dateStyles.contains(c.s ?? 0) { value = try date(d, epoch1904: epoch1904, at: at) }
                else if let k = fixedStyles[c.s ?? 0] { value = .fixed(d, decimals: k) }
                else { value = .number(d) }
            }
        default:
            throw SheetError("\(at): unknown cell type '\(type.prefix(12))' (expected s, inlineStr, str, n, b, e or d)")
        }
        if case .text(let s)? = value, s.count > XLSXReader.maxCellCharacters {
            throw SheetError("\(at): the text is longer than Excel's \(XLSXReader.maxCellCharacters) characters")
        }
        return value
    }

    /// A date serial to a date (§18.17.4.1): in the 1900 system serial 1 is 1900-01-01 and Excel counts a
    /// 1900-02-29 that never was (serial 60), so from serial 61 on the date is 1899-12-30 + serial; below 60 it is
    /// 1899-12-31 + serial. In the 1904 system serial 0 is 1904-01-01. The fraction is the time of day, rounded
    /// to the second. Serials before 1 (1900 system) are times of day.
    static func date(_ serial: Double, epoch1904: Bool, at: String) throws(SheetError) -> CellValue {
        guard serial >= 0, serial < 2_958_466 else { throw SheetError("\(at): the date serial \(serial) is outside 1900-01-01…9999-12-31") }
        var whole = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(whole)) * 86_400).rounded())
        if seconds == 86_400 { whole += 1; seconds = 0 }
        if !epoch1904 {
            if whole == 0 { return .time(seconds: seconds) }
            if whole == 60 { throw SheetError("\(at): the date serial 60 is 1900-02-29, a day that does not exist") }
            let base = whole > 60 ? CivilDay(year: 1899, month: 12, day: 30) : CivilDay(year: 1899, month: 12, day: 31)
            return .date(base.adding(whole), seconds: seconds == 0 ? nil : seconds)
        }
        return .date(CivilDay(year: 1904, month: 1, day: 1).adding(whole), seconds: seconds == 0 ? nil : seconds)
    }
}
