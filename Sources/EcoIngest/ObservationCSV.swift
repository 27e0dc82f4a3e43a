import EcoAir
public import EcoCore
import EcoKit
public import Foundation

/// The long CSV format for yearly figures: `region,indicator,year,value[,source][,note]`.
///
/// - The first line is a header naming the columns, in any order; Chinese names are accepted too
///   (地区代码, 指标, 年份, 数值, 来源, 备注).
/// - The informational columns written by `ecoprov template` (region_name, indicator_name, unit, target,
///   previous) are read past, so a filled template can be imported as it is.
/// - `region` is a 6-digit division code; `indicator` an indicator id of the chosen framework; `year` 2000–2035;
///   `value` a plain decimal with `.` as decimal point (no `%`, no thousands separator), or a level such as 达标 for
///   qualitative indicators. An empty `source` becomes the file name.
/// - `certainty` (A, B-d or B) and `synthetic` (true/false) are optional; `export` writes them so that an export
///   imports back unchanged, flags included.
/// - UTF-8 (with or without BOM) or GB18030.
public enum ObservationCSV {
    static let required = ["region", "indicator", "year", "value"]
    static let optional = ["source", "note", "certainty", "synthetic"]
    static let informational = ["region_name", "indicator_name", "unit", "target", "previous"]
    static let aliases: [String: String] = [
        "地区代码": "region", "地区": "region", "指标": "indicator", "指标代码": "indicator", "年份": "year",
        "数值": "value", "值": "value", "来源": "source", "数据来源": "source", "备注": "note",
        "可信度": "certainty", "示例数据": "synthetic", "地区名称": "region_name", "指标名称": "indicator_name", "单位": "unit", "目标值": "target", "上年值": "previous",
    ]
    static var knownColumnList: String { (required + optional + informational).joined(separator: ", ") }

    /// The result of reading a file: the values to write, or the problems that forbid writing any of them.
    public struct Plan: Sendable {
        public var writes: [Observation]
        public var problems: [ImportProblem]
        public var rows: Int
        public var encoding: TextDecoding.Encoding?
    }

    /// Reads and validates a whole file. Nothing is written: the caller writes `plan.writes` in one transaction
    /// only when `plan.problems` is empty.
    public static func read(_ data: Data, file: String, framework: Framework, regions: RegionTree) -> Plan {
        let text: String
        let encoding: TextDecoding.Encoding
        do {
            (text, encoding) = try TextDecoding.decode(data)
        } catch {
            return Plan(writes: [], problems: [ImportProblem(file: file, line: 1, column: 1, kind: .unreadable("\(error)"))], rows: 0, encoding: nil)
        }
        let table: CSVTable
        do {
            table = try CSVTable(text: text)
        } catch let failure as CSVTable.Failure {
            return Plan(writes: [], problems: [ImportProblem(file: file, line: failure.line, column: failure.column,
                                                            kind: .unreadable(failure.reason))], rows: 0, encoding: encoding)
        } catch {
            return Plan(writes: [], problems: [ImportProblem(file: file, line: 1, column: 1, kind: .unreadable("\(error)"))], rows: 0, encoding: encoding)
        }
        var problems: [ImportProblem] = []
        guard let header = table.records.first else {
            return Plan(writes: [], problems: [ImportProblem(file: file, line: 1, column: 1, kind: .emptyFile)], rows: 0, encoding: encoding)
        }
        // Map header names to column indexes.
        var column: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            let name = raw.trimmedSpaces.lowercased()
            let canonical = aliases[name] ?? name
            guard (required + optional + informational).contains(canonical) else {
                problems.append(ImportProblem(file: file, line: header.line, column: i + 1, kind: .unknownColumn(raw)))
                continue
            }
            if column[canonical] != nil {
                problems.append(ImportProblem(file: file, line: header.line, column: i + 1, kind: .duplicateColumn(raw)))
            }
            column[canonical] = i
        }
        for r in required where column[r] == nil {
            problems.append(ImportProblem(file: file, line: header.line, column: header.fields.count + 1, kind: .missingColumn(r)))
        }
        guard problems.isEmpty, let cRegion = column["region"], let cIndicator = column["indicator"],
              let cYear = column["year"], let cValue = column["value"] else {
            return Plan(writes: [], problems: problems, rows: 0, encoding: encoding)
        }
        let cSource = column["source"], cNote = column["note"], cCertainty = column["certainty"], cSynthetic = column["synthetic"]
        let maxRequired = max(cRegion, cIndicator, cYear, cValue)

