import EcoKit
import Foundation
import XMLCoder

extension OutXML {
    struct Pane: AttributeKeyed {
        let ySplit: Int; let topLeftCell: String; let activePane: String; let state: String
        static let attributes: Set<String> = ["ySplit", "topLeftCell", "activePane", "state"]
    }
    struct SheetView: AttributeKeyed {
        let workbookViewId: Int; let tabSelected: Int?; let pane: Pane?
        static let attributes: Set<String> = ["workbookViewId", "tabSelected"]
    }
    struct SheetViews: Encodable { let sheetView: SheetView }
    struct Col: AttributeKeyed {
        let min: Int; let max: Int; let width: Double; let style: Int; let customWidth: Int
        static let attributes: Set<String> = ["min", "max", "width", "style", "customWidth"]
    }
    struct Cols: Encodable { let col: [Col] }
    struct C: AttributeKeyed {
        let r: String; let s: Int; let t: String?; let v: String?
        static let attributes: Set<String> = ["r", "s", "t"]
    }
    struct Row: AttributeKeyed { let r: Int; let c: [C]; static let attributes: Set<String> = ["r"] }
    struct SheetData: Encodable { let row: [Row] }
    struct SheetProtection: AttributeKeyed {
        let sheet = 1; let objects = 1; let scenarios = 1; let formatColumns = 0; let formatRows = 0; let autoFilter = 0; let sort = 0
        static let attributes: Set<String> = ["sheet", "objects", "scenarios", "formatColumns", "formatRows", "autoFilter", "sort"]
    }
    struct DataValidation: AttributeKeyed {
        let type = "list"; let allowBlank = 1; let showErrorMessage = 1; let errorTitle: String; let error: String; let sqref: String
        let formula1: String
        static let attributes: Set<String> = ["type", "allowBlank", "showErrorMessage", "errorTitle", "error", "sqref"]
    }
    struct DataValidations: AttributeKeyed { let count: Int; let dataValidation: [DataValidation]; static let attributes: Set<String> = ["count"] }
    struct PageMargins: AttributeKeyed {
        let left = 0.7, right = 0.7, top = 0.75, bottom = 0.75, header = 0.3, footer = 0.3
        static let attributes: Set<String> = ["left", "right", "top", "bottom", "header", "footer"]
    }
    /// `worksheet`, its children in the schema's order (§18.3.1.99).
    struct Worksheet: Encodable {
        let sheetViews: SheetViews
        let cols: Cols?
        let sheetData: SheetData
        let sheetProtection: SheetProtection?
        let dataValidations: DataValidations?
        let pageMargins: PageMargins
    }

    static func worksheet(_ s: SheetSpec, strings: inout SharedStrings) -> Worksheet {
        var rows: [Row] = []
        rows.append(Row(r: 1, c: s.columns.enumerated().map { i, col in
            C(r: CellReference.letters(i + 1) + "1", s: 1, t: "s", v: String(strings.id(col.header)))
        }))
        for (k, data) in s.rows.enumerated() {
            let r = k + 2
            var cells: [C] = []
            for (i, col) in s.columns.enumerated() {
                let ref = CellReference.letters(i + 1) + String(r)
                let style = style(col.format, editable: col.editable)
                switch i < data.count ? data[i] : .empty {
                case .empty: break
                case .text(let t): cells.append(C(r: ref, s: style, t: "s", v: String(strings.id(t))))
                case .number(let d): cells.append(C(r: ref, s: style, t: nil, v: d.isFinite ? CellValue.plain(d) : nil))
                case .fixed(let d, let k):
                    cells.append(C(r: ref, s: OutXML.style(.decimals(k), editable: col.editable), t: nil, v: d.isFinite ? CellValue.plain(d) : nil))
                case .date(let day): cells.append(C(r: ref, s: OutXML.style(.date, editable: col.editable), t: nil, v: String(day.index - CivilDay(year: 1899, month: 12, day: 30).index)))
                case .bool(let b): cells.append(C(r: ref, s: style, t: "b", v: b ? "1" : "0"))
                }
            }
            rows.append(Row(r: r, c: cells))
        }
        let cols = s.columns.enumerated().map { i, col in
            Col(min: i + 1, max: i + 1, width: col.width ?? XLSXWriter.measuredWidth(col, index: i, rows: s.rows),
                style: style(col.format, editable: s.protected && col.editable), customWidth: 1)
        }
        let validations = s.validations.map { v -> DataValidation in
            let letters = CellReference.letters(v.column)
            let formula: String
            switch v.source {
            case .range(let r): formula = r
            case .values(let list): formula = "\"" + list.map { $0.replacingOccurrences(of: "\"", with: "\"\"") }.joined(separator: ",") + "\""
            }
            return DataValidation(errorTitle: "EcoProvince", error: XLSXWriter.xmlSafe(v.error), sqref: "\(letters)2:\(letters)\(max(v.lastRow, 2))", formula1: formula)
        }
        let hasView = !s.hidden
        return Worksheet(
            sheetViews: SheetViews(sheetView: SheetView(workbookViewId: 0, tabSelected: nil,
                                                        pane: s.freezeHeader && hasView ? Pane(ySplit: 1, topLeftCell: "A2", activePane: "bottomLeft", state: "frozen") : nil)),
            cols: cols.isEmpty ? nil : Cols(col: cols),
            sheetData: SheetData(row: rows),
            sheetProtection: s.protected ? SheetProtection() : nil,
            dataValidations: validations.isEmpty ? nil : DataValidations(count: validations.count, dataValidation: validations),
            pageMargins: PageMargins())
    }
}
