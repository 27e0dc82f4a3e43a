import EcoKit
import Foundation
import XMLCoder

/// A struct whose listed coding keys are XML attributes (the rest are child elements, in declaration order — the
/// schema's sequence order, which Excel enforces).
protocol AttributeKeyed: Encodable, DynamicNodeEncoding {
    static var attributes: Set<String> { get }
}

extension AttributeKeyed {
    static func nodeEncoding(for key: any CodingKey) -> XMLEncoder.NodeEncoding {
        attributes.contains(key.stringValue) ? .attribute : .element
    }
}

/// The SpreadsheetML parts the writer produces (ECMA-376 Part 1 §18; packaging Part 2), as XMLCoder encodes them.
enum OutXML {
    static let nsMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let nsOfficeRels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let nsRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    static let nsContentTypes = "http://schemas.openxmlformats.org/package/2006/content-types"

    /// One root attribute at most goes through `rootAttributes` (a dictionary, whose order would vary from run to
    /// run); a second namespace is an attribute of the root struct.
    static func encode<T: Encodable>(_ value: T, root: String, namespaces: [String: String]) throws -> Data {
        precondition(namespaces.count <= 1)
        let e = XMLEncoder()
        e.outputFormatting = []
        return try e.encode(value, withRootKey: root, rootAttributes: namespaces,
                            header: XMLHeader(version: 1.0, encoding: "UTF-8", standalone: "yes"))
    }

    // MARK: packaging

    struct Default: AttributeKeyed { let Extension: String; let ContentType: String; static let attributes: Set<String> = ["Extension", "ContentType"] }
    struct Override: AttributeKeyed { let PartName: String; let ContentType: String; static let attributes: Set<String> = ["PartName", "ContentType"] }
    struct ContentTypes: Encodable { let Default: [Default]; let Override: [Override] }

    static func contentTypes(_ sheets: Int) -> ContentTypes {
        let base = "application/vnd.openxmlformats-officedocument.spreadsheetml."
        return ContentTypes(
            Default: [.init(Extension: "rels", ContentType: "application/vnd.openxmlformats-package.relationships+xml"),
                      .init(Extension: "xml", ContentType: "application/xml")],
            Override: [.init(PartName: "/xl/workbook.xml", ContentType: base + "sheet.main+xml"),
                       .init(PartName: "/xl/styles.xml", ContentType: base + "styles+xml"),
                       .init(PartName: "/xl/sharedStrings.xml", ContentType: base + "sharedStrings+xml")]
                + (1...sheets).map { .init(PartName: "/xl/worksheets/sheet\($0).xml", ContentType: base + "worksheet+xml") })
    }

    struct Relationship: AttributeKeyed { let Id: String; let `Type`: String; let Target: String; static let attributes: Set<String> = ["Id", "Type", "Target"] }
    struct Relationships: Encodable { let Relationship: [Relationship] }

    static let packageRels = Relationships(Relationship: [
        .init(Id: "rId1", Type: nsOfficeRels + "/officeDocument", Target: "xl/workbook.xml"),
    ])

    static func workbookRels(_ sheets: Int) -> Relationships {
        Relationships(Relationship: (1...sheets).map { .init(Id: "rId\($0)", Type: nsOfficeRels + "/worksheet", Target: "worksheets/sheet\($0).xml") }
            + [.init(Id: "rId\(sheets + 1)", Type: nsOfficeRels + "/styles", Target: "styles.xml"),
               .init(Id: "rId\(sheets + 2)", Type: nsOfficeRels + "/sharedStrings", Target: "sharedStrings.xml")])
    }

    // MARK: workbook

    struct SheetRef: AttributeKeyed {
        let name: String; let sheetId: Int; let state: String?; let rid: String
        enum CodingKeys: String, CodingKey { case name, sheetId, state, rid = "r:id" }
        static let attributes: Set<String> = ["name", "sheetId", "state", "r:id"]
    }
    struct Sheets: Encodable { let sheet: [SheetRef] }
    struct WorkbookView: AttributeKeyed { let activeTab: Int; static let attributes: Set<String> = ["activeTab"] }
    struct BookViews: Encodable { let workbookView: WorkbookView }
    struct Workbook: AttributeKeyed {
        let xmlnsR = OutXML.nsOfficeRels
        let bookViews: BookViews
        let sheets: Sheets
        enum CodingKeys: String, CodingKey { case xmlnsR = "xmlns:r", bookViews, sheets }
        static let attributes: Set<String> = ["xmlns:r"]
    }

    static func workbook(_ specs: [SheetSpec]) -> Workbook {
        Workbook(bookViews: BookViews(workbookView: WorkbookView(activeTab: specs.firstIndex { !$0.hidden } ?? 0)),
                 sheets: Sheets(sheet: specs.enumerated().map { i, s in
                     SheetRef(name: XLSXWriter.xmlSafe(s.name), sheetId: i + 1, state: s.hidden ? "hidden" : nil, rid: "rId\(i + 1)")
                 }))
    }

    // MARK: shared strings

    /// Text with `xml:space="preserve"`, so that leading and trailing spaces survive.
    struct TextNode: AttributeKeyed {
        let space = "preserve"
        let value: String
        init(_ value: String) { self.value = XLSXWriter.xmlSafe(value) }
        enum CodingKeys: String, CodingKey { case space = "xml:space", value = "" }
        static let attributes: Set<String> = ["xml:space"]
    }
    struct SI: Encodable { let t: TextNode }
    struct SST: AttributeKeyed { let count: Int; let uniqueCount: Int; let si: [SI]; static let attributes: Set<String> = ["count", "uniqueCount"] }

