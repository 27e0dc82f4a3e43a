public import EcoKit
public import Foundation
import XMLCoder
import ZIPFoundation

/// Reads an Office Open XML workbook (.xlsx; ECMA-376 Part 1 SpreadsheetML, Part 2 packaging) into typed cells. The
/// ZIP package is ZIPFoundation's and each XML part is decoded by XMLCoder; what is ours is the SpreadsheetML meaning:
/// the workbook's sheet list and relationships, shared strings (rich-text runs joined, phonetic runs left out), cell
/// types, the styles that make a number a date, and the 1900/1904 date systems.
///
/// Limits, so that no file makes it run out of memory: each part at most `maxPartBytes` once inflated (counted while
/// inflating, so a ZIP that lies about its sizes is stopped too), a cell's text at most 32 767 characters (Excel's
/// limit), references inside Excel's grid.
public enum XLSXReader {
    /// The largest XML part accepted, inflated.
    public static let maxPartBytes = 64 << 20
    /// Excel's limit on a cell's text.
    public static let maxCellCharacters = 32_767

    /// True when `data` starts like a ZIP file (`PK\3\4`): what an .xlsx is.
    public static func looksLikeXLSX(_ data: Data) -> Bool {
        data.count >= 4 && data.prefix(4).elementsEqual([0x50, 0x4B, 0x03, 0x04])
    }

    /// The names of the sheets, in tab order.
    public static func sheetNames(_ data: Data) throws(SheetError) -> [String] {
        try Package(data).sheetList().map(\.name)
    }

    /// Reads one sheet: the one named `name`, or the first when `name` is nil.
    public static func sheet(_ data: Data, named name: String? = nil) throws(SheetError) -> Sheet {
        let pkg = try Package(data)
        let list = try pkg.sheetList()
        guard let entry = name.map({ n in list.first { $0.name == n } }) ?? list.first else {
            if let name { throw SheetError("the workbook has no sheet named '\(name.prefix(40))' (its sheets: \(list.map(\.name).joined(separator: ", ")))") }
            throw SheetError("the workbook has no sheet")
        }
        return try pkg.read(entry)
    }

    /// Reads the first sheet of a package given as its parts by path (`xl/workbook.xml`, …), without the ZIP layer:
    /// for the fuzz target, which reaches the SpreadsheetML parsing with XML it varies directly.
    public static func sheet(parts: [String: Data]) throws(SheetError) -> Sheet {
        let pkg = Package(parts: parts)
        guard let first = try pkg.sheetList().first else { throw SheetError("the workbook has no sheet") }
        return try pkg.read(first)
    }

    /// Reads every sheet.
    public static func workbook(_ data: Data) throws(SheetError) -> Workbook {
        let pkg = try Package(data)
        var out: [Sheet] = []
        for e in try pkg.sheetList() { out.append(try pkg.read(e)) }
        return Workbook(sheets: out)
    }

    // MARK: - the package

    struct SheetEntry { let name: String; let path: String }

    /// The package. ZIPFoundation's in-memory archive traps when a damaged directory points past the end of the
    /// data (`Archive.MemoryFile.readData` forms a negative range; found by the xlsx fuzz target, kept in
    /// Fuzz/Crashes), so the bytes go to a private temporary file first and the archive reads that file, where a
    /// read past the end is a short read and an error.
    final class Package {
        let archive: Archive?
        let given: [String: Data]
        let temporary: URL?

        init(_ data: Data) throws(SheetError) {
            guard XLSXReader.looksLikeXLSX(data) else { throw SheetError("the file is not an .xlsx workbook (it does not start as a ZIP package)") }
            if let why = ZIPBounds.problem(data) { throw SheetError(why) }
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("ecoprov-xlsx-\(UUID().uuidString).zip")
            guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
                throw SheetError("the workbook could not be staged in the temporary directory \(FileManager.default.temporaryDirectory.path)")
            }
            temporary = url
            given = [:]
            do { archive = try Archive(url: url, accessMode: .read) } catch {
                try? FileManager.default.removeItem(at: url)
                throw SheetError("the .xlsx package cannot be opened as a ZIP file (\(error))")
            }
        }

        deinit { if let temporary { try? FileManager.default.removeItem(at: temporary) } }

        init(parts: [String: Data]) {
            archive = nil
            given = parts
            temporary = nil
        }

