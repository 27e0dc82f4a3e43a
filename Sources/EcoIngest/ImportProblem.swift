public import EcoCore
public import EcoKit
import Foundation

/// One problem in an imported file, printed as `FILE:LINE:COLUMN: reason`.
public struct ImportProblem: Sendable, Hashable {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        case unreadable(String)
        case emptyFile
        case missingColumn(String)
        case unknownColumn(String)
        case duplicateColumn(String)
        case fieldCount(expected: Int, found: Int)
        case badRegionCode(String)
        case unknownRegion(String)
        case regionNotValid(String, year: Int, validTo: String?, validFrom: String?)
        case unknownIndicator(String, framework: String)
        case notApplicable(indicator: String, level: RegionLevel)
        case badYear(String)
        case yearOutOfRange(Int)
        case badValue(ValueProblem)
        case duplicateRow(firstLine: Int)
        case badFlag(String, expected: [String])
    }

    /// The file as named.
    public let file: String
    /// The physical line, counted from 1 (blank lines and line breaks inside quotes included).
    public let line: Int
    /// The column, counted from 1.
    public let column: Int
    /// What is wrong.
    public let kind: Kind
    /// The sheet, when the file was a workbook: `line` is then the sheet's row and `column` its column.
    public var sheet: String? = nil

    /// Creates a problem.
    public init(file: String, line: Int, column: Int, kind: Kind) {
        self.file = file
        self.line = line
        self.column = column
        self.kind = kind
    }

    /// The kind of problem as a stable key (`badValue`, `unknownRegion`…), for counting problems by reason.
    public var reason: String {
        switch kind {
        case .unreadable: return "unreadable"
        case .emptyFile: return "emptyFile"
        case .missingColumn: return "missingColumn"
        case .unknownColumn: return "unknownColumn"
        case .duplicateColumn: return "duplicateColumn"
        case .fieldCount: return "fieldCount"
        case .badRegionCode: return "badRegionCode"
        case .unknownRegion: return "unknownRegion"
        case .regionNotValid: return "regionNotValid"
        case .unknownIndicator: return "unknownIndicator"
        case .notApplicable: return "notApplicable"
        case .badYear: return "badYear"
        case .yearOutOfRange: return "yearOutOfRange"
        case .badValue: return "badValue"
        case .duplicateRow: return "duplicateRow"
        case .badFlag: return "badFlag"
        }
    }

    /// How many problems of each reason a list holds.
    public static func countsByReason(_ problems: [ImportProblem]) -> [String: Int] {
        var out: [String: Int] = [:]
        for p in problems { out[p.reason, default: 0] += 1 }
        return out
    }

    /// `FILE:LINE:COLUMN: reason`, the format compilers use, so editors can jump to the cell; `FILE!SHEET!D7:
    /// reason` in a workbook.
    public func formatted(_ lang: Language) -> String {
        TabularFile.location(file: file, sheet: sheet, line: line, column: column) + ": \(message(lang))"
    }

    /// The reason alone, in `lang`.
    public func message(_ lang: Language) -> String {
        let zh = lang == .zh
        switch kind {
        case .unreadable(let why): return zh ? "无法读取文件：\(why)" : "cannot read the file: \(why)"
        case .emptyFile:
            return zh ? "文件为空，第一行应为表头 region,indicator,year,value" : "the file is empty; expected a header line region,indicator,year,value"
        case .missingColumn(let c): return zh ? "表头缺少必需的列“\(c)”" : "the header lacks the required column '\(c)'"
        case .unknownColumn(let c):
            return zh ? "未知的列“\(c)”（可用：\(ObservationCSV.knownColumnList)）" : "unknown column '\(c)' (known: \(ObservationCSV.knownColumnList))"
        case .duplicateColumn(let c): return zh ? "列“\(c)”出现了两次" : "column '\(c)' appears twice"
        case .fieldCount(let e, let f):
            return zh ? "应有 \(e) 个字段，实际 \(f) 个" : "expected \(e) fields, found \(f)"
        case .badRegionCode(let t): return zh ? "“\(t)”不是6位行政区划代码" : "'\(t)' is not a 6-digit division code"
        case .unknownRegion(let t): return zh ? "未知的行政区划代码 \(t)" : "unknown division code \(t)"
        case .regionNotValid(let code, let year, let to, let from):
            if let to { return zh ? "区划代码 \(code) 已于 \(to) 撤销，不能填报 \(year) 年数据" : "division code \(code) was retired on \(to); it has no \(year) data" }
            return zh ? "区划代码 \(code) 自 \(from ?? "?") 起才有效，不能填报 \(year) 年数据" : "division code \(code) is valid only from \(from ?? "?"); it has no \(year) data"
        case .unknownIndicator(let id, let fw):
            return zh ? "指标“\(id)”不在指标体系 \(fw) 中" : "indicator '\(id)' is not in framework \(fw)"
        case .notApplicable(let id, let level):
            return zh ? "指标 \(id) 不适用于\(level.name.zh)级" : "indicator \(id) does not apply at \(level.name.en) level"
        case .badYear(let t): return zh ? "年份“\(t)”不是整数" : "year '\(t)' is not a whole number"
        case .yearOutOfRange(let y):
            return zh ? "年份 \(y) 超出 \(ValueRules.years.lowerBound)—\(ValueRules.years.upperBound)" : "year \(y) is outside \(ValueRules.years.lowerBound)–\(ValueRules.years.upperBound)"
        case .badValue(let p): return p.message(lang)
        case .badFlag(let t, let expected):
            return zh ? "“\(t)”无效（应为：\(expected.joined(separator: "、"))）" : "'\(t)' is not valid here (expected one of: \(expected.joined(separator: ", ")))"
        case .duplicateRow(let first):
            return zh ? "与第 \(first) 行的地区、指标、年份重复" : "same region, indicator and year as line \(first)"
        }
    }
}