    // MARK: styles — one fixed table

    /// The formats in style order: General, Text, 0 to 6 decimals, date.
    static let formatOrder: [SheetSpec.Format] = [.general, .text] + (0...6).map { .decimals($0) } + [.date]

    /// The cellXfs index of a data cell: 0 is the default, 1 the header, then two per format (locked, editable).
    static func style(_ format: SheetSpec.Format, editable: Bool) -> Int {
        let f: SheetSpec.Format
        if case .decimals(let n) = format { f = .decimals(min(max(n, 0), 6)) } else { f = format }
        return 2 + (formatOrder.firstIndex(of: f) ?? 0) * 2 + (editable ? 1 : 0)
    }

    static func numFmtId(_ f: SheetSpec.Format) -> Int {
        switch f {
        case .general: return 0
        case .text: return 49
        case .decimals(let n): return 164 + n
        case .date: return 171
        }
    }

    struct NumFmt: AttributeKeyed { let numFmtId: Int; let formatCode: String; static let attributes: Set<String> = ["numFmtId", "formatCode"] }
    struct NumFmts: AttributeKeyed { let count: Int; let numFmt: [NumFmt]; static let attributes: Set<String> = ["count"] }
    struct Val: AttributeKeyed { let val: String; static let attributes: Set<String> = ["val"] }
    struct Font: Encodable { let b: Val?; let sz: Val; let name: Val }
    struct Fonts: AttributeKeyed { let count: Int; let font: [Font]; static let attributes: Set<String> = ["count"] }
    struct Color: AttributeKeyed { let rgb: String; static let attributes: Set<String> = ["rgb"] }
    struct PatternFill: AttributeKeyed { let patternType: String; let fgColor: Color?; static let attributes: Set<String> = ["patternType"] }
    struct Fill: Encodable { let patternFill: PatternFill }
    struct Fills: AttributeKeyed { let count: Int; let fill: [Fill]; static let attributes: Set<String> = ["count"] }
    struct Border: Encodable { let left: String; let right: String; let top: String; let bottom: String; let diagonal: String }
    struct Borders: AttributeKeyed { let count: Int; let border: [Border]; static let attributes: Set<String> = ["count"] }
    struct Protection: AttributeKeyed { let locked: Int; static let attributes: Set<String> = ["locked"] }
    struct Xf: AttributeKeyed {
        let numFmtId: Int; let fontId: Int; let fillId: Int; let borderId: Int; let xfId: Int?
        let applyNumberFormat: Int?; let applyFont: Int?; let applyFill: Int?; let applyProtection: Int?
        let protection: Protection?
        static let attributes: Set<String> = ["numFmtId", "fontId", "fillId", "borderId", "xfId", "applyNumberFormat", "applyFont", "applyFill", "applyProtection"]
    }
    struct Xfs: AttributeKeyed { let count: Int; let xf: [Xf]; static let attributes: Set<String> = ["count"] }
    struct Styles: Encodable { let numFmts: NumFmts; let fonts: Fonts; let fills: Fills; let borders: Borders; let cellStyleXfs: Xfs; let cellXfs: Xfs }

    static let styles: Styles = {
        let custom = (0...6).map { n in NumFmt(numFmtId: 164 + n, formatCode: n == 0 ? "0" : "0." + String(repeating: "0", count: n)) }
            + [NumFmt(numFmtId: 171, formatCode: "yyyy-mm-dd")]
        let base = Xf(numFmtId: 0, fontId: 0, fillId: 0, borderId: 0, xfId: nil, applyNumberFormat: nil, applyFont: nil, applyFill: nil, applyProtection: nil, protection: nil)
        var xfs = [Xf(numFmtId: 0, fontId: 0, fillId: 0, borderId: 0, xfId: 0, applyNumberFormat: nil, applyFont: nil, applyFill: nil, applyProtection: nil, protection: nil),
                   Xf(numFmtId: 49, fontId: 1, fillId: 2, borderId: 0, xfId: 0, applyNumberFormat: 1, applyFont: 1, applyFill: 1, applyProtection: nil, protection: nil)]
        for f in formatOrder {
            for editable in [false, true] {
                xfs.append(Xf(numFmtId: numFmtId(f), fontId: 0, fillId: 0, borderId: 0, xfId: 0, applyNumberFormat: 1, applyFont: nil, applyFill: nil,
                              applyProtection: editable ? 1 : nil, protection: editable ? Protection(locked: 0) : nil))
            }
        }
        return Styles(
            numFmts: NumFmts(count: custom.count, numFmt: custom),
            fonts: Fonts(count: 2, font: [Font(b: nil, sz: Val(val: "11"), name: Val(val: "等线")), Font(b: Val(val: "1"), sz: Val(val: "11"), name: Val(val: "等线"))]),
            fills: Fills(count: 3, fill: [Fill(patternFill: PatternFill(patternType: "none", fgColor: nil)), Fill(patternFill: PatternFill(patternType: "gray125", fgColor: nil)),
                                          Fill(patternFill: PatternFill(patternType: "solid", fgColor: Color(rgb: "FFDDE7F3")))]),
            borders: Borders(count: 1, border: [Border(left: "", right: "", top: "", bottom: "", diagonal: "")]),
            cellStyleXfs: Xfs(count: 1, xf: [base]),
            cellXfs: Xfs(count: xfs.count, xf: xfs))
    }()
}
