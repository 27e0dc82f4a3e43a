import EcoKit
public import Foundation
import XMLCoder
import ZIPFoundation

/// Writes sheets as an Office Open XML workbook (.xlsx). The ZIP package is ZIPFoundation's (deflated parts) and
/// every XML part is encoded by XMLCoder from the structs in `SpreadsheetMLOut.swift`; what is ours is the choice
/// of parts: the workbook, one worksheet per sheet (frozen header, widths, number formats, protection, drop-down
/// lists), shared strings and one fixed style table.
public enum XLSXWriter {
    /// The workbook's bytes.
    public static func write(_ sheets: [SheetSpec]) throws(SheetError) -> Data {
        guard !sheets.isEmpty else { throw SheetError("a workbook needs at least one sheet") }
        guard sheets.contains(where: { !$0.hidden }) else { throw SheetError("a workbook needs one visible sheet") }
        var seen: Set<String> = []
        for s in sheets {
            try checkName(s.name)
            guard seen.insert(s.name.lowercased()).inserted else { throw SheetError("two sheets are named '\(s.name)'") }
            for (i, row) in s.rows.enumerated() where row.count > s.columns.count {
                throw SheetError("sheet '\(s.name)' row \(i + 2) has \(row.count) cells for \(s.columns.count) columns")
            }
        }
        var strings = SharedStrings()
        let worksheets = sheets.map { OutXML.worksheet($0, strings: &strings) }
        var parts: [(String, Data)] = []
        do {
            parts.append(("[Content_Types].xml", try OutXML.encode(OutXML.contentTypes(sheets.count), root: "Types", namespaces: ["xmlns": OutXML.nsContentTypes])))
            parts.append(("_rels/.rels", try OutXML.encode(OutXML.packageRels, root: "Relationships", namespaces: ["xmlns": OutXML.nsRelationships])))
            parts.append(("xl/workbook.xml", try OutXML.encode(OutXML.workbook(sheets), root: "workbook", namespaces: ["xmlns": OutXML.nsMain])))
            parts.append(("xl/_rels/workbook.xml.rels", try OutXML.encode(OutXML.workbookRels(sheets.count), root: "Relationships", namespaces: ["xmlns": OutXML.nsRelationships])))
            parts.append(("xl/styles.xml", try OutXML.encode(OutXML.styles, root: "styleSheet", namespaces: ["xmlns": OutXML.nsMain])))
            parts.append(("xl/sharedStrings.xml", try OutXML.encode(strings.xml, root: "sst", namespaces: ["xmlns": OutXML.nsMain])))
            for (i, ws) in worksheets.enumerated() {
                parts.append(("xl/worksheets/sheet\(i + 1).xml", try OutXML.encode(ws, root: "worksheet", namespaces: ["xmlns": OutXML.nsMain])))
            }
        } catch {
            throw SheetError("a part of the workbook could not be encoded (\(error))")
        }
        do {
            let archive = try Archive(data: Data(), accessMode: .create)
            // A fixed time stamp: the same tables give the same bytes (the metadata sheet carries the real time).
            let stamp = Date(timeIntervalSince1970: 1_577_836_800)
            for (path, data) in parts {
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: stamp,
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let out = archive.data else { throw SheetError("the ZIP package was not produced") }
            return out
        } catch let e as SheetError { throw e } catch {
            throw SheetError("the ZIP package could not be written (\(error))")
        }
    }

    /// A tab name Excel accepts: 1–31 characters, none of `[ ] : * ? / \`, not starting or ending with `'`.
    static func checkName(_ name: String) throws(SheetError) {
        guard (1...31).contains(name.count) else { throw SheetError("the sheet name '\(name.prefix(40))' must have 1 to 31 characters") }
        guard !name.contains(where: { "[]:*?/\\".contains($0) }), !name.hasPrefix("'"), !name.hasSuffix("'") else {
            throw SheetError("the sheet name '\(name)' holds one of [ ] : * ? / \\ or starts or ends with '")
        }
    }

    /// The width of a column in characters: the longest of its header and cells, a CJK character counting two,
    /// between 6 and 60.
    static func measuredWidth(_ column: SheetSpec.Column, index: Int, rows: [[SheetSpec.Cell]]) -> Double {
        func len(_ s: String) -> Int { s.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x2E80 ? 2 : 1) } }
        var w = len(column.header)
        for r in rows.prefix(2000) where index < r.count {
            switch r[index] {
            case .text(let s): w = max(w, len(s))
            case .number(let d): w = max(w, CellValue.plain(d).count)
            case .fixed(let d, let k): w = max(w, String(format: "%.\(min(max(k, 0), 6))f", d).count)
            case .date: w = max(w, 10)
            case .bool, .empty: break
            }
        }
        return Double(min(max(w + 2, 6), 60))
    }

    /// Characters XML 1.0 cannot carry (controls other than tab, line feed, carriage return) become U+FFFD.
    static func xmlSafe(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" || $0.value == 0xFFFE || $0.value == 0xFFFF }) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map {
            ($0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r") || $0.value == 0xFFFE || $0.value == 0xFFFF ? "\u{FFFD}" : $0
        }))
    }
}

/// The shared-string table being built: each distinct text once.
struct SharedStrings {
    var index: [String: Int] = [:]
    var list: [String] = []
    var uses = 0

    mutating func id(_ s: String) -> Int {
        uses += 1
        if let i = index[s] { return i }
        index[s] = list.count
        list.append(s)
        return list.count - 1
    }

    var xml: OutXML.SST {
        OutXML.SST(count: uses, uniqueCount: list.count, si: list.map { OutXML.SI(t: OutXML.TextNode($0)) })
    }
}