        var indicators: [String: Indicator] = [:]
        for ind in framework.indicators { indicators[ind.id] = ind }
        var seen: [ObservationKey: Int] = [:]
        var writes: [Observation] = []
        writes.reserveCapacity(table.records.count)
        let defaultSource = (file as NSString).lastPathComponent
        for rec in table.records.dropFirst() {
            func problem(_ col: Int, _ kind: ImportProblem.Kind) {
                problems.append(ImportProblem(file: file, line: rec.line, column: col + 1, kind: kind))
            }
            var f = rec.fields
            // A short row is accepted when only optional trailing columns are missing (hand-written files often
            // leave out an empty source or note); a missing required column or an extra field is an error.
            if f.count < header.fields.count, f.count > maxRequired {
                f += Array(repeating: "", count: header.fields.count - f.count)
            }
            guard f.count == header.fields.count else {
                problem(min(f.count, header.fields.count), .fieldCount(expected: header.fields.count, found: f.count))
                continue
            }
            let before = problems.count
            let regionText = f[cRegion].trimmedSpaces
            let indicatorText = f[cIndicator].trimmedSpaces
            let yearText = f[cYear].trimmedSpaces
            var region: Region?
            if let code = RegionCode(regionText) {
                region = regions[code]
                if region == nil { problem(cRegion, .unknownRegion(regionText)) }
            } else {
                problem(cRegion, .badRegionCode(regionText))
            }
            let indicator = indicators[indicatorText]
            if indicator == nil {
                problem(cIndicator, .unknownIndicator(indicatorText, framework: framework.id))
            } else if let region, let indicator, !indicator.applies(to: region.level) {
                problem(cIndicator, .notApplicable(indicator: indicator.id, level: region.level))
            }
            var year: Int?
            if let y = Int(yearText) {
                if ValueRules.years.contains(y) {
                    year = y
                    if let region, !region.isValid(inYear: y) {
                        problem(cRegion, .regionNotValid(region.code.rawValue, year: y, validTo: region.validTo, validFrom: region.validFrom))
                    }
                } else {
                    problem(cYear, .yearOutOfRange(y))
                }
            } else {
                problem(cYear, .badYear(yearText))
            }
            var value: ObservationValue?
            if let indicator {
                switch ValueRules.parse(f[cValue], for: indicator) {
                case .success(let v): value = v
                case .failure(let p): problem(cValue, .badValue(p))
                }
            }
            var certainty: Certainty?
            if let c = cCertainty, !f[c].trimmedSpaces.isEmpty {
                certainty = Certainty(rawValue: f[c].trimmedSpaces)
                if certainty == nil { problem(c, .badFlag(f[c], expected: Certainty.allCases.map(\.rawValue))) }
            }
            var synthetic = false
            if let c = cSynthetic {
                switch f[c].trimmedSpaces.lowercased() {
                case "", "false", "0", "否": synthetic = false
                case "true", "1", "是": synthetic = true
                default: problem(c, .badFlag(f[c], expected: ["true", "false"]))
                }
            }
            guard problems.count == before, let region, let indicator, let year, let value else { continue }
            let key = ObservationKey(framework: framework.id, indicator: indicator.id, region: region.code, year: year)
            if let first = seen[key] {
                problem(cYear, .duplicateRow(firstLine: first))
                continue
            }
            seen[key] = rec.line
            // Text fields keep a leading tab (stripping it would turn `\t=1+1` into a formula) and lose the `'` an
            // export put before a formula-like cell.
            let source = cSource.map { SpreadsheetText.restored(f[$0]) }.flatMap { $0.isEmpty ? nil : $0 } ?? defaultSource
            let note = cNote.map { SpreadsheetText.restored(f[$0]) }.flatMap { $0.isEmpty ? nil : $0 }
            writes.append(Observation(key: key,
                                           value: value, source: source, note: note, certainty: certainty, synthetic: synthetic))
        }
        return Plan(writes: problems.isEmpty ? writes : [], problems: problems, rows: table.records.count - 1, encoding: encoding)
    }
}
