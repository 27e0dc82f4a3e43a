import CSV
import EcoAir
public import EcoCore
public import EcoKit
import EcoServices
import Foundation

/// Writes the files users take away: exports that import back unchanged, and fill-in templates.
public enum CSVOutput {
    /// The byte order mark that makes Excel on Chinese Windows open a UTF-8 CSV as UTF-8 (without it, it guesses
    /// GB18030 and shows mojibake). The importers skip it.
    public static let bom = "\u{FEFF}"

    /// All observations in the import format (`region,indicator,year,value,source,note,certainty,synthetic`),
    /// ordered by region, indicator and year, with a BOM. Importing the result into the same database changes nothing.
    public static func export(_ observations: [Observation]) throws -> String {
        try bom + write(header: ["region", "indicator", "year", "value", "source", "note", "certainty", "synthetic"], rows: observations.map { o in
            [o.key.region.rawValue, o.key.indicator, String(o.key.year), o.value.description, o.source ?? "", o.note ?? "",
             o.certainty?.rawValue ?? "", o.synthetic ? "true" : ""]
        })
    }

    /// A fill-in template: one row per region of `level` (optionally only under `parent`) and indicator that
    /// applies to it, for `year`, with names, unit, the 2025/2030 target and last year's value as reading aids.
    public static func template(framework: Framework, regions: RegionTree, level: RegionLevel, parent: RegionCode?,
                                year: Int, previous: [ObservationKey: ObservationValue], lang: Language) throws -> String {
        var rows: [[String]] = []
        let scope = regions.current(level: level).filter { r in
            parent == nil || regions.lineage(of: r.code).contains { $0.code == parent }
        }
        let milestone = framework.milestones.first { $0 >= year } ?? framework.milestones.last ?? year
        for r in scope {
            for ind in framework.orderedIndicators where ind.applies(to: level) {
                let target = ind.target(for: r.code, milestone: milestone, in: regions).map { DisplayFormat.target($0.value, ind) } ?? ""
                let prev = previous[ObservationKey(framework: framework.id, indicator: ind.id, region: r.code, year: year - 1)]?.description ?? ""
                rows.append([r.code.rawValue, r.name[lang], ind.id, ind.name[lang], ind.unit, String(year), "", "", "",
                             target.isEmpty ? "" : "\(milestone): \(target)", prev])
            }
        }
        return try bom + write(header: ["region", "region_name", "indicator", "indicator_name", "unit", "year", "value", "source", "note",
                                  "target", "previous"], rows: rows)
    }

    /// Any header and rows as CSV (RFC 4180 quoting by CSV.swift), every cell neutralised against formula
    /// injection (`SpreadsheetText.neutralised`).
    public static func write(header: [String], rows: [[String]]) throws -> String {
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        try writer.write(row: header.map(SpreadsheetText.neutralised))
        for r in rows { try writer.write(row: r.map(SpreadsheetText.neutralised)) }
        writer.stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { return "" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