        /// The inflated bytes of a part, or nil when the package has no such part.
        func part(_ path: String) throws(SheetError) -> Data? {
            guard let archive else { return given[path] }
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(XLSXReader.maxPartBytes) else {
                throw SheetError("the part \(path) is larger than \(XLSXReader.maxPartBytes >> 20) MiB inflated")
            }
            var out = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    out.append(chunk)
                    if out.count > XLSXReader.maxPartBytes { throw SheetError("the part \(path) inflates past \(XLSXReader.maxPartBytes >> 20) MiB") }
                }
            } catch let e as SheetError { throw e } catch {
                throw SheetError("the part \(path) of the .xlsx package is damaged (\(error))")
            }
            return out
        }

        func decode<T: Decodable>(_ type: T.Type, _ path: String, keepSpaces: Bool = false) throws(SheetError) -> T? {
            guard let data = try part(path) else { return nil }
            // Foundation's XMLParser on Linux traps on a name that is not valid UTF-8 (found by the xlsx fuzz target),
            // and SpreadsheetML parts are UTF-8 with no document type: anything else is refused before parsing, which
            // also keeps entity expansion (a DTD's "billion laughs") out.
            guard String(validating: data, as: UTF8.self) != nil else { throw SheetError("the part \(path) is not UTF-8 text") }
            if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
                throw SheetError("the part \(path) declares a document type, which SpreadsheetML never does")
            }
            let d = XMLDecoder(trimValueWhitespaces: !keepSpaces, removeWhitespaceElements: true)
            do { return try d.decode(T.self, from: data) } catch {
                throw SheetError("the part \(path) is not the SpreadsheetML expected (\(Self.short(error)))")
            }
        }

        static func short(_ error: any Error) -> String {
            if case DecodingError.dataCorrupted(let c) = error { return c.debugDescription.prefix(120).description }
            if case DecodingError.typeMismatch(_, let c) = error { return "at " + c.codingPath.map(\.stringValue).joined(separator: "/") }
            if case DecodingError.keyNotFound(let k, _) = error { return "missing \(k.stringValue)" }
            return String(describing: error).prefix(120).description
        }

        /// The sheets named in xl/workbook.xml with their parts from xl/_rels/workbook.xml.rels.
        func sheetList() throws(SheetError) -> [SheetEntry] {
            guard let wb = try decode(WorkbookXML.self, "xl/workbook.xml") else { throw SheetError("the package has no xl/workbook.xml: it is not an .xlsx workbook") }
            let rels = try decode(RelationshipsXML.self, "xl/_rels/workbook.xml.rels")?.Relationship ?? []
            let targets = Dictionary(rels.map { ($0.Id, $0.Target) }, uniquingKeysWith: { a, _ in a })
            return try (wb.sheets.sheet ?? []).map { s throws(SheetError) in
                guard let rid = s.rid, let target = targets[rid] else { throw SheetError("the sheet '\(s.name.prefix(40))' has no part in the workbook's relationships") }
                let path = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
                return SheetEntry(name: s.name, path: path)
            }
        }

        /// The date system: true for 1904 (workbookPr/@date1904).
        func uses1904() throws(SheetError) -> Bool {
            let v = try decode(WorkbookXML.self, "xl/workbook.xml")?.workbookPr?.date1904
            return v == "1" || v == "true"
        }

        func read(_ entry: SheetEntry) throws(SheetError) -> Sheet {
            let strings = try (decode(SharedStringsXML.self, "xl/sharedStrings.xml", keepSpaces: true)?.si ?? []).map(\.text)
            let styles = try decode(StylesXML.self, "xl/styles.xml")
            let dateStyles = styles.map(StyleTable.dateStyles) ?? []
            let fixedStyles = styles.map(StyleTable.fixedStyles) ?? [:]
            let epoch1904 = try uses1904()
            guard let ws = try decode(WorksheetXML.self, entry.path, keepSpaces: true) else { throw SheetError("the sheet '\(entry.name.prefix(40))' has no part \(entry.path)") }
            var cells: [CellReference: CellValue] = [:]
            var lastRow = 0
            for row in ws.sheetData.row ?? [] {
                let r = row.r ?? lastRow + 1
                guard r > lastRow, r <= CellReference.maxRow else { throw SheetError("sheet '\(entry.name.prefix(40))': row \(r) is out of order or outside the sheet") }
                lastRow = r
                var lastColumn = 0
                for c in row.c ?? [] {
                    let ref: CellReference
                    if let text = c.r {
                        guard let parsed = CellReference(text), parsed.row == r, parsed.column > lastColumn else {
                            throw SheetError("sheet '\(entry.name.prefix(40))' row \(r): the cell reference '\(text.prefix(12))' is not a cell of that row after column \(CellReference.letters(lastColumn))")
                        }
                        ref = parsed
                    } else {
                        guard let next = CellReference(column: lastColumn + 1, row: r) else { throw SheetError("sheet '\(entry.name.prefix(40))' row \(r) has more cells than columns") }
                        ref = next
                    }
                    lastColumn = ref.column
                    let value = try Cells.value(c, strings: strings, dateStyles: dateStyles, fixedStyles: fixedStyles, epoch1904: epoch1904, at: "sheet '\(entry.name.prefix(40))' \(ref)")
                    if let value { cells[ref] = value }
                }
            }
            return Sheet(name: entry.name, cells: cells)
        }
    }
}
